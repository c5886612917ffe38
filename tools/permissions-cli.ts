/**
 * `npm run permissions`: the deploying identity's least-privilege permissions for one stack, derived
 * from its offline plan. This file parses the command line, reads the stack file, installs the mocks
 * and exits; the derivation is `permissions.ts`, the data `permissions-table.ts`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs as parseNodeArgs } from "node:util";
import { PROJECT } from "../config/keys";
import type { RecordingMocks } from "./mocks";
import { STACKS_DIR } from "./paths";
import type { IdentityPhase } from "./permissions";
import { readStackFile, StackFileError } from "./stackfile";

export const USAGE = "usage: npm run permissions -- --stack <name> [--phase deploy|preview] [--account-id <12 digits>] [--json] [--help]";

export const HELP = `Prints the least-privilege permissions of the identity that deploys a stack, derived from the
stack's offline plan (no cloud, no credentials): for AWS an IAM policy document, for Azure custom
role definitions, one per scope.

${USAGE}

  npm run permissions -- --stack aws-bidirectional --account-id 123456789012
  npm run permissions -- --stack azure-unidirectional --phase preview
  npm run -s permissions -- --stack aws-bidirectional --json > permissions.json

Options:
  --stack <name>         stacks/Pulumi.<name>.yaml
  --phase deploy         pulumi up, pulumi refresh and pulumi destroy (default)
  --phase preview        pulumi preview only: read-only, for CI
  --account-id <id>      AWS account id for the ARNs (default: any account, *)
  --json                 print stack, cloud, phase, errors, coverage, policy (AWS) or roles (Azure), notes
  --help                 this text

Exit status: 0 permissions printed; 1 the stack's config is invalid; 2 usage error.
`;

export interface Options {
  readonly file: string;
  readonly stack: string;
  readonly phase: IdentityPhase;
  readonly accountId?: string;
  readonly json: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Parses the arguments; `"help"` when --help was asked for. */
export function parseArgs(argv: readonly string[]): Options | "help" {
  let values: { stack?: string; phase?: string; "account-id"?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseNodeArgs({
      args: [...argv],
      options: {
        stack: { type: "string" },
        phase: { type: "string" },
        "account-id": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util's messages run over several lines; the first one names the problem.
    throw new UsageError((error as Error).message.split("\n")[0] ?? "invalid arguments");
  }
  if (values.help === true) return "help";
  const stack = values.stack;
  if (stack === undefined) throw new UsageError("--stack <name> is required");
  if (!STACK_NAME.test(stack)) throw new UsageError(`invalid stack name ${JSON.stringify(stack)}`);
  const phase = values.phase ?? "deploy";
  if (phase !== "deploy" && phase !== "preview") throw new UsageError(`--phase must be deploy or preview, not ${JSON.stringify(phase)}`);
  const accountId = values["account-id"];
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) {
    throw new UsageError(`--account-id must be a 12-digit AWS account id, not ${JSON.stringify(accountId)}`);
  }
  const file = join(STACKS_DIR, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new UsageError(`no such stack: ${stack} (no file stacks/Pulumi.${stack}.yaml)`);
  return { file, stack, phase, json: values.json === true, ...(accountId !== undefined ? { accountId } : {}) };
}

export interface Io {
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
}

export interface Deps {
  /** Mocks already installed with `setMocks` (the tests'); without them `main` installs fresh ones. */
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
  const { permissionsFor, renderPermissions } = await import("./permissions");
  let config;
  try {
    config = readStackFile(options.file);
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
    const report = {
      stack: options.stack,
      cloud: null,
      phase: options.phase,
      errors: [{ key: "(stack file)", message: error.message }],
      coverage: [],
      notes: [],
    };
    io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPermissions(report));
    return 1;
  }
  // As in plan-cli.ts: source-mapped stack traces for every SDK promise triple the time of a plan.
  Reflect.deleteProperty(Error, "prepareStackTrace");
  let mocks = deps.mocks;
  if (mocks === undefined) {
    const pulumi = await import("@pulumi/pulumi");
    const { RecordingMocks } = await import("./mocks");
    mocks = new RecordingMocks();
    await pulumi.runtime.setMocks(mocks, PROJECT, options.stack, false);
  }
  const report = await permissionsFor(mocks, options.stack, config, {
    phase: options.phase,
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
  });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPermissions(report));
  return report.errors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  process.stdout.on("error", () => process.exit(process.exitCode ?? 1));
  main(process.argv.slice(2), {
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (chunk) => process.stderr.write(chunk),
  }).then(
    (code) => {
      process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    },
    (error: unknown) => {
      process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
