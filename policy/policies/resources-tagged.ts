/**
 * Taggable PrivateLink resources carry tags (advisory): the connection is shared with Adobe and
 * lives for years, and tags are how owners and cost centres find it. With `requiredTags` configured
 * each key must be present; otherwise at least one tag. AWS provider `defaultTags` count.
 */
import { schemaFor } from "../config";
import { obj, strMap } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { isKind, type Kind } from "../tokens";

export const name = "resources-tagged";

const TAGGABLE: readonly Kind[] = [
  "aws-vpc-endpoint",
  "aws-vpc-endpoint-service",
  "aws-security-group",
  "aws-load-balancer",
  "aws-target-group",
  "azure-private-endpoint",
  "azure-private-link-service",
  "azure-load-balancer",
  "azure-network-security-group",
  "azure-application-security-group",
];

export const check: ResourceCheck = (subject, config) => {
  if (!isKind(subject.type, ...TAGGABLE)) return notApplicable("not a taggable PrivateLink resource");
  const defaultTags = subject.provider ? strMap(obj(subject.provider.props, "defaultTags") ?? {}, "tags") : undefined;
  const tags = { ...defaultTags, ...strMap(subject.props, "tags") };
  const keys = Object.keys(tags);
  const required = config.requiredTags ?? [];
  const why = "tags tell who owns the PrivateLink connection and who pays for it (customers bear the cost of their side, Adobe's guide)";
  if (required.length > 0) {
    const missing = required.filter((k) => !(k in tags));
    if (missing.length === 0) return COMPLIANT;
    return verdict([
      explain(
        `tags ${JSON.stringify(keys)} miss the required ${missing.join(", ")}`,
        why,
        `add ${missing.join(", ")} (commerce-privatelink:tags)`,
      ),
    ]);
  }
  if (keys.length > 0) return COMPLIANT;
  return verdict([explain("the resource has no tags", why, "set commerce-privatelink:tags, e.g. { owner: ..., cost-center: ... }")]);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Taggable PrivateLink resources carry tags (advisory).",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: schemaFor("requiredTags"),
    remediationSteps: "Set commerce-privatelink:tags (or provider defaultTags) with the required keys.",
  },
  check,
);
