/**
 * `npm start`: the offline plan of one stack. This file only parses the command line, reads the stack
 * file, installs the mocks and exits; the plan itself is `plan.ts`.
 *
 * The Pulumi SDK, the program and the policy pack are loaded only once the command line is known to
 * be right: loading them takes seconds, and a usage error should not.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { PROJECT } from "../config/keys";
import type { RecordingMocks } from "./mocks";
import { STACKS_DIR } from "./paths";
import type { Plan } from "./plan";
import { readStackFileWithSecrets, SECRET_PLACEHOLDER, type StackConfig, StackFileError } from "./stackfile";

/** The example stack `npm start` plans when no stack is named. */
export const DEFAULT_STACK = "aws-bidirectional";

export { STACKS_DIR };

export const USAGE = "usage: npm start -- [--stack <name> | --config <Pulumi.<stack>.yaml>] [--json] [--diagram <file>] [--help]";

export const HELP = `Shows what \`pulumi up\` would create for a stack, without the Pulumi CLI, a cloud account or a
network: the real program runs under Pulumi's runtime mocks (identifiers are placeholders), the
policy pack checks the result, and the report adds Adobe's enablement request, the next handshake
step and the verification targets.

${USAGE}

  npm start                                   the example stack ${DEFAULT_STACK}
  npm start -- --stack azure-unidirectional   stacks/Pulumi.azure-unidirectional.yaml
  npm start -- --config ../infra/Pulumi.prod.yaml --diagram prod.mmd
  npm start -s -- --json > plan.json          (-s keeps npm's banner out of the JSON)

Options:
  --stack <name>    plan stacks/Pulumi.<name>.yaml (default ${DEFAULT_STACK})
  --config <file>   plan any stack file; the stack name comes from its name, Pulumi.<stack>.yaml
  --json            print the plan as JSON (project, stack, cloud, topology, errors, resources,
                    outputs, policies) instead of the report
  --diagram <file>  also write the plan as a Mermaid flowchart to <file>
  --help            this text

Exit status: 0 valid config and no mandatory policy fails; 1 invalid config or a mandatory policy
fails; 2 usage error (unknown flag, missing value, missing stack file).
`;

export interface Options {
  /** Path of the stack file and the stack name taken from it. */
  readonly file: string;
  readonly stack: string;
  readonly json: boolean;
  readonly diagram?: string;
}

/** The command line is wrong: one line, the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

function value(argv: readonly string[], i: number, flag: string): string {
  const next = argv[i + 1];
  if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  return next;
}

/** Parses the arguments; `"help"` when --help was asked for. */
export function parseArgs(argv: readonly string[]): Options | "help" {
  let stack: string | undefined;
  let config: string | undefined;
  let json = false;
  let diagram: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    switch (arg) {
      case "--help":
      case "-h":
        return "help";
      case "--json":
        json = true;
        break;
      case "--stack":
        stack = value(argv, i++, arg);
        break;
      case "--config":
        config = value(argv, i++, arg);
        break;
      case "--diagram":
        diagram = value(argv, i++, arg);
        break;
      default:
        throw new UsageError(arg.startsWith("-") ? `unknown option ${arg}` : `unexpected argument ${arg}`);
    }
  }
  if (stack !== undefined && config !== undefined) throw new UsageError("give --stack or --config, not both");
  if (config !== undefined) {
    const name = STACK_FILE.exec(basename(config))?.[1];
    if (name === undefined) throw new UsageError(`cannot tell the stack name from ${config}: name the file Pulumi.<stack>.yaml`);
    if (!existsSync(config)) throw new UsageError(`no such stack file: ${config}`);
    return { file: config, stack: name, json, ...(diagram !== undefined ? { diagram } : {}) };
  }
  const name = stack ?? DEFAULT_STACK;
  // The name becomes part of a path: refuse anything that could leave stacks/.
  if (!STACK_NAME.test(name)) throw new UsageError(`invalid stack name ${JSON.stringify(name)}`);
  const file = join(STACKS_DIR, `Pulumi.${name}.yaml`);
  if (!existsSync(file)) throw new UsageError(`no such stack: ${name} (no file stacks/Pulumi.${name}.yaml)`);
  return { file, stack: name, json, ...(diagram !== undefined ? { diagram } : {}) };
}

export interface Io {
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
}

export interface Deps {
  /**
   * Mocks already installed with `pulumi.runtime.setMocks` (the tests' shared ones, test/setup.ts):
   * the plan runs under them and `main` installs none. Without them, `main` installs fresh mocks for
   * the stack, as the command line does.
   */
  readonly mocks?: RecordingMocks;
}

/** Runs the command; resolves to the exit status. */
export async function main(argv: readonly string[], io: Io, deps: Deps = {}): Promise<number> {
  let options: Options | "help";
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    io.stdout(HELP);
    return 0;
  }

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

  const { exitCode, failedPlan, planStack, renderDiagram, renderReport } = await import("./plan");
  let plan: Plan;
  if (config === undefined) {
    // The file exists but is not a stack file: a config error (exit 1), reported like the others.
    plan = failedPlan(options.stack, {}, [{ key: "(stack file)", message: fileError ?? "unreadable" }]);
  } else {
    // Pulumi records a stack trace for every internal promise (for its leak report), and ts-node's
    // source-map support maps every frame of each: that triples the time of a plan (as in test/setup.ts).
    Reflect.deleteProperty(Error, "prepareStackTrace");
    const { evaluatePlan } = await import("./plan-policies");
    let mocks = deps.mocks;
    if (mocks === undefined) {
      const pulumi = await import("@pulumi/pulumi");
      const { RecordingMocks } = await import("./mocks");
      // Before index.ts registers anything, so that every resource reaches these mocks (pulumi-facts §3.4).
      mocks = new RecordingMocks();
      await pulumi.runtime.setMocks(mocks, PROJECT, options.stack, false);
    }
    plan = await planStack(mocks, options.stack, config, evaluatePlan);
  }

  if (options.diagram !== undefined && plan.report.errors.length === 0) {
    const target = resolve(options.diagram);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renderDiagram(plan));
  }
  io.stdout(options.json ? `${JSON.stringify(plan.report, null, 2)}\n` : renderReport(plan));
  if (options.diagram !== undefined && plan.report.errors.length > 0) {
    io.stderr(`no diagram written to ${options.diagram}: the stack was not planned\n`);
  }
  return exitCode(plan.report);
}

if (require.main === module) {
  // A reader that went away (`| head`) is not an error worth a stack trace.
  process.stdout.on("error", () => process.exit(process.exitCode ?? 1));
  main(process.argv.slice(2), {
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (chunk) => process.stderr.write(chunk),
  }).then(
    (code) => {
      // Exit once the output is flushed, explicitly: nothing the mocks left behind may hold the process.
      process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    },
    (error: unknown) => {
      // Not a user error: a bug in the program or this tool. The stack trace is for whoever fixes it.
      process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
