/**
 * `npm start`: the offline plan of one stack. This file only parses the command line, reads the stack
 * file, installs the mocks and exits; the plan itself is `plan.ts`.
 *
 * The Pulumi SDK, the program and the policy pack are loaded only once the command line is known to
 * be right: loading them takes seconds, and a usage error should not.
 */
import { existsSync, lstatSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { EXIT, type Io, parseCommandLine, runCommand, runMain, UsageError } from "./cli";
import type { RecordingMocks } from "./mocks";
import { exampleStackFile, STACKS_DIR } from "./paths";
import type { Plan } from "./plan";
import { readStackFileWithSecrets, SECRET_PLACEHOLDER, type StackConfig, StackFileError } from "./stackfile";

/** The example stack `npm start` plans when no stack is named. */
export const DEFAULT_STACK = "aws-bidirectional";

export { STACKS_DIR };

export const USAGE =
  "usage: npm start -- [--stack <name> | --config <Pulumi.<stack>.yaml> | --all [--stacks <dir|glob>]] [--since <old stack file | git revision> | --removal] [--json] [--diagram <file>|- [--force]] [--help]";

export const HELP = `Shows what \`pulumi up\` would create for a stack, without the Pulumi CLI, a cloud account or a
network: the real program runs under Pulumi's runtime mocks (identifiers are placeholders), the
policy pack checks the result, and the report adds Adobe's enablement request, the next handshake
step and the verification targets.

${USAGE}

  npm start                                   the example stack ${DEFAULT_STACK}
  npm start -- --stack azure-unidirectional   stacks/Pulumi.azure-unidirectional.yaml
  npm start -- --config ../infra/Pulumi.prod.yaml --diagram /tmp/prod.mmd
  npm start -s -- --json > /tmp/plan.json     (-s keeps npm's banner out of the JSON)
  npm start -- --stack aws-bidirectional --since origin/main   the change since origin/main
  npm start -- --stack aws-bidirectional --removal              before pulumi destroy

Options:
  --stack <name>    plan stacks/Pulumi.<name>.yaml (default ${DEFAULT_STACK})
  --config <file>   plan any stack file; the stack name comes from its name, Pulumi.<stack>.yaml
  --since <old>     also plan the old version (an old stack file, or a git revision whose copy of
                    the stack file is read with git show) and print what changes in the cloud, what
                    changes for Adobe, the connections that need a new approval and Adobe's change
                    ticket; refuses a change that is a new connection (cloud, region, ...)
  --removal         plan the removal of the stack's connection instead: what pulumi destroy deletes,
                    the steps before it, and Adobe's ticket that removes the connection
  --json            print the plan as JSON (project, stack, cloud, topology, errors, resources,
                    outputs, policies) instead of the report
  --diagram <file>  also write the plan as a Mermaid flowchart to <file>, a new file; never the stack
                    file. "-" prints the diagram on stdout and the report on stderr
  --force           let --diagram overwrite an existing file
  --help            this text

Every stack at once:
  npm start -- --all [--stacks <dir|glob>] [--json]
  --all             plan every stack of stacks/ (or of --stacks) in a pool of worker processes, then
                    print one summary table; exit 1 if any stack is invalid or fails a mandatory
                    policy, with every stack still reported. --json prints {"stacks": [row, ...]}
  --stacks <dir|glob>  a directory's Pulumi.<stack>.yaml files, or a glob with * and ? in the file
                    name only ('stacks/Pulumi.*-production.yaml'); symbolic links are not followed

Flags take their value as --flag value or --flag=value.

Exit status: 0 valid config and no mandatory policy fails; 1 invalid config or a mandatory policy
fails; 2 usage or file error (unknown flag, missing value, missing stack file, diagram not
written); 70 internal error (a bug: please report it).
`;

export interface Options {
  /** Path of the stack file and the stack name taken from it. */
  readonly file: string;
  readonly stack: string;
  readonly json: boolean;
  /** Where to write the diagram; "-" is stdout. */
  readonly diagram?: string;
  /** Overwrite an existing diagram file (never the stack file). */
  readonly force: boolean;
  /** The old version: a stack file or a git revision. */
  readonly since?: string;
  /** Plan the removal of the connection (before `pulumi destroy`) instead of a change. */
  readonly removal: boolean;
}

export { UsageError };

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;
const FLAGS = {
  stack: "string",
  config: "string",
  json: "boolean",
  diagram: "string",
  force: "boolean",
  since: "string",
  removal: "boolean",
} as const;

/** Parses the arguments; `"help"` when --help was asked for. */
export function parseArgs(argv: readonly string[]): Options | "help" {
  const parsed = parseCommandLine(argv, FLAGS);
  if (parsed === "help") return "help";
  const { stack, config, json = false, diagram, force = false, since, removal = false } = parsed.flags;
  if (stack !== undefined && config !== undefined) throw new UsageError("give --stack or --config, not both");
  if (removal && since !== undefined) throw new UsageError("give --since (a change) or --removal (the removal), not both");
  if (diagram === "-" && json) throw new UsageError("--json and --diagram - both write to stdout: write the diagram to a file");
  if (force && diagram === undefined) throw new UsageError("--force only applies to --diagram <file>");
  const rest = { json, force, removal, ...(diagram !== undefined ? { diagram } : {}), ...(since !== undefined ? { since } : {}) };
  let options: Options;
  if (config !== undefined) {
    const name = STACK_FILE.exec(basename(config))?.[1];
    if (name === undefined) throw new UsageError(`cannot tell the stack name from ${config}: name the file Pulumi.<stack>.yaml`);
    if (!existsSync(config)) throw new UsageError(`no such stack file: ${config}`);
    options = { file: config, stack: name, ...rest };
  } else {
    const name = stack ?? DEFAULT_STACK;
    const found = exampleStackFile(name);
    if ("refusal" in found) throw new UsageError(found.refusal);
    options = { file: found.file, stack: name, ...rest };
  }
  // Refused before the plan runs (seconds) rather than after; writeDiagram checks again when it writes.
  if (diagram !== undefined && diagram !== "-") {
    const refusal = diagramRefusal(diagram, options.file, force);
    if (refusal !== undefined) throw new UsageError(refusal);
  }
  return options;
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    // Device and inode: the same file under another name, a symbolic or a hard link.
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Why the diagram may not go to `target`, or undefined when it may. */
function diagramRefusal(target: string, stackFile: string, force: boolean): string | undefined {
  if (resolve(target) === resolve(stackFile) || sameFile(target, stackFile))
    return `--diagram ${target} is the stack file being planned: write the diagram elsewhere`;
  // lstat: a link, even a dangling one, is not followed into a file elsewhere.
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  if (!stat.isFile()) return `--diagram ${target} exists and is not a regular file`;
  if (!force) return `--diagram ${target} exists: add --force to overwrite it, or write elsewhere`;
  return undefined;
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such directory";
  if (code === "EEXIST") return "the file exists (add --force to overwrite it)";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}

/** Writes the diagram; the one-line reason when it could not. Never follows the target into the stack file. */
export function writeDiagram(target: string, text: string, stackFile: string, force: boolean): string | undefined {
  const refusal = diagramRefusal(target, stackFile, force);
  if (refusal !== undefined) return refusal;
  try {
    // "wx" fails when a file appeared since the check, so nothing is overwritten without --force.
    writeFileSync(target, text, { flag: force ? "w" : "wx" });
    return undefined;
  } catch (error) {
    return `cannot write the diagram to ${target}: ${reason(error)}`;
  }
}

export type { Io };

export interface Deps {
  /**
   * Mocks already installed with `pulumi.runtime.setMocks` (the tests' shared ones, test/setup.ts):
   * the plan runs under them and `main` installs none. Without them, `main` installs fresh mocks for
   * the stack, as the command line does.
   */
  readonly mocks?: RecordingMocks;
}

/** Runs the command; resolves to the exit status. */
export function main(argv: readonly string[], io: Io, deps: Deps = {}): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const all = parseAll(argv);
    if (all !== undefined) return planAll(all, io);
    const options = parseArgs(argv);
    if (options === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    return plan(options, io, deps);
  });
}

