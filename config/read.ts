/**
 * The only reader of Pulumi config. It hands the stack's whole key/value map to the pure validation and
 * throws every problem at once, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "./keys";
import { ConfigError } from "./problems";
import type { Settings } from "./settings";
import { validateConfig } from "./validate";

export function loadSettings(): Settings {
  const result = validateConfig(pulumi.runtime.allConfig());
  if (!result.ok) throw new ConfigError(PROJECT, result.problems);
  for (const warning of result.warnings) void pulumi.log.warn(warning);
  return result.settings;
}
