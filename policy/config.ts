/**
 * Policy config: the facts about the stack that the policies compare resources with. Every key is
 * optional; a policy whose key is absent either falls back to a documented default (the allowed
 * principals default to Adobe's) or reports "not applicable" rather than guessing.
 *
 * The same keys are used by `pulumi preview --policy-pack-config` (one entry per policy, each with
 * the keys that policy's `configSchema` lists) and by the offline evaluator (one flat object).
 */
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ADOBE_AWS_PRINCIPAL, CLOUDS, type Cloud } from "../rules/adobe";

export interface PolicyConfig {
  /** AWS principals allowed on the customer's endpoint service. @default [Adobe's principal] */
  readonly allowedPrincipals: readonly string[];
  /** The Adobe Commerce cluster's region (AWS code or Azure name). @default - the resource's provider region */
  readonly region?: string;
  /** The stack's cloud. @default - not checked */
  readonly cloud?: Cloud;
  /** `production` turns on the production-only policies. @default - unknown: production-only policies do not apply */
  readonly environment?: string;
  /** Ports Adobe opens for the customer (customer -> Adobe leg). @default - ports are not restricted beyond 22/443 */
  readonly ports?: readonly number[];
  /** Ports of customer services Adobe reaches (Adobe -> customer leg, bidirectional). @default [] */
  readonly servicePorts?: readonly number[];
  /** Adobe's Azure subscriptions allowed to see the Private Link Service. @default - only `*` is refused */
  readonly subscriptionIds?: readonly string[];
  /** Tag keys every taggable resource carries (advisory). @default - at least one tag */
  readonly requiredTags?: readonly string[];
}

export const DEFAULT_CONFIG: PolicyConfig = { allowedPrincipals: [ADOBE_AWS_PRINCIPAL] };

/** The JSON schema of each key; a policy's `configSchema` lists the keys it reads. */
export const CONFIG_PROPERTIES = {
  allowedPrincipals: {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: [ADOBE_AWS_PRINCIPAL],
    description: "AWS principals allowed on the customer's endpoint service (never '*').",
  },
  region: {
    type: "string",
    minLength: 1,
    description: "The Adobe Commerce cluster's region: an AWS region code or an Azure region name.",
  },
  cloud: { type: "string", enum: [...CLOUDS], description: "The stack's cloud: aws or azure." },
  environment: {
    type: "string",
    minLength: 1,
    description: "The Adobe Commerce environment: production turns on the production-only policies.",
  },
  ports: {
    type: "array",
    items: { type: "integer", minimum: 1, maximum: 65535 },
    description: "Ports Adobe opens for the customer (customer -> Adobe leg).",
  },
  servicePorts: {
    type: "array",
    items: { type: "integer", minimum: 1, maximum: 65535 },
    description: "Ports of the customer services Adobe reaches (Adobe -> customer leg).",
  },
  subscriptionIds: {
    type: "array",
    items: { type: "string", minLength: 1 },
    description: "Adobe's Azure subscription ids allowed to see the customer's Private Link Service.",
  },
  requiredTags: {
    type: "array",
    items: { type: "string", minLength: 1 },
    description: "Tag keys every taggable resource carries.",
  },
} satisfies Record<keyof PolicyConfig, PolicyConfigJSONSchema>;

export type ConfigKey = keyof typeof CONFIG_PROPERTIES;

/** The `configSchema` of a policy that reads these keys. */
export function schemaFor(...keys: ConfigKey[]): PolicyConfigSchema {
  const properties: Record<string, PolicyConfigJSONSchema> = {};
  for (const key of keys) properties[key] = CONFIG_PROPERTIES[key];
  return { properties };
}

export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

function strings(raw: Record<string, unknown>, key: ConfigKey): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string" && item !== ""))
    throw new PolicyConfigError(`policy config ${key} must be a list of non-empty strings, got ${JSON.stringify(value)}`);
  return value;
}