async function plan(options: Options, io: Io, deps: Deps): Promise<number> {
  let config: StackConfig | undefined;
  let fileError: string | undefined;
  try {
    const read = readStackFileWithSecrets(options.file);
    config = read.config;
    if (read.secrets.length > 0)
      io.stderr(
        `note: ${read.secrets.join(", ")} ${read.secrets.length === 1 ? "is a secret" : "are secrets"} (secure:); only the Pulumi CLI can decrypt them, so this plan shows ${SECRET_PLACEHOLDER} in their place\n`,
      );
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    fileError = error.message;
  }

  // The old version is read before anything is planned: a wrong --since is a usage error, at once.
  const old = options.since === undefined ? undefined : (await import("./since")).readSince(options.since, options.file);
  const { exitCode, failedPlan, planStack, renderDiagram, renderReport } = await import("./plan");
  let plan: Plan;
  let before: Plan | undefined;
  if (config === undefined) {
    // The file exists but is not a stack file: a config error (exit 1), reported like the others.
    plan = failedPlan(options.stack, {}, [{ key: "(stack file)", message: fileError ?? "unreadable" }]);
  } else {
    const { evaluatePlan } = await import("./plan-policies");
    const mocks = deps.mocks ?? (await (await import("./run")).installMocks(options.stack));
    if (old !== undefined) before = await planStack(mocks, options.stack, old.config, evaluatePlan);
    plan = await planStack(mocks, options.stack, config, evaluatePlan);
  }
  const change =
    old !== undefined
      ? (await import("./change-report")).changeSince(old.label, before, plan)
      : options.removal
        ? (await import("./change-report")).removalOf(plan)
        : undefined;

  const planned = plan.report.errors.length === 0;
  const json = change === undefined ? plan.report : { ...plan.report, ...change.json };
  const report = options.json ? `${JSON.stringify(json, null, 2)}\n` : renderReport(plan) + (change?.text ?? "");
  let diagramError: string | undefined;
  if (options.diagram === "-") {
    // stdout is the diagram's alone (to pipe into a Mermaid renderer); the report goes to stderr.
    if (planned) io.stdout(renderDiagram(plan));
    io.stderr(report);
  } else {
    if (options.diagram !== undefined && planned)
      diagramError = writeDiagram(options.diagram, renderDiagram(plan), options.file, options.force);
    io.stdout(report);
  }
  if (options.diagram !== undefined && !planned) io.stderr(`no diagram written to ${options.diagram}: the stack was not planned\n`);
  if (diagramError !== undefined) {
    io.stderr(`error: ${diagramError}\n`);
    return EXIT.usage;
  }
  return change?.failed === true ? EXIT.failed : exitCode(plan.report);
}

