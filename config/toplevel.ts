/**
 * The stack's key/value map as Pulumi hands it over: the project's keys are split from the provider
 * keys (`aws:*`, `azure-native:*`), structured values parsed, and keys under another namespace that
 * the project would read (a renamed project, a missing prefix) named with the prefix expected.
 */
import type { Cloud } from "../rules/adobe";
import { regionProblem } from "../rules/regions";
import { nearest } from "../lib/suggest";
import { type Json, type Problems, text } from "./check";
import { PROJECT, STRUCTURED_KEYS, TOP_LEVEL_KEYS, type TopLevelKey } from "./keys";
import { PROVIDER_NAMESPACES } from "./providers";

export interface TopLevel {
  /** The project's keys, structured values parsed from JSON. */
  readonly values: Partial<Record<TopLevelKey, Json>>;
  /** Provider keys (`aws:profile`), by full key, as Pulumi hands them (text). */
  readonly providerKeys: Readonly<Record<string, string>>;
  /** Project keys found under another namespace: their "is required" problem is not repeated. */
  readonly misplaced: ReadonlySet<string>;
}

function split(fullKey: string): { namespace: string; key: string } {
  const colon = fullKey.indexOf(":");
  return colon < 0 ? { namespace: "", key: fullKey } : { namespace: fullKey.slice(0, colon), key: fullKey.slice(colon + 1) };
}

function isTopLevel(key: string): key is TopLevelKey {
  return (TOP_LEVEL_KEYS as readonly string[]).includes(key);
}

export function readTopLevel(p: Problems, raw: Readonly<Record<string, string>>): TopLevel {
  const values: Partial<Record<TopLevelKey, Json>> = {};
  const providerKeys: Record<string, string> = {};
  const misplaced = new Set<string>();
  for (const [fullKey, value] of Object.entries(raw)) {
    const { namespace, key } = split(fullKey);
    if (namespace !== PROJECT) {
      if (namespace === "pulumi") continue;
      if (PROVIDER_NAMESPACES.includes(namespace)) {
        providerKeys[fullKey] = value;
      } else if (isTopLevel(key) || (namespace !== "" && nearest(namespace, [PROJECT]) !== undefined)) {
        if (isTopLevel(key)) misplaced.add(key);
        p.add(
          fullKey,
          value,
          namespace === ""
            ? `has no namespace: the program reads only keys under ${PROJECT}: (the project's name in Pulumi.yaml)`
            : `is under the namespace ${namespace}:, but the program reads only keys under ${PROJECT}: (the project's name in Pulumi.yaml; a renamed project leaves its keys under the old name)`,
          `rename it to ${PROJECT}:${key}`,
        );
      }
      continue;
    }
    if (!isTopLevel(key)) {
      const guess = nearest(key, TOP_LEVEL_KEYS);
      p.add(
        key === "" ? fullKey : key,
        value,
        `is not a config key of ${PROJECT}`,
        guess ? `rename it to ${guess}` : `remove it (keys: ${TOP_LEVEL_KEYS.join(", ")})`,
      );
      continue;
    }
    if (STRUCTURED_KEYS.includes(key)) {
      try {
        values[key] = JSON.parse(value) as Json;
      } catch {
        p.add(key, value, "must be a YAML mapping or list, not text", "write it as a mapping or list in the stack file (see README)");
      }
    } else {
      values[key] = value;
    }
  }
  return { values, providerKeys, misplaced };
}

/** `region`: a commercial region of the cloud, with the near miss; separate clouds refused with why. */
export function readRegion(p: Problems, value: Json, cloud: Cloud | undefined): string | undefined {
  const region = text(p, "region", value, true, "set the Adobe Commerce cluster's region, e.g. us-east-1 (aws) or eastus (azure)");
  if (region === undefined || cloud === undefined) return region;
  const problem = regionProblem(cloud, region);
  return problem ? p.add("region", region, problem.rule, problem.fix) : region;
}
