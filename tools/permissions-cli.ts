/**
 * `npm run permissions`: the deploying identity's least-privilege permissions for one stack, derived
 * from its offline plan. This file parses the command line, reads the stack file, installs the mocks
 * and exits; the derivation is `permissions.ts`, the data `permissions-table.ts`.
 */
import { EXIT, type Io, parseCommandLine, runCommand, runMain, UsageError } from "./cli";
import type { RecordingMocks } from "./mocks";
import { exampleStackFile } from "./paths";
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
  --account-id <id>      AWS account id for the ARNs (default: every account, *)
  --json                 print stack, cloud, phase, errors, coverage, policy (AWS) or roles (Azure), notes
  --help                 this text

Flags take their value as --flag value or --flag=value.

Exit status: 0 permissions printed; 1 the stack's config is invalid; 2 usage error; 70 internal
error (a bug: please report it).
`;

export interface Options {
  readonly file: string;
  readonly stack: string;
  readonly phase: IdentityPhase;
  readonly accountId?: string;
  readonly json: boolean;
}

export { UsageError };

const ACCOUNT_ID = /^\d{12}$/;
const FLAGS = { stack: "string", phase: "string", "account-id": "string", json: "boolean" } as const;

/** Parses the arguments; `"help"` when --help was asked for. */
export function parseArgs(argv: readonly string[]): Options | "help" {
  const parsed = parseCommandLine(argv, FLAGS);
  if (parsed === "help") return "help";
  const { stack, phase = "deploy", "account-id": accountId, json = false } = parsed.flags;
  if (stack === undefined) throw new UsageError("--stack <name> is required");
  const found = exampleStackFile(stack);
  if ("refusal" in found) throw new UsageError(found.refusal);
  if (phase !== "deploy" && phase !== "preview") throw new UsageError(`--phase must be deploy or preview, not ${JSON.stringify(phase)}`);
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) {
    throw new UsageError(`--account-id must be a 12-digit AWS account id, not ${JSON.stringify(accountId)}`);
  }
  return { file: found.file, stack, phase, json, ...(accountId !== undefined ? { accountId } : {}) };
}

export type { Io };

export interface Deps {
  /** Mocks already installed with `setMocks` (the tests'); without them `main` installs fresh ones. */
  readonly mocks?: RecordingMocks;
}

/** Runs the command; resolves to the exit status. */
export function main(argv: readonly string[], io: Io, deps: Deps = {}): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const options = parseArgs(argv);
    if (options === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    return permissions(options, io, deps);
  });
}

async function permissions(options: Options, io: Io, deps: Deps): Promise<number> {
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
    return EXIT.failed;
  }
  const mocks = deps.mocks ?? (await (await import("./run")).installMocks(options.stack));
  const report = await permissionsFor(mocks, options.stack, config, {
    phase: options.phase,
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
  });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPermissions(report));
  return report.errors.length > 0 ? EXIT.failed : EXIT.ok;
}

if (require.main === module) runMain(main);
