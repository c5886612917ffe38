/**
 * One process of the `npm start -- --all` pool: loads the program and the policy pack once, installs
 * Pulumi's runtime mocks once, then plans the stacks its parent sends, one at a time. Pulumi's runtime
 * state (mocks, config, the stack resource) is global to a process, so a process plans one stack at a
 * time; `runProgram` resets the mocks and the config before each, as the tests do between specs.
 */
import { PROJECT } from "../config/keys";
import { isBlocking } from "../policy/evaluate";
import { LEGS } from "../rules/adobe";
import type { Plan, PlanError, PolicyFinding } from "./plan";
import type { RecordingMocks } from "./mocks";
import { readStackFile, type StackConfig, StackFileError } from "./stackfile";

/** A stack to plan: its name (from Pulumi.<stack>.yaml) and its file. */
export interface StackTarget {
  readonly stack: string;
  readonly file: string;
  /** Why the stack is not planned at all (its file name is no stack name); the row says it. */
  readonly refusal?: string;
}

/** One row of the fleet summary (and one entry of `--all --json`). */
export interface FleetRow {
  readonly stack: string;
  readonly file: string;
  readonly cloud: string | null;
  readonly region: string | null;
  readonly topology: string | null;
  readonly environment: string | null;
  /** Each planned leg's handshake state (`customer-to-adobe`, `adobe-to-customer`); `{}` when not planned. */
  readonly legs: Readonly<Record<string, string>>;
  readonly resources: number;
  readonly mandatory: number;
  readonly advisory: number;
  /** The connection's next handshake step and what to do; null when not planned. */
  readonly next: { readonly step: string; readonly action: string } | null;
  /** Why the stack could not be planned: config errors, or an internal error of the planner. */
  readonly errors: readonly PlanError[];
  /** The policy findings that fail the stack (mandatory and remediate). */
  readonly blocking: readonly PolicyFinding[];
  /** Valid and no blocking finding. */
  readonly ok: boolean;
}

/** A message of the worker to its parent. */
export type WorkerReply = { readonly ready: true } | { readonly row: FleetRow } | { readonly bug: string };

function text(config: StackConfig, key: string): string | null {
  const value = config[`${PROJECT}:${key}`];
  return typeof value === "string" ? value : null;
}

function rawEnvironment(config: StackConfig): string | null {
  const adobe = config[`${PROJECT}:adobe`];
  const value = typeof adobe === "object" && adobe !== null ? (adobe as Record<string, unknown>).environment : undefined;
  return typeof value === "string" ? value : null;
}

/** A plan as one summary row. A stack that was not planned keeps what its file says. */
export function summarize(target: StackTarget, config: StackConfig, plan: Plan): FleetRow {
  const { report } = plan;
  const blocking = report.policies.filter((finding) => isBlocking(finding.enforcementLevel));
  const advisory = report.policies.filter((finding) => finding.enforcementLevel === "advisory").length;
  let legs: Record<string, string> = {};
  let next: FleetRow["next"] = null;
  if (plan.outputs !== undefined) {
    const { handshake } = plan.outputs;
    const entries = LEGS.flatMap((leg) => {
      const state = handshake.legs[leg];
      return state === undefined ? [] : [[leg, state] as const];
    });
    legs = Object.fromEntries(entries.map(([leg, state]) => [leg, state.state]));
    // The connection's next step is the one of the leg whose action it is (the earliest still open).
    const step = entries.find(([, state]) => state.next === handshake.next)?.[1].step ?? entries[0]?.[1].step ?? "";
    next = { step, action: handshake.next };
  }
  return {
    stack: target.stack,
    file: target.file,
    cloud: report.cloud,
    region: plan.settings?.region ?? text(config, "region"),
    topology: report.topology,
    environment: plan.settings?.adobe.environment ?? rawEnvironment(config),
    legs,
    resources: report.resources.length,
    mandatory: blocking.length,
    advisory,
    next,
    errors: report.errors,
    blocking,
    ok: report.errors.length === 0 && blocking.length === 0,
  };
}

/** Plans one stack file under `mocks` (installed with setMocks): its row; a bug propagates. */
export async function planTarget(mocks: RecordingMocks, target: StackTarget): Promise<FleetRow> {
  const { failedPlan, planStack } = await import("./plan");
  const { evaluatePlan } = await import("./plan-policies");
  let config: StackConfig;
  try {
    // Not through a link: --all reads what the directory named holds, never a file elsewhere.
    config = readStackFile(target.file, { followLinks: false });
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    return summarize(target, {}, failedPlan(target.stack, {}, [{ key: "(stack file)", message: error.message }]));
  }
  return summarize(target, config, await planStack(mocks, target.stack, config, evaluatePlan));
}

async function serve(): Promise<void> {
  // As for one stack's plan (tools/run.ts). The stack name is only the runtime's: each plan names
  // its own stack in its URNs.
  const mocks = await (await import("./run")).installMocks("fleet");
  let queue = Promise.resolve();
  process.on("message", (target: StackTarget) => {
    // One plan at a time, in the order they came.
    queue = queue.then(async () => {
      let reply: WorkerReply;
      try {
        reply = { row: await planTarget(mocks, target) };
      } catch (error) {
        reply = { bug: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      process.send?.(reply);
    });
  });
  process.send?.({ ready: true } satisfies WorkerReply);
}

if (require.main === module) void serve();
