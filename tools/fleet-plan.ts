/**
 * `npm start -- --all`: the offline plan of every stack, in a bounded pool of worker processes
 * (tools/fleet-worker.ts), then one summary. Pulumi's runtime mocks are global to a process, so each
 * worker plans one stack at a time and the pool gives the parallelism. This file loads no Pulumi code.
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./cli";
import type { FleetRow, StackTarget, WorkerReply } from "./fleet-worker";
import { runPool } from "./pool";

export type { FleetRow, StackTarget };

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

/** A glob of one path segment: `*` and `?` within a name. */
function segmentPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${escaped}$`);
}

/**
 * The stack files `spec` names: a directory (its `Pulumi.<stack>.yaml` files) or a glob whose wildcards
 * (`*`, `?`) are in the file name (`stacks/Pulumi.prod-*.yaml`). Sorted by stack name; a name given
 * twice (`.yaml` and `.yml`) or nothing matched is a usage error.
 */
export function findStacks(spec: string): StackTarget[] {
  const isDirectory = existsSync(spec) && statSync(spec).isDirectory();
  const dir = isDirectory ? spec : dirname(spec);
  const pattern = isDirectory ? STACK_FILE : segmentPattern(basename(spec));
  if (/[*?]/.test(dir)) throw new UsageError(`--stacks ${spec}: wildcards only in the file name, not in the directory`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--stacks ${spec}: no such directory ${dir}`);
  const targets: StackTarget[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!pattern.test(name)) continue;
    const stack = STACK_FILE.exec(name)?.[1];
    if (stack === undefined) continue;
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    if (targets.some((t) => t.stack === stack)) throw new UsageError(`stack ${stack} has two files in ${dir}: keep one`);
    targets.push({ stack, file });
  }
  if (targets.length === 0) throw new UsageError(`--stacks ${spec}: no stack files (Pulumi.<stack>.yaml) there`);
  return targets.sort((a, b) => a.stack.localeCompare(b.stack));
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

/** The row of a stack the planner failed on (a bug, not the stack's fault): reported, never dropped. */
export function internalErrorRow(target: StackTarget, detail: string): FleetRow {
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
    errors: [{ key: "(internal error)", message: `a bug in commerce-privatelink, not in your input; please report it: ${detail}` }],
    blocking: [],
    ok: false,
  };
}

/** A worker process: forked on first use, and again after one died. */
export function processPlanner(): Planner {
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
        const onExit = (code: number | null): void => {
          ready = undefined;
          resolve(internalErrorRow(target, `the planner process exited (${String(code)}) while planning\n${stderr}`));
        };
        c.once("exit", onExit);
        c.once("message", (reply: WorkerReply) => {
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
    return await runPool(targets, concurrency, (target, slot) => {
      planners[slot] ??= newPlanner();
      return (planners[slot] as Planner).plan(target);
    });
  } finally {
    for (const planner of planners) planner.close();
  }
}

/** 0: every stack valid and no mandatory policy fails; 1: any stack invalid or failing. */
export function fleetExitCode(rows: readonly FleetRow[]): 0 | 1 {
  return rows.every((row) => row.ok) ? 0 : 1;
}

const LEG_LABEL: Readonly<Record<string, string>> = { "customer-to-adobe": "to-adobe", "adobe-to-customer": "from-adobe" };

function cells(row: FleetRow): string[] {
  const legs = Object.entries(row.legs).map(([leg, state]) => `${LEG_LABEL[leg] ?? leg}: ${state}`);
  const internal = row.errors.some((e) => e.key === "(internal error)");
  const phase = row.errors.length > 0 ? (internal ? "INTERNAL ERROR" : `INVALID (${row.errors.length} errors)`) : legs.join(", ");
  return [
    row.stack,
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
    lines.push(`${row.stack} (${row.file}):`);
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
