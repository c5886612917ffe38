/**
 * Everything in the Adobe Commerce cluster's cloud and region. The region of a resource is its own
 * `region` input (AWS provider v7 per-resource region) or `location` (Azure), else its provider's
 * `region` / `location`. Cross-region inputs (`serviceRegion` of an endpoint, `supportedRegions` of
 * an endpoint service) count too. Without a configured region, a resource is compared with its
 * provider's region, so a resource that overrides its provider's region is still caught. Azure
 * resources without `location` take their resource group's, which the pack cannot see: not judged.
 */
import { schemaFor } from "../config";
import { str, strs } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, type Subject, verdict } from "../rule";
import { cloudOfType, isKind, isProviderType } from "../tokens";

export const name = "resources-in-configured-region";

const WHY =
  'Adobe\'s guide: both sides "must be accessible through Virtual Private Cloud (VPC) endpoints configured on the same cloud platform (AWS or Azure) within the same cloud region"';

/** Azure accepts "East US" and "eastus" for the same region. */
function normalise(cloud: "aws" | "azure", region: string): string {
  return cloud === "azure" ? region.toLowerCase().replace(/\s+/g, "") : region;
}

function regionKey(cloud: "aws" | "azure"): string {
  return cloud === "aws" ? "region" : "location";
}

function providerRegion(subject: Subject, cloud: "aws" | "azure"): string | undefined {
  if (!subject.provider || cloudOfType(subject.provider.type) !== cloud) return undefined;
  return str(subject.provider.props, regionKey(cloud));
}

export const check: ResourceCheck = (subject, config) => {
  const cloud = cloudOfType(subject.type);
  if (cloud === undefined) return notApplicable("not an AWS or Azure resource");
  if (config.cloud !== undefined && cloud !== config.cloud)
    return verdict([
      explain(
        `${subject.type} is an ${cloud} resource in a stack configured for ${config.cloud}`,
        WHY,
        `create the PrivateLink resources on ${config.cloud}, where the Adobe Commerce cluster runs`,
      ),
    ]);
  const key = regionKey(cloud);
  const own = str(subject.props, key);
  const inherited = isProviderType(subject.type) ? undefined : providerRegion(subject, cloud);
  const expected = config.region ?? inherited;
  if (expected === undefined) return notApplicable("no region configured and no provider region known");
  const source = config.region !== undefined ? "the configured region" : "its provider's region";
  const target = normalise(cloud, expected);
  const problems: string[] = [];
  const actual = own ?? inherited;
  if (actual !== undefined && normalise(cloud, actual) !== target)
    problems.push(
      explain(
        `${own !== undefined ? key : `provider ${key}`} is ${JSON.stringify(actual)}, not ${source} ${JSON.stringify(expected)}`,
        WHY,
        `create it in ${JSON.stringify(expected)}${own !== undefined ? ` (set ${key}: ${JSON.stringify(expected)} or remove it to use the provider's)` : " (use a provider for that region)"}`,
      ),
    );
  if (isKind(subject.type, "aws-vpc-endpoint")) {
    const serviceRegion = str(subject.props, "serviceRegion");
    if (serviceRegion !== undefined && serviceRegion !== expected)
      problems.push(
        explain(
          `serviceRegion is ${JSON.stringify(serviceRegion)}: a cross-region endpoint, not ${source} ${JSON.stringify(expected)}`,
          WHY,
          "remove serviceRegion",
        ),
      );
  }
  if (isKind(subject.type, "aws-vpc-endpoint-service")) {
    const others = (strs(subject.props, "supportedRegions") ?? []).filter((r) => r !== expected);
    if (others.length > 0)
      problems.push(
        explain(
          `supportedRegions admits ${others.map((r) => JSON.stringify(r)).join(", ")}: cross-region consumers`,
          WHY,
          "remove supportedRegions",
        ),
      );
  }
  return problems.length === 0 ? COMPLIANT : verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Every AWS/Azure resource and provider is in the configured cloud and region (Adobe Commerce's).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaFor("region", "cloud"),
    remediationSteps: "Use one explicit provider for the Adobe Commerce region and no per-resource region/location overrides.",
  },
  check,
);
