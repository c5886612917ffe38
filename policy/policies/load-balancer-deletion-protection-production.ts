/**
 * Production load balancers have deletion protection: deleting the load balancer behind the
 * endpoint service breaks Adobe's connection to the customer, and recreating it means a new Adobe
 * ticket. Outside production the same check is advisory (load-balancer-deletion-protection-non-production).
 */
import { schemaFor } from "../config";
import { readEnvironment } from "../environment";
import { bool } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, show, type ResourceCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "load-balancer-deletion-protection-production";

/** The shared check: deletion protection on an AWS load balancer, whatever the environment. */
export function deletionProtection(subject: Parameters<ResourceCheck>[0]): ReturnType<ResourceCheck> {
  if (!isKind(subject.type, "aws-load-balancer")) return notApplicable("not an AWS load balancer");
  const enabled = bool(subject.props, "enableDeletionProtection");
  if (enabled === true) return COMPLIANT;
  return verdict([
    explain(
      `enableDeletionProtection is ${show(enabled)}`,
      "the load balancer serves Adobe's connection to the customer; deleting it breaks the connection and a new one needs a new Adobe ticket (checkov CKV_AWS_150, AWS Security Hub ELB.6)",
      "set enableDeletionProtection: true (set commerce-privatelink:protect, which turns it on)",
    ),
  ]);
}

export const check: ResourceCheck = (subject, config) => {
  const environment = readEnvironment(config);
  if (environment.kind === "unknown")
    return isKind(subject.type, "aws-load-balancer") ? verdict([environment.message]) : notApplicable("not an AWS load balancer");
  if (environment.kind !== "production")
    return notApplicable(
      `environment is ${show(config.environment)}, not production (see load-balancer-deletion-protection-non-production)`,
    );
  return deletionProtection(subject);
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS load balancers have deletion protection in production.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaFor("environment"),
    remediationSteps: "Set enableDeletionProtection: true on production load balancers.",
  },
  check,
);
