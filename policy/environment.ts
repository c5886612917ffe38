/**
 * The policy config's environment as the production-only policies read it. An environment the pack
 * does not know (`Production`, `prod`) must not silently switch the production checks off: it is a
 * mandatory finding of each production-only policy, on every resource that policy judges.
 */
import { ENVIRONMENTS, UNSUPPORTED_ENVIRONMENTS } from "../rules/adobe";
import type { PolicyConfig } from "./config";
import { explain } from "./rule";

export type EnvironmentReading = { readonly kind: "production" | "other" } | { readonly kind: "unknown"; readonly message: string };

export function readEnvironment(config: PolicyConfig): EnvironmentReading {
  const environment = config.environment;
  if (environment === undefined) return { kind: "other" };
  if (environment === "production") return { kind: "production" };
  if ((ENVIRONMENTS as readonly string[]).includes(environment)) return { kind: "other" };
  const lowered = environment.trim().toLowerCase();
  const near = ENVIRONMENTS.find((e) => e === lowered || e.startsWith(lowered.slice(0, 4)));
  const unsupported = UNSUPPORTED_ENVIRONMENTS[lowered];
  return {
    kind: "unknown",
    message: explain(
      `policy config environment is ${JSON.stringify(environment)}, not one of ${ENVIRONMENTS.join(", ")}`,
      `the production-only checks cannot tell whether they apply, and skipping them would pass a production stack unchecked${unsupported ? `; besides, ${unsupported} (Adobe's guide)` : ""}`,
      near ? `set environment to "${near}"` : `set environment to one of ${ENVIRONMENTS.join(", ")}`,
    ),
  };
}
