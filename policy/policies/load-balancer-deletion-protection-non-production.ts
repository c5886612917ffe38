/**
 * Outside production (and when the environment is not known) deletion protection is advised, not
 * required: staging stacks are torn down and rebuilt, and protection would block `pulumi destroy`.
 */
import { schemaFor } from "../config";
import { notApplicable, resourcePolicy, type ResourceCheck } from "../rule";
import { deletionProtection } from "./load-balancer-deletion-protection-production";

export const name = "load-balancer-deletion-protection-non-production";

export const check: ResourceCheck = (subject, config) => {
  if (config.environment === "production") return notApplicable("production is checked by load-balancer-deletion-protection-production");
  return deletionProtection(subject);
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS load balancers outside production should have deletion protection (advisory).",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: schemaFor("environment"),
    remediationSteps: "Set enableDeletionProtection: true, or accept the advice for short-lived stacks.",
  },
  check,
);
