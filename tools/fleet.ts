/**
 * `npm run fleet`: `pulumi preview`, `up` or `refresh` of many stacks through Pulumi's Automation API
 * (`@pulumi/pulumi/automation`): a LocalWorkspace over this project directory per stack (the stack
 * files are in stacks/, `stackConfigDir` of Pulumi.yaml), at most `concurrency` operations at a time,
 * the policy pack on every preview and update, one summary at the end. The engine, the state backend,
 * the providers and the cloud are the real CLI's: this file only orchestrates, against the Automation
 * API's own interfaces, so that the tests can drive it with a fake workspace.
 */
import type {
  LocalProgramArgs,
  LocalWorkspaceOptions,
  OpMap,
  PreviewOptions,
  PreviewResult,
  PulumiCommand,
  RefreshOptions,
  RefreshResult,
  UpOptions,
  UpResult,
} from "@pulumi/pulumi/automation";
import { join } from "node:path";
import { PROJECT_ROOT } from "./paths";
import type { StackTarget } from "./fleet-plan";
import { runPool } from "./pool";

export const OPERATIONS = ["preview", "up", "refresh"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What the fleet uses of an Automation API `Stack`. */
export interface FleetStack {
  readonly name: string;
  preview(opts?: PreviewOptions): Promise<PreviewResult>;
  up(opts?: UpOptions): Promise<UpResult>;
  refresh(opts?: RefreshOptions): Promise<RefreshResult>;
}

/** What the fleet uses of `LocalWorkspace`: its two static stack constructors, over a local program. */
export interface Workspaces {
  createOrSelectStack(args: LocalProgramArgs, opts?: LocalWorkspaceOptions): Promise<FleetStack>;
  selectStack(args: LocalProgramArgs, opts?: LocalWorkspaceOptions): Promise<FleetStack>;
}

export interface FleetOptions {
  readonly concurrency: number;
  readonly workspaces: Workspaces;
  /** The CLI found on PATH, handed to every workspace so none looks it up again. */
  readonly pulumiCommand?: PulumiCommand;
  /** Called as each stack ends, for progress. */
  readonly onDone?: (result: FleetResult) => void;
}

export interface FleetResult {
  readonly stack: string;
  readonly operation: Operation;
  readonly ok: boolean;
  /** The engine's count of changes by kind (create, update, same, ...); undefined when it failed. */
  readonly changes?: OpMap;
  /** Why it failed: the CLI's error lines. */
  readonly error?: string;
  readonly seconds: number;
}

/** The policy pack (policy/), enforced on every preview and update. */
export const POLICY_PACK = join(PROJECT_ROOT, "policy");

/** The CLI's own `error:` lines, else the first line of the message: one stack's failure, readably. */
export function failureText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim());
  const errors = lines.filter((line) => /^error:/i.test(line));
  return (errors.length > 0 ? [...new Set(errors)] : lines.filter(Boolean).slice(0, 1)).join(" ");
}

/** Runs one operation on one stack; a failure is the stack's result, never a throw. */
async function runOne(operation: Operation, target: StackTarget, options: FleetOptions): Promise<FleetResult> {
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  const args: LocalProgramArgs = { stackName: target.stack, workDir: PROJECT_ROOT };
  const workspace: LocalWorkspaceOptions = options.pulumiCommand ? { pulumiCommand: options.pulumiCommand } : {};
  if (target.refusal !== undefined) return { stack: target.stack, operation, ok: false, error: target.refusal, seconds: 0 };
  try {
    // A stack new in this change is created by its first preview or update; refresh needs one that exists.
    const stack =
      operation === "refresh"
        ? await options.workspaces.selectStack(args, workspace)
        : await options.workspaces.createOrSelectStack(args, workspace);
    let changes: OpMap | undefined;
    if (operation === "preview") changes = (await stack.preview({ policyPacks: [POLICY_PACK], color: "never" })).changeSummary;
    else if (operation === "up") changes = (await stack.up({ policyPacks: [POLICY_PACK], color: "never" })).summary.resourceChanges;
    else changes = (await stack.refresh({ color: "never" })).summary.resourceChanges;
    return { stack: target.stack, operation, ok: true, ...(changes ? { changes } : {}), seconds: seconds() };
  } catch (error) {
    return { stack: target.stack, operation, ok: false, error: failureText(error), seconds: seconds() };
  }
}

/** The operation on every stack, at most `concurrency` at a time; results in the targets' order. */
export function runFleet(operation: Operation, targets: readonly StackTarget[], options: FleetOptions): Promise<FleetResult[]> {
  return runPool(targets, options.concurrency, async (target) => {
    const result = await runOne(operation, target, options);
    options.onDone?.(result);
    return result;
  });
}

function describeChanges(changes: OpMap | undefined): string {
  const entries = Object.entries(changes ?? {}).filter(([, count]) => count > 0);
  return entries.length === 0 ? "no changes" : entries.map(([kind, count]) => `${kind} ${String(count)}`).join(", ");
}

/** One line per stack, then the totals. */
export function renderFleetResults(operation: Operation, results: readonly FleetResult[]): string {
  const width = Math.max(5, ...results.map((r) => r.stack.length));
  const lines = [`${"STACK".padEnd(width)}  RESULT  SECONDS  CHANGES OR ERROR`];
  for (const r of results) {
    const detail = r.ok ? describeChanges(r.changes) : (r.error ?? "failed");
    lines.push(`${r.stack.padEnd(width)}  ${(r.ok ? "ok" : "FAILED").padEnd(6)}  ${String(r.seconds).padStart(7)}  ${detail}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push("", `pulumi ${operation} of ${results.length} stacks: ${results.length - failed} ok, ${failed} failed.`);
  return `${lines.join("\n")}\n`;
}
