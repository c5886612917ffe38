/**
 * `npm run policy -- <plan.json> [--json]`: runs the policy pack offline over a file in the offline
 * plan's JSON shape (`npm start -s -- --json > plan.json`). This file only parses the command line,
 * reads the files and exits; the evaluation is `policy/evaluate.ts`, the config derivation
 * `policy/plan-file.ts`.
 *
 * Exit status: 0 no mandatory policy fails; 1 a mandatory policy fails; 2 usage or file error.
 */
import { readFileSync } from "node:fs";
import { EXIT, type Io, parseCommandLine, PROCESS_IO, runCommand, runMain, UsageError } from "./cli";
import { flattenPackConfig, PolicyConfigError, readConfig } from "../policy/config";
import { evaluatePolicies, type Finding, isBlocking } from "../policy/evaluate";
import { configFromPlan, parsePlanFile, PlanFileError } from "../policy/plan-file";
import { policies } from "../policy/policies";

export const USAGE = "usage: npm run policy -- <plan.json> [--json] [--environment <production|staging>] [--config <policy-config.json>]";

const HELP = `Runs the commerce-privatelink policy pack over an offline plan, without the Pulumi CLI.

${USAGE}

  npm start -s -- --stack aws-bidirectional --json > plan.json
  npm run policy -- plan.json
  npm run policy -- plan.json --environment production --config policy-config.json --json

The policy config comes from the plan: cloud from "cloud", region from outputs.region (else the
provider's region/location), environment from outputs.environment (else --environment). Ports,
subscriptions, principals and required tags come from --config, the same JSON file
\`pulumi preview --policy-pack-config\` takes; its values win.

Flags take their value as --flag value or --flag=value.

Exit status: 0 no mandatory policy fails; 1 a mandatory policy fails; 2 usage or file error;
70 internal error (a bug: please report it).
`;

interface Options {
  readonly file: string;
  readonly json: boolean;
  readonly environment?: string;
  readonly config?: string;
}

const FLAGS = { json: "boolean", environment: "string", config: "string" } as const;

function parseArgs(argv: readonly string[]): Options | "help" {
  const parsed = parseCommandLine(argv, FLAGS, { positionals: 1, extra: ": one plan file only" });
  if (parsed === "help") return "help";
  const [file] = parsed.positionals;
  if (file === undefined) throw new UsageError("missing the plan file");
  const { json = false, environment, config } = parsed.flags;
  return { file, json, ...(environment !== undefined ? { environment } : {}), ...(config !== undefined ? { config } : {}) };
}

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new PlanFileError(`cannot read ${path}${typeof code === "string" ? ` (${code})` : ""}`);
  }
}

function describe(error: unknown): string {
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const { key, message } = error as { key?: unknown; message?: unknown };
    if (typeof message === "string") return typeof key === "string" ? `${key}: ${message}` : message;
  }
  return JSON.stringify(error);
}

function human(findings: readonly Finding[], config: Record<string, unknown>, resources: number): string {
  const blocking = findings.filter((f) => isBlocking(f.enforcementLevel)).length;
  const lines = [
    `commerce-privatelink policy pack: ${findings.length} finding(s), ${blocking} mandatory, over ${resources} resource(s)`,
    `policy config: ${Object.entries(config)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ")}`,
  ];
  if (config.environment === undefined)
    lines.push("note: environment unknown (no outputs.environment, no --environment): production-only policies were not applied");
  for (const f of findings) lines.push("", `${f.enforcementLevel.toUpperCase()}  ${f.policy}`, `  ${f.urn || "(stack)"}`, `  ${f.message}`);
  if (findings.length === 0) lines.push("", "Every policy passes.");
  return lines.join("\n");
}

/** Runs the command; resolves to the exit status. */
export function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  return runCommand(
    io,
    USAGE,
    () => {
      const options = parseArgs(argv);
      if (options === "help") {
        io.stdout(HELP);
        return EXIT.ok;
      }
      const plan = parsePlanFile(read(options.file), options.file);
      if (plan.errors.length > 0)
        throw new PlanFileError(
          `${options.file} records ${plan.errors.length} config error(s), so nothing was planned; first: ${describe(plan.errors[0])}`,
        );
      const names = policies.map((p) => p.name);
      const packConfig = options.config
        ? flattenPackConfig(parseJson(read(options.config), options.config), names)
        : { config: {}, enforcementLevels: {} };
      const config = { ...configFromPlan(plan, { environment: options.environment }), ...packConfig.config };
      readConfig(config);
      const findings = evaluatePolicies(plan.resources, config, { enforcementLevels: packConfig.enforcementLevels });
      io.stdout(`${options.json ? JSON.stringify({ config, findings }, null, 2) : human(findings, config, plan.resources.length)}\n`);
      return findings.some((f) => isBlocking(f.enforcementLevel)) ? EXIT.failed : EXIT.ok;
    },
    [PlanFileError, PolicyConfigError],
  );
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PlanFileError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

if (require.main === module) runMain(main);
