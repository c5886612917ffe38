/**
 * `npm run fleet -- preview|up|refresh`: one Pulumi operation over many stacks, through the Automation
 * API and the real Pulumi CLI (tools/fleet.ts). Without a CLI it says so in one line and exits 2.
 */
import { realpathSync } from "node:fs";
import { dirname } from "node:path";
import { EXIT, type Io, parseCommandLine, runCommand, runMain, UsageError } from "./cli";
import { defaultConcurrency, findStacks, type StackTarget } from "./fleet-plan";
import { failureText, type FleetOptions, OPERATIONS, type Operation, renderFleetResults, runFleet, type Workspaces } from "./fleet";
import { STACKS_DIR } from "./paths";

export const USAGE = "usage: npm run fleet -- preview|up|refresh [--stacks <dir or glob>] [--concurrency <n>] [--help]";

const HELP = `Runs pulumi preview, up or refresh on many stacks through the Pulumi Automation API, at most
<n> at a time, with the policy pack (policy/) on every preview and up; then one summary. Needs the
Pulumi CLI on PATH, logged in to the stacks' backend, and the clouds' credentials.

${USAGE}

  npm run fleet -- preview
  npm run fleet -- up --stacks 'stacks/Pulumi.*-staging.yaml' --concurrency 2

Options:
  --stacks <dir|glob>  the stack files: a directory, or a glob in the file name (default stacks/)
  --concurrency <n>    operations at a time, 1 to 32 (default: the number of cores, at most 4)
  --help               this text

Exit status: 0 every stack succeeded; 1 any stack failed (all are still run and reported); 2 usage
error or no Pulumi CLI; 70 internal error (a bug: please report it).
`;

export const NO_CLI =
  "error: npm run fleet needs the Pulumi CLI and found none on PATH: install it (https://www.pulumi.com/docs/iac/download-install/) and log in; the offline plan of every stack is npm start -- --all\n";

/** Why the CLI found cannot be used: none on PATH (NO_CLI), or its own reason (too old, broken). */
export function cliProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/\bENOENT\b/.test(message)) return NO_CLI;
  return `error: npm run fleet cannot use the Pulumi CLI on PATH: ${failureText(error)}\n`;
}

const FLAGS = { stacks: "string", concurrency: "string" } as const;

interface Options {
  readonly operation: Operation;
  readonly stacks: string;
  /** Undefined: defaultConcurrency, as npm start -- --all. */
  readonly concurrency: number | undefined;
}

function parseArgs(argv: readonly string[]): Options | "help" {
  const parsed = parseCommandLine(argv, FLAGS, { positionals: 1, extra: ": give one operation, preview, up or refresh" });
  if (parsed === "help") return "help";
  const operation = parsed.positionals[0];
  if (operation === undefined) throw new UsageError("give an operation: preview, up or refresh");
  if (!(OPERATIONS as readonly string[]).includes(operation))
    throw new UsageError(`unknown operation ${JSON.stringify(operation)}: give preview, up or refresh`);
  const { stacks = STACKS_DIR, concurrency } = parsed.flags;
  let count: number | undefined;
  if (concurrency !== undefined) {
    count = /^\d+$/.test(concurrency) ? Number(concurrency) : NaN;
    if (!(count >= 1 && count <= 32))
      throw new UsageError(`--concurrency must be a whole number from 1 to 32, got ${JSON.stringify(concurrency)}`);
  }
  return { operation: operation as Operation, stacks, concurrency: count };
}

/**
 * The Pulumi CLI reads a stack's config from the project's stack config directory (stacks/,
 * `stackConfigDir` of Pulumi.yaml), never from a file named on this command line: stack files
 * elsewhere would run with other config than they say, so they are refused.
 */
function inStackConfigDir(spec: string, targets: readonly StackTarget[]): void {
  const dir = targets[0] === undefined ? STACKS_DIR : dirname(targets[0].file);
  if (realpathSync(dir) !== realpathSync(STACKS_DIR))
    throw new UsageError(
      `--stacks ${spec}: the Pulumi CLI reads each stack's config from ${STACKS_DIR} (stackConfigDir of Pulumi.yaml), not from ${dir}: move the files there, or plan them offline with npm start -- --all --stacks`,
    );
}

/** What the command needs from outside: the Automation API, or a test's fake of it. */
export interface Deps {
  readonly workspaces: Workspaces;
  /** The Pulumi CLI, or the one line saying why there is none to use. */
  readonly findCli: () => Promise<NonNullable<FleetOptions["pulumiCommand"]> | { readonly problem: string }>;
}

async function automationDeps(): Promise<Deps> {
  const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
  return {
    workspaces: LocalWorkspace,
    findCli: () => PulumiCommand.get().catch((error: unknown) => ({ problem: cliProblem(error) })),
  };
}

export function main(argv: readonly string[], io: Io, deps?: Deps): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const options = parseArgs(argv);
    if (options === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const targets = findStacks(options.stacks);
    inStackConfigDir(options.stacks, targets);
    const concurrency = options.concurrency ?? defaultConcurrency(targets.length);
    const { workspaces, findCli } = deps ?? (await automationDeps());
    const pulumiCommand = await findCli();
    if ("problem" in pulumiCommand) {
      io.stderr(pulumiCommand.problem);
      return EXIT.usage;
    }
    io.stderr(`pulumi ${options.operation} of ${targets.length} stacks, ${concurrency} at a time ...\n`);
    const results = await runFleet(options.operation, targets, {
      concurrency,
      workspaces,
      pulumiCommand,
      onDone: (r) => io.stderr(`${r.stack}: ${r.ok ? "ok" : "FAILED"} (${r.seconds} s)\n`),
    });
    io.stdout(renderFleetResults(options.operation, results));
    return results.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
  });
}

if (require.main === module) runMain(main);
