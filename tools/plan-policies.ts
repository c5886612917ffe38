/**
 * The offline plan's link to the policy pack: the stack's settings become the pack's policy config
 * (the same facts `pulumi preview --policy-pack-config` would be given), and the planned resources go
 * through the pack's own offline evaluator, so the plan reports exactly what CrossGuard would.
 */
import type { Settings } from "../config/settings";
import type { PolicyConfig } from "../policy/config";
import { evaluatePolicies } from "../policy/evaluate";
import type { PolicyEvaluator, PolicyFinding } from "./plan";

/** The policy config that describes a stack. Principals stay at the pack's default: Adobe's. */
export function policyConfigOf(settings: Settings): Omit<PolicyConfig, "allowedPrincipals"> {
  const tags = Object.keys(settings.tags);
  return {
    cloud: settings.cloud,
    region: settings.region,
    environment: settings.adobe.environment,
    ports: settings.adobe.ports.map((p) => p.port),
    servicePorts: settings.services.map((s) => s.port),
    ...(settings.cloud === "azure" ? { subscriptionIds: settings.azure.subscriptionIds } : {}),
    // The stack's own tags are the ones every taggable resource must carry.
    ...(tags.length > 0 ? { requiredTags: tags } : {}),
  };
}

export const evaluatePlan: PolicyEvaluator = (resources, settings) =>
  evaluatePolicies(
    // The plan's JSON says null for "child of the stack"; the evaluator says undefined.
    resources.map((resource) => ({ ...resource, parent: resource.parent ?? undefined })),
    policyConfigOf(settings),
  ).map((finding): PolicyFinding => ({
    policy: finding.policy,
    enforcementLevel: finding.enforcementLevel,
    // The evaluator reports a stack-level finding without a stack resource as "".
    urn: finding.urn === "" ? null : finding.urn,
    message: finding.message,
  }));
