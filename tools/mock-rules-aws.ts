/**
 * What AWS and the Pulumi engine refuse, as pure rules the mocks apply, so that a program that would
 * fail in a real `pulumi up` fails its tests too. Each rule cites where the refusal comes from.
 */
import { insideAny } from "../components/aws/targets";
import { type Kind, resourceType } from "../lib/resourceTypes";
import { AWS_QUOTAS, LIMITS } from "../rules/quotas";

/** A subnet the mocks place in another VPC than the stack's, to exercise the subnet check. */
export const OTHER_VPC_SUBNET = "subnet-0f0f0f0f0f0f0f0f0";
export const OTHER_VPC = "vpc-0f0f0f0f0f0f0f0f0";
/** A block the mocks list on the stack's VPC as disassociated: outside the VPC for its targets. */
export const REMOVED_VPC_BLOCK = "100.99.0.0/16";

/** What the rules may look at: the resources registered so far and the VPC's CIDR blocks. */
export interface AwsMockWorld {
  readonly resources: readonly { readonly type: string; readonly inputs: Record<string, unknown> }[];
  readonly vpcCidrs: readonly string[];
}

/** The kinds of lib/resourceTypes.ts the rules look at: a type is judged by its kind, so its aliases are too. */
const RULE_QUOTAS: Partial<Record<Kind, () => number>> = {
  "aws-security-group-ingress-rule": () => AWS_QUOTAS.inboundRulesPerSecurityGroup,
  "aws-security-group-egress-rule": () => AWS_QUOTAS.outboundRulesPerSecurityGroup,
};
const DESCRIBED: readonly Kind[] = ["aws-security-group", "aws-security-group-ingress-rule", "aws-security-group-egress-rule"];

/**
 * The error AWS would answer a create with, or undefined when AWS accepts it.
 * - Rules per security group (per direction): "RulesPerSecurityGroupLimitExceeded" (Amazon VPC quotas).
 * - Descriptions of groups and rules: at most 255 characters (EC2 API, IpRange.Description).
 * - An IP target outside the VPC's blocks needs AvailabilityZone "all" (ELBv2 RegisterTargets).
 * - At most 50 tags per resource (EC2 and ELBv2 tag restrictions).
 * - No second security group rule equal to one the group has ("InvalidPermission.Duplicate", EC2
 *   AuthorizeSecurityGroupIngress/Egress), no second listener on a load balancer's port
 *   ("DuplicateListener", ELBv2 CreateListener): the type's `uniqueBy` inputs.
 */
export function awsMockRefusal(type: string, inputs: Record<string, unknown>, world: AwsMockWorld): string | undefined {
  const entry = resourceType(type);
  if (entry?.cloud !== "aws" || entry.kind === undefined) return undefined;
  const kind = entry.kind;
  const description = inputs.description;
  if (DESCRIBED.includes(kind) && typeof description === "string" && description.length > LIMITS.awsRuleDescription) {
    return `InvalidParameterValue: description of ${description.length} characters; AWS allows at most ${LIMITS.awsRuleDescription}`;
  }
  const quota = RULE_QUOTAS[kind]?.();
  if (quota !== undefined) {
    const existing = world.resources.filter(
      (r) => resourceType(r.type)?.kind === kind && r.inputs.securityGroupId === inputs.securityGroupId,
    ).length;
    if (existing + 1 > quota) {
      return `RulesPerSecurityGroupLimitExceeded: rule ${existing + 1} of security group ${String(inputs.securityGroupId)}; the quota is ${quota}`;
    }
  }
  if (kind === "aws-target-group-attachment") {
    const target = String(inputs.targetId);
    if (!insideAny(target, world.vpcCidrs) && inputs.availabilityZone !== "all") {
      return `ValidationError: the IP address ${target} is outside the VPC (${world.vpcCidrs.join(", ")}); register it with availability zone all`;
    }
  }
  const unique = entry.uniqueBy;
  // The first key names the group or load balancer; unknown (a preview), nothing can be compared.
  if (unique !== undefined && inputs[unique[0] ?? ""] !== undefined) {
    const same = (r: AwsMockWorld["resources"][number]): boolean =>
      r.type === type && unique.every((key) => JSON.stringify(r.inputs[key]) === JSON.stringify(inputs[key]));
    if (world.resources.some(same)) {
      const code = kind === "aws-listener" ? "DuplicateListener" : "InvalidPermission.Duplicate";
      return `${code}: the same ${unique.filter((key) => inputs[key] !== undefined).join(", ")} already exists`;
    }
  }
  const tags = inputs.tags;
  if (typeof tags === "object" && tags !== null && Object.keys(tags).length > LIMITS.awsTagsPerResource) {
    return `TagLimitExceeded: ${Object.keys(tags).length} tags; AWS allows ${LIMITS.awsTagsPerResource} per resource`;
  }
  return undefined;
}

/**
 * What the engine refuses when a program run follows another one on the same stack: a resource that
 * the earlier run protected and the later one no longer declares. The engine reads `protect` from the
 * state, so neither `retainOnDelete` nor `protect: false` in the same change lets it go (pulumi/pulumi
 * pkg/resource/deploy/step.go, DeleteStep: "refusing to delete protected resource").
 */
export function lifecycleRefusals(
  before: ReadonlyMap<string, { readonly protect: boolean | undefined }>,
  after: ReadonlyMap<string, unknown>,
): string[] {
  return [...before]
    .filter(([name, options]) => options.protect === true && !after.has(name))
    .map(([name]) => `refusing to delete protected resource ${name} (protect is read from the state; unprotect it in an earlier update)`);
}