/** `--all`: every stack of a directory or glob (tools/fleet-plan.ts). */
export interface AllOptions {
  readonly stacks: string;
  readonly json: boolean;
}

const ALL_FLAGS = { ...FLAGS, all: "boolean", stacks: "string" } as const;

/**
 * The options of `--all`; undefined when the line is one stack's (parseArgs reads it). Every flag but
 * --stacks and --json belongs to one stack's plan and is refused with --all.
 */
export function parseAll(argv: readonly string[]): AllOptions | undefined {
  const parsed = parseCommandLine(argv, ALL_FLAGS);
  if (parsed === "help") return undefined;
  const { all, stacks, json = false, ...one } = parsed.flags;
  if (all === undefined) {
    if (stacks !== undefined) throw new UsageError("--stacks only applies to --all");
    return undefined;
  }
  const others = Object.keys(one).map((flag) => `--${flag}`);
  if (others.length > 0) throw new UsageError(`${others.join(", ")} only applies to one stack's plan, not to --all`);
  return { stacks: stacks ?? STACKS_DIR, json };
}

async function planAll(options: AllOptions, io: Io): Promise<number> {
  const { defaultConcurrency, findStacks, fleetExitCode, planFleet, renderFleet } = await import("./fleet-plan");
  const targets = findStacks(options.stacks);
  const rows = await planFleet(targets, defaultConcurrency(targets.length));
  io.stdout(options.json ? `${JSON.stringify({ stacks: rows }, null, 2)}\n` : renderFleet(rows));
  return fleetExitCode(rows);
}

if (require.main === module) runMain(main);