function ports(raw: Record<string, unknown>, key: ConfigKey): number[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is number => Number.isInteger(item) && item >= 1 && item <= 65535))
    throw new PolicyConfigError(`policy config ${key} must be a list of ports (1-65535), got ${JSON.stringify(value)}`);
  return value;
}

function text(raw: Record<string, unknown>, key: ConfigKey): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "")
    throw new PolicyConfigError(`policy config ${key} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Reads a policy's raw config (what `getConfig()` returns, or the evaluator's object) into a
 * `PolicyConfig` with defaults. Defaults are applied here as well as in the schema because older
 * CLIs do not fill schema defaults in.
 */
export function readConfig(raw: unknown): PolicyConfig {
  const source = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const cloud = text(source, "cloud");
  if (cloud !== undefined && !(CLOUDS as readonly string[]).includes(cloud))
    throw new PolicyConfigError(`policy config cloud must be one of ${CLOUDS.join(", ")}, got ${JSON.stringify(cloud)}`);
  const region = text(source, "region");
  const environment = text(source, "environment");
  const portList = ports(source, "ports");
  const servicePorts = ports(source, "servicePorts");
  const subscriptionIds = strings(source, "subscriptionIds");
  const requiredTags = strings(source, "requiredTags");
  return {
    allowedPrincipals: strings(source, "allowedPrincipals") ?? DEFAULT_CONFIG.allowedPrincipals,
    ...(cloud !== undefined ? { cloud: cloud as Cloud } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(environment !== undefined ? { environment } : {}),
    ...(portList !== undefined ? { ports: portList } : {}),
    ...(servicePorts !== undefined ? { servicePorts } : {}),
    ...(subscriptionIds !== undefined ? { subscriptionIds } : {}),
    ...(requiredTags !== undefined ? { requiredTags } : {}),
  };
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

export interface FlatPackConfig {
  /** The config keys, merged across policies. */
  readonly config: Record<string, unknown>;
  /** Enforcement level overrides by policy name. */
  readonly enforcementLevels: Record<string, EnforcementLevel>;
}

/**
 * Reads a `--policy-pack-config` file (`{ "<policy>": "<level>" | { enforcementLevel?, ...keys } }`,
 * `all` for every policy) into one flat config and the level overrides, so that one file serves
 * `pulumi preview` and the offline evaluator. A key given to two policies must have one value.
 */
export function flattenPackConfig(raw: unknown, policyNames: readonly string[]): FlatPackConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new PolicyConfigError(
      'policy pack config must be a JSON object keyed by policy name, e.g. { "resources-in-configured-region": { "region": "us-east-1" } }',
    );
  const config: Record<string, unknown> = {};
  const enforcementLevels: Record<string, EnforcementLevel> = {};
  const setLevel = (policy: string, level: unknown): void => {
    if (!isLevel(level))
      throw new PolicyConfigError(
        `policy pack config ${policy}: enforcementLevel must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(level)}`,
      );
    for (const name of policy === "all" ? policyNames : [policy]) enforcementLevels[name] = level;
  };
  for (const [policy, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (policy !== "all" && !policyNames.includes(policy))
      throw new PolicyConfigError(
        `policy pack config names ${JSON.stringify(policy)}, which is not a policy of this pack (${policyNames.join(", ")})`,
      );
    if (typeof entry === "string") {
      setLevel(policy, entry);
      continue;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      throw new PolicyConfigError(`policy pack config ${policy} must be an enforcement level or an object, got ${JSON.stringify(entry)}`);
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (key === "enforcementLevel") {
        setLevel(policy, value);
        continue;
      }
      if (!(key in CONFIG_PROPERTIES))
        throw new PolicyConfigError(
          `policy pack config ${policy}.${key} is not a config key (${Object.keys(CONFIG_PROPERTIES).join(", ")})`,
        );
      if (key in config && JSON.stringify(config[key]) !== JSON.stringify(value))
        throw new PolicyConfigError(
          `policy pack config gives ${key} two values: ${JSON.stringify(config[key])} and ${JSON.stringify(value)} (${policy})`,
        );
      config[key] = value;
    }
  }
  readConfig(config);
  return { config, enforcementLevels };
}
