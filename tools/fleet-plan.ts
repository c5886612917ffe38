/**
 * `npm start -- --all`: the offline plan of every stack, in a bounded pool of worker processes
 * (tools/fleet-worker.ts), then one summary. Pulumi's runtime mocks are global to a process, so each
 * worker plans one stack at a time and the pool gives the parallelism. This file loads no Pulumi code.
 */
import { type ChildProcess, fork } from "node:child_process";
import { lstatSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { escapeInvisible } from "../config/problems";
import { UsageError } from "./cli";
import { isStackName } from "./paths";
import type { FleetRow, StackTarget, WorkerReply } from "./fleet-worker";
import { runPool } from "./pool";

export type { FleetRow, StackTarget };

const INTERNAL = "(internal error)";

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;
const WILDCARD = /[*?]/;

/**
 * Whether `name` matches `glob`, where `*` is any run of characters and `?` one character: the
 * classic backtracking of the last `*` only, so time stays within name x glob length whatever the
 * pattern (a RegExp of several `.*` can take exponential time).
 */
export function globMatch(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (glob[g] === "*") {
      star = g++;
      mark = n;
    } else if (g < glob.length && (glob[g] === "?" || glob[g] === name[n])) {
      g++;
      n++;
    } else if (star >= 0) {
      g = star + 1;
      n = ++mark;
    } else return false;
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}

/**
 * The stack files `spec` names: a directory (its `Pulumi.<stack>.yaml` files) or a glob whose wildcards
 * (`*`, `?`) are in the file name (`stacks/Pulumi.prod-*.yaml`). Sorted by stack name. A directory
 * that does not exist, wildcards in the directory, nothing matched or a stack given twice (`.yaml` and
 * `.yml`) is a usage error. What the directory lists is taken as it is: a file whose name is no stack
 * name is a target refused with the reason, and a symbolic link or anything but a regular file is
 * refused when the planner opens it (tools/stackfile.ts), so every match is reported.
 */
export function findStacks(spec: string): StackTarget[] {
  const isDirectory = statSync(spec, { throwIfNoEntry: false })?.isDirectory() === true;
  const dir = isDirectory ? spec : dirname(spec);
  const glob = isDirectory ? undefined : basename(spec);
  if (!isDirectory && !WILDCARD.test(spec) && lstatSync(spec, { throwIfNoEntry: false }) === undefined)
    throw new UsageError(`--stacks ${spec}: no such directory or stack file`);
  if (!isDirectory && WILDCARD.test(dir)) throw new UsageError(`--stacks ${spec}: wildcards only in the file name, not in the directory`);
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`--stacks ${spec}: no such directory ${dir}`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new UsageError(`--stacks ${spec}: cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  const targets: StackTarget[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    if (glob !== undefined && !globMatch(glob, name)) continue;
    const stack = STACK_FILE.exec(name)?.[1];
    if (stack === undefined) continue;
    const file = join(dir, name);
    if (!isStackName(stack)) {
      targets.push({
        stack: escapeInvisible(stack),
        file: escapeInvisible(file),
        refusal: `the file name gives the stack name "${escapeInvisible(stack)}": a stack name is letters, digits, -, _ and ., starting with a letter or digit; rename the file`,
      });
      continue;
    }
    const other = seen.get(stack);
    if (other !== undefined) throw new UsageError(`stack ${stack} has two files in ${dir}, ${other} and ${name}: keep one`);
    seen.set(stack, name);
    targets.push({ stack, file });
  }
  if (targets.length === 0) throw new UsageError(`--stacks ${spec}: no stack files (Pulumi.<stack>.yaml) there`);
  return targets.sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
}

/**
 * Workers: one per core, at most 4 (each holds the SDK, both providers' type modules and the program:
 * about 200 MB) and never more than stacks.
 */
export function defaultConcurrency(stacks: number): number {
  return Math.max(1, Math.min(availableParallelism(), 4, stacks));
}

/** Plans one stack in a worker. */
export interface Planner {
  plan(target: StackTarget): Promise<FleetRow>;
  close(): void;
}

/** The row of a stack that was not planned: `key` and `message` say why. */
export function failedRow(target: StackTarget, key: string, message: string): FleetRow {
  return {
    stack: target.stack,
    file: target.file,
    cloud: null,
    region: null,
    topology: null,
    environment: null,
    legs: {},
    resources: 0,
    mandatory: 0,
    advisory: 0,
    next: null,
    errors: [{ key, message }],
    blocking: [],
    ok: false,
  };
}

/** The row of a stack the planner failed on (a bug, not the stack's fault): reported, never dropped. */
export function internalErrorRow(target: StackTarget, detail: string): FleetRow {
  return failedRow(target, INTERNAL, `a bug in commerce-privatelink, not in your input; please report it: ${detail}`);
}

/**
 * How long one stack may take in a worker. A plan takes well under a second; a stack that takes this
 * long is stuck, and its worker is stopped so that the other stacks still get planned.
 */
export const PLAN_TIMEOUT_MS = 60_000;

/** A worker process: forked on first use, and again after one died or was stopped. */
export function processPlanner(timeoutMs = PLAN_TIMEOUT_MS): Planner {
  const script = join(__dirname, `fleet-worker${__filename.endsWith(".ts") ? ".ts" : ".js"}`);
  // From the TypeScript sources (the tests) the worker needs ts-node; from build/ it is plain Node.
  const execArgv = __filename.endsWith(".ts") ? ["-r", "ts-node/register/transpile-only"] : [];
  let child: ChildProcess | undefined;
  let ready: Promise<void> | undefined;
  let stderr = "";
  const start = (): Promise<void> => {
    stderr = "";
    const c = fork(script, [], { execArgv, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    c.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child = c;
    return new Promise((resolve, reject) => {
      c.once("message", () => resolve());
      c.once("exit", (code) => reject(new Error(`the planner process exited (${String(code)}) before it was ready\n${stderr}`)));
    });
  };
  return {
    async plan(target) {
      ready ??= start();
      try {
        await ready;
      } catch (error) {
        ready = undefined;
        return internalErrorRow(target, (error as Error).message);
      }
      const c = child as ChildProcess;
      return new Promise<FleetRow>((resolve) => {
        const timer = setTimeout(() => {
          c.off("exit", onExit);
          c.removeAllListeners("message");
          c.kill("SIGKILL");
          ready = undefined;
          resolve(
            failedRow(
              target,
              "(plan)",
              `not planned within ${timeoutMs / 1000} s, so its planner was stopped; plan it alone (npm start -- --config ${escapeInvisible(target.file)}) to see where it stops`,
            ),
          );
        }, timeoutMs);
        const onExit = (code: number | null): void => {
          clearTimeout(timer);
          ready = undefined;
          resolve(internalErrorRow(target, `the planner process exited (${String(code)}) while planning\n${stderr}`));
        };
        c.once("exit", onExit);
        c.once("message", (reply: WorkerReply) => {
          clearTimeout(timer);
          c.off("exit", onExit);
          if ("row" in reply) resolve(reply.row);
          else resolve(internalErrorRow(target, "bug" in reply ? reply.bug : "unexpected reply"));
        });
        c.send(target);
      });
    },
    close() {
      child?.kill();
    },
  };
}

/** Plans every stack with at most `concurrency` planners at a time; rows in the targets' order. */
export async function planFleet(
  targets: readonly StackTarget[],
  concurrency: number,
  newPlanner: () => Planner = processPlanner,
): Promise<FleetRow[]> {
  const planners: Planner[] = [];
  try {
    return await runPool(targets, concurrency, (target, slot) =>
      target.refusal === undefined
        ? (planners[slot] ??= newPlanner()).plan(target)
        : Promise.resolve(failedRow(target, "(stack file)", target.refusal)),
    );
  } finally {
    for (const planner of planners) planner.close();
  }
}

/** 0: every stack valid and no mandatory policy fails; 1: at least one stack invalid or failing. */
export function fleetExitCode(rows: readonly FleetRow[]): 0 | 1 {
  return rows.every((row) => row.ok) ? 0 : 1;
}

const LEG_LABEL: Readonly<Record<string, string>> = { "customer-to-adobe": "to-adobe", "adobe-to-customer": "from-adobe" };

function cells(row: FleetRow): string[] {
  const legs = Object.entries(row.legs).map(([leg, state]) => `${LEG_LABEL[leg] ?? leg}: ${state}`);
  const internal = row.errors.some((e) => e.key === INTERNAL);
  const phase = row.errors.length > 0 ? (internal ? "INTERNAL ERROR" : `INVALID (${row.errors.length} errors)`) : legs.join(", ");
  return [
    escapeInvisible(row.stack),
    row.cloud ?? "-",
    row.region ?? "-",
    row.topology ?? "-",
    row.environment ?? "-",
    phase,
    String(row.resources),
    String(row.mandatory),
    String(row.advisory),
    row.next ? `step ${row.next.step}` : "-",
  ];
}

const HEADER = ["STACK", "CLOUD", "REGION", "TOPOLOGY", "ENVIRONMENT", "PHASE OF EACH LEG", "RESOURCES", "MANDATORY", "ADVISORY", "NEXT"];

/** The summary table, then what fails each failing stack, then the totals. */
export function renderFleet(rows: readonly FleetRow[]): string {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
  const lines = table.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  const failing = rows.filter((row) => !row.ok);
  if (failing.length > 0) lines.push("");
  for (const row of failing) {
    lines.push(`${escapeInvisible(row.stack)} (${escapeInvisible(row.file)}):`);
    for (const error of row.errors) lines.push(`  error ${error.key}: ${error.message}`);
    for (const finding of row.blocking) lines.push(`  mandatory policy ${finding.policy}: ${finding.message}`);
  }
  const invalid = rows.filter((row) => row.errors.length > 0).length;
  const blocked = rows.filter((row) => row.errors.length === 0 && row.mandatory > 0).length;
  lines.push(
    "",
    `${rows.length} stacks: ${rows.length - failing.length} ready, ${invalid} invalid, ${blocked} failing a mandatory policy.` +
      " Each stack's report: npm start -- --config <file>",
  );
  return `${lines.join("\n")}\n`;
}
