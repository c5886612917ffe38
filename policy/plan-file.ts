/**
 * Reads a file in the offline plan's JSON shape (`{ project, stack, cloud, topology, errors,
 * resources: [{ urn, type, name, parent, custom, inputs, protect }], outputs, policies }`) for the
 * policy CLI, and derives the policy config the plan implies:
 * - cloud: the plan's `cloud`;
 * - region: `outputs.region`, else the `region` (AWS) / `location` (Azure) of the plan's only provider;
 * - environment: `outputs.environment`, else the `--environment` flag (a flag that contradicts the
 *   plan is an error); unknown means the production-only policies do not apply.
 * Ports, subscriptions and principals are not in the plan: give them with `--config` (the same file
 * `pulumi preview --policy-pack-config` takes); its values win over the derived ones.
 */
import { CLOUDS } from "../rules/adobe";
import type { EvaluatedResource } from "./evaluate";
import { cloudOfType, isProviderType } from "./tokens";

export class PlanFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFileError";
  }
}

export interface PlanFile {
  readonly cloud?: string;
  readonly errors: readonly unknown[];
  readonly resources: readonly EvaluatedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new PlanFileError(`${where} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function resourceOf(value: unknown, i: number): EvaluatedResource {
  const where = `resources[${i}]`;
  if (!isRecord(value)) throw new PlanFileError(`${where} must be an object`);
  for (const key of ["urn", "type", "name"])
    if (typeof value[key] !== "string" || value[key] === "") throw new PlanFileError(`${where}.${key} must be a non-empty string`);
  const inputs = value.inputs ?? {};
  if (!isRecord(inputs)) throw new PlanFileError(`${where}.inputs must be an object`);
  if (value.protect !== undefined && value.protect !== null && typeof value.protect !== "boolean")
    throw new PlanFileError(`${where}.protect must be true or false`);
  if (value.custom !== undefined && value.custom !== null && typeof value.custom !== "boolean")
    throw new PlanFileError(`${where}.custom must be true or false`);
  const parent = optionalString(value.parent, `${where}.parent`);
  const provider = optionalString(value.provider, `${where}.provider`);
  return {
    urn: value.urn as string,
    type: value.type as string,
    name: value.name as string,
    inputs,
    ...(parent !== undefined ? { parent } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(typeof value.custom === "boolean" ? { custom: value.custom } : {}),
    ...(typeof value.protect === "boolean" ? { protect: value.protect } : {}),
  };
}

export function parsePlanFile(text: string, source: string): PlanFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(document))
    throw new PlanFileError(`${source} must be a JSON object with a resources list (the offline plan's --json output)`);
  if (!Array.isArray(document.resources))
    throw new PlanFileError(`${source} has no resources list (the offline plan's --json output has one)`);
  const errors = document.errors ?? [];
  if (!Array.isArray(errors)) throw new PlanFileError(`${source}: errors must be a list`);
  const outputs = document.outputs ?? {};
  if (!isRecord(outputs)) throw new PlanFileError(`${source}: outputs must be an object`);
  const cloud = optionalString(document.cloud, `${source}: cloud`);
  return {
    ...(cloud !== undefined ? { cloud } : {}),
    errors,
    resources: document.resources.map(resourceOf),
    outputs,
  };
}

/** The policy config a plan implies (see the module comment for where each key comes from). */
export function configFromPlan(plan: PlanFile, flags: { environment?: string | undefined }): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (plan.cloud !== undefined) {
    if (!(CLOUDS as readonly string[]).includes(plan.cloud))
      throw new PlanFileError(`the plan's cloud ${JSON.stringify(plan.cloud)} is not one of ${CLOUDS.join(", ")}`);
    config.cloud = plan.cloud;
  }
  const region = typeof plan.outputs.region === "string" ? plan.outputs.region : providerRegion(plan);
  if (region !== undefined) config.region = region;
  const planned = typeof plan.outputs.environment === "string" ? plan.outputs.environment : undefined;
  if (planned !== undefined && flags.environment !== undefined && flags.environment !== planned)
    throw new PlanFileError(`--environment ${flags.environment} contradicts the plan's environment ${planned}`);
  const environment = planned ?? flags.environment;
  if (environment !== undefined) config.environment = environment;
  return config;
}

function providerRegion(plan: PlanFile): string | undefined {
  const providers = plan.resources.filter((r) => isProviderType(r.type) && cloudOfType(r.type) !== undefined);
  const regions = new Set(
    providers.map((p) => p.inputs[cloudOfType(p.type) === "aws" ? "region" : "location"]).filter((r): r is string => typeof r === "string"),
  );
  return regions.size === 1 ? [...regions][0] : undefined;
}
