/**
 * Resource kinds by type token. A policy asks "is this an AWS load balancer?", not "is the token
 * exactly aws:lb/loadBalancer:LoadBalancer?", so that the deprecated and aliased tokens of the same
 * resource (the SDKs' `aliases` lists) and azure-native's versioned tokens are covered too: a
 * hand-written program that uses `aws.alb.LoadBalancer` or `network.v20230201.PrivateEndpoint`
 * creates the same cloud resource and gets the same checks.
 */

export type Kind =
  | "aws-vpc-endpoint"
  | "aws-vpc-endpoint-service"
  | "aws-vpc-endpoint-service-allowed-principal"
  | "aws-vpc-endpoint-connection-accepter"
  | "aws-security-group"
  | "aws-security-group-rule"
  | "aws-security-group-ingress-rule"
  | "aws-security-group-egress-rule"
  | "aws-load-balancer"
  | "aws-classic-load-balancer"
  | "aws-target-group"
  | "aws-listener"
  | "aws-target-group-attachment"
  | "aws-provider"
  | "azure-private-endpoint"
  | "azure-load-balancer"
  | "azure-private-link-service"
  | "azure-private-link-service-connection"
  | "azure-network-security-group"
  | "azure-security-rule"
  | "azure-inbound-nat-rule"
  | "azure-application-security-group"
  | "azure-provider";

/** The load-balancing modules of @pulumi/aws: `lb` today, `alb` the same resource, and their old names. */
const AWS_LB_MODULES = ["lb", "alb", "elasticloadbalancingv2", "applicationloadbalancing"];

/** `module/Resource` -> kind, for every AWS token, current and aliased (see @pulumi/aws 7 `aliases`). */
const AWS_KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ["ec2/vpcEndpoint:VpcEndpoint", "aws-vpc-endpoint"],
  ["ec2/vpcEndpointService:VpcEndpointService", "aws-vpc-endpoint-service"],
  ["ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple", "aws-vpc-endpoint-service-allowed-principal"],
  ["ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter", "aws-vpc-endpoint-connection-accepter"],
  ["ec2/securityGroup:SecurityGroup", "aws-security-group"],
  ["ec2/securityGroupRule:SecurityGroupRule", "aws-security-group-rule"],
  ["vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws-security-group-ingress-rule"],
  ["vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws-security-group-egress-rule"],
  ["elb/loadBalancer:LoadBalancer", "aws-classic-load-balancer"],
  // @pulumi/aws 4 and older: `aws.elasticloadbalancing.LoadBalancer` (classic).
  ["elasticloadbalancing/loadBalancer:LoadBalancer", "aws-classic-load-balancer"],
  ...AWS_LB_MODULES.flatMap((module): [string, Kind][] => [
    [`${module}/loadBalancer:LoadBalancer`, "aws-load-balancer"],
    [`${module}/targetGroup:TargetGroup`, "aws-target-group"],
    [`${module}/listener:Listener`, "aws-listener"],
    [`${module}/targetGroupAttachment:TargetGroupAttachment`, "aws-target-group-attachment"],
  ]),
]);

/** azure-native `network` resources, by the resource part of the token (versioned or not). */
const AZURE_NETWORK_KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ["PrivateEndpoint", "azure-private-endpoint"],
  // The 2019-02-01 API called private endpoints "interface endpoints"; the SDK still aliases it.
  ["InterfaceEndpoint", "azure-private-endpoint"],
  ["LoadBalancer", "azure-load-balancer"],
  ["PrivateLinkService", "azure-private-link-service"],
  ["PrivateLinkServicePrivateEndpointConnection", "azure-private-link-service-connection"],
  ["NetworkSecurityGroup", "azure-network-security-group"],
  ["SecurityRule", "azure-security-rule"],
  ["InboundNatRule", "azure-inbound-nat-rule"],
  ["ApplicationSecurityGroup", "azure-application-security-group"],
]);

/** `azure-native:network:X` and `azure-native:network/v20230201:X` (and `.../v20190401preview:X`). */
const AZURE_NETWORK_TOKEN = /^azure-native:network(?:\/v[0-9]{8}(?:preview)?)?:([A-Za-z]+)$/;

export function kindOf(type: string): Kind | undefined {
  if (type === "pulumi:providers:aws") return "aws-provider";
  if (type === "pulumi:providers:azure-native") return "azure-provider";
  if (type.startsWith("aws:")) return AWS_KINDS.get(type.slice("aws:".length));
  const azure = AZURE_NETWORK_TOKEN.exec(type);
  return azure ? AZURE_NETWORK_KINDS.get(azure[1] as string) : undefined;
}

export function isKind(type: string, ...kinds: Kind[]): boolean {
  const kind = kindOf(type);
  return kind !== undefined && kinds.includes(kind);
}

/** The cloud a resource (or provider) lives in, from its package; undefined for anything else. */
export function cloudOfType(type: string): "aws" | "azure" | undefined {
  if (type.startsWith("aws:") || type === "pulumi:providers:aws") return "aws";
  if (type.startsWith("azure-native:") || type === "pulumi:providers:azure-native") return "azure";
  return undefined;
}

export function isProviderType(type: string): boolean {
  return type.startsWith("pulumi:providers:");
}
