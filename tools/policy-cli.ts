/**
 * `npm run policy -- <plan.json> [--json]`: runs the policy pack offline over a file in the offline
 * plan's JSON shape (`npm start -s -- --json > plan.json`). This file only parses the command line,
 * reads the files and exits; the evaluation is `policy/evaluate.ts`, the config derivation
 * `policy/plan-file.ts`.
 *
 * Exit status: 0 no mandatory policy fails; 1 a mandatory policy fails; 2 usage or file error.
 */
import { readFileSync } from "node:fs";
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

Exit status: 0 no mandatory policy fails; 1 a mandatory policy fails; 2 usage or file error.
`;

class UsageError extends Error {}

interface Options {
  readonly file: string;
  readonly json: boolean;
  readonly environment?: string;
  readonly config?: string;
}

/** Where the output goes: the process's streams, or a test's buffers. */
export interface Io {
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
}

const PROCESS_IO: Io = {
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (chunk) => process.stderr.write(chunk),
};

function parseArgs(argv: readonly string[]): Options | "help" {
  let file: string | undefined;
  let json = false;
  let environment: string | undefined;
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--help" || arg === "-h") return "help";
    else if (arg === "--json") json = true;
    else if (arg === "--environment") environment = value();
    else if (arg === "--config") config = value();
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one plan file only, got ${file} and ${arg}`);
  }
  if (file === undefined) throw new UsageError("missing the plan file");
  return { file, json, ...(environment !== undefined ? { environment } : {}), ...(config !== undefined ? { config } : {}) };
}

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new PlanFileError(`cannot read ${path}`);
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

/** Runs the command; returns the exit status. */
export function main(argv: readonly string[], io: Io = PROCESS_IO): number {
  let options: Options | "help";
  try {
    options = parseArgs(argv);
    if (options === "help") {
      io.stdout(HELP);
      return 0;
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
    return findings.some((f) => isBlocking(f.enforcementLevel)) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof PlanFileError || error instanceof PolicyConfigError) {
      io.stderr(`error: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PlanFileError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
