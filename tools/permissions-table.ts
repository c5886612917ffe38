/**
 * The permissions each planned resource type and each plan-time lookup (invoke) needs, as data: what
 * `pulumi preview`/`refresh` read, what `pulumi up` creates and updates, what `pulumi destroy` deletes.
 * `permissions.ts` turns the entries of a stack's planned types into an IAM policy or Azure roles.
 *
 * Action names come from the clouds' own references (the `sources` of each entry):
 *  - AWS Service Authorization Reference, Amazon EC2:
 *    https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 *  - AWS Service Authorization Reference, Elastic Load Balancing V2:
 *    https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
 *  - ELB tag-on-create (elasticloadbalancing:AddTags with elasticloadbalancing:CreateAction):
 *    https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources-during-creation.html
 *  - Azure resource provider operations, Microsoft.Network:
 *    https://learn.microsoft.com/en-us/azure/role-based-access-control/permissions/networking
 *  - Azure RBAC permissions for Private Link:
 *    https://learn.microsoft.com/en-us/azure/private-link/rbac-permissions
 *
 * Which provider calls are made (a security group's default egress rule revoked after create, the
 * network interfaces waited for on delete) follows the AWS provider's resource implementations.
 */

export const SOURCES = {
  ec2: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html",
  elbv2: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html",
  elbTagOnCreate: "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources-during-creation.html",
  ec2TagOnCreate: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html",
  iam: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html",
  elbServiceLinkedRole: "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html",
  sts: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html",
  /** The provider's VPC data source: after DescribeVpcs it reads three VPC attributes and the main route table. */
  vpcLookup: "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ec2/vpc_data_source.go",
  network: "https://learn.microsoft.com/en-us/azure/role-based-access-control/permissions/networking",
  privateLink: "https://learn.microsoft.com/en-us/azure/private-link/rbac-permissions",
  clientConfig: "https://www.pulumi.com/registry/packages/azure-native/api-docs/authorization/getclientconfig/",
} as const;

// ---------------------------------------------------------------------------------------------------
// AWS

/** AWS resource types (ARN forms) an action can be scoped to. */
export type AwsArnKind =
  | "security-group"
  | "security-group-rule"
  | "vpc-endpoint"
  | "vpc-endpoint-service"
  | "vpc"
  | "subnet"
  | "loadbalancer/net"
  | "targetgroup"
  | "listener/net"
  | "service-linked-role";

/**
 * How a grant is scoped:
 *  - `region`: the action supports no resource-level permission (`*` only), so it is pinned to the
 *    stack's region with `aws:RequestedRegion`;
 *  - `new`: a resource the action creates, with the tags the program sets (`aws:RequestTag`);
 *  - `own`: a resource the program created (`aws:ResourceTag/Name` starts with the program's prefix);
 *  - `stack`: the stack's own VPC or subnets, by id from config;
 *  - `tag-on-create`: tagging allowed only inside the create call (`ec2:CreateAction` /
 *    `elasticloadbalancing:CreateAction`);
 *  - `slr`: the Elastic Load Balancing service-linked role, only for its service.
 */
export type AwsScope = "region" | "new" | "own" | "stack" | "tag-on-create" | "slr";

export interface AwsGrant {
  readonly action: string;
  /** Every resource type of the action, with its scope; empty: `*` only (scope `region`). */
  readonly on: Readonly<Partial<Record<AwsArnKind, AwsScope>>>;
}

export type Phase = "read" | "create" | "update" | "delete";

export interface PermissionEntry<Grant> {
  readonly sources: readonly string[];
  /** Why the entry is what it is, where that is not obvious (shown in the report). */
  readonly note?: string;
  readonly read: readonly Grant[];
  readonly create: readonly Grant[];
  readonly update: readonly Grant[];
  readonly delete: readonly Grant[];
}

/** A provider or lookup that needs no permission at all. */
function noPermission(sources: readonly string[], note: string): PermissionEntry<never> {
  return { sources, note, read: [], create: [], update: [], delete: [] };
}

/** A plan-time lookup: read-only, needed in every phase. */
function lookup<G>(sources: readonly string[], read: readonly G[], note?: string): PermissionEntry<G> {
  return { sources, ...(note !== undefined ? { note } : {}), read, create: [], update: [], delete: [] };
}

/** An action AWS authorizes on no resource ARN (the Describe calls): `Resource: "*"` is its only form. */
const unscoped = (action: string): AwsGrant => ({ action, on: {} });
const on = (action: string, scopes: AwsGrant["on"]): AwsGrant => ({ action, on: scopes });
const own = (action: string, kind: AwsArnKind): AwsGrant => on(action, { [kind]: "own" });

/** EC2 tags on a resource the program created: set and removed by `pulumi up` when config tags change. */
function ec2Tags(kind: AwsArnKind): AwsGrant[] {
  return [own("ec2:CreateTags", kind), own("ec2:DeleteTags", kind)];
}

function elbTags(kind: AwsArnKind): AwsGrant[] {
  return [own("elasticloadbalancing:AddTags", kind), own("elasticloadbalancing:RemoveTags", kind)];
}

const EC2 = [SOURCES.ec2, SOURCES.ec2TagOnCreate];
const ELB = [SOURCES.elbv2, SOURCES.elbTagOnCreate];

/** The security group rule resources of the `aws.vpc` module: one entry per direction. */
function ruleEntry(direction: "Ingress" | "Egress"): PermissionEntry<AwsGrant> {
  return {
    sources: EC2,
    read: [unscoped("ec2:DescribeSecurityGroupRules")],
    create: [
      on(`ec2:AuthorizeSecurityGroup${direction}`, { "security-group": "own", "security-group-rule": "new" }),
      on("ec2:CreateTags", { "security-group-rule": "tag-on-create" }),
    ],
    update: [on("ec2:ModifySecurityGroupRules", { "security-group": "own" }), ...ec2Tags("security-group-rule")],
    delete: [on(`ec2:RevokeSecurityGroup${direction}`, { "security-group": "own", "security-group-rule": "own" })],
  };
}

/** Per AWS resource type token and invoke token. */
export const AWS_PERMISSIONS: Readonly<Record<string, PermissionEntry<AwsGrant>>> = {
  "pulumi:providers:aws": noPermission(
    [SOURCES.sts],
    "the provider checks its credentials with sts:GetCallerIdentity, which needs no permission",
  ),
  "aws:index/getCallerIdentity:getCallerIdentity": noPermission(
    [SOURCES.sts],
    "sts:GetCallerIdentity needs no permission: AWS allows it to every identity",
  ),
  "aws:ec2/getSubnet:getSubnet": lookup(EC2, [unscoped("ec2:DescribeSubnets")]),
  "aws:ec2/getVpc:getVpc": lookup(
    [SOURCES.ec2, SOURCES.vpcLookup],
    [unscoped("ec2:DescribeVpcs"), unscoped("ec2:DescribeVpcAttribute"), unscoped("ec2:DescribeRouteTables")],
    "bidirectional: the VPC's CIDR blocks decide which targets are registered with availabilityZone all; the provider also reads the VPC's DNS attributes and main route table",
  ),
  "aws:ec2/getVpcEndpointService:getVpcEndpointService": lookup(EC2, [unscoped("ec2:DescribeVpcEndpointServices")]),
  "aws:ec2/securityGroup:SecurityGroup": {
    sources: EC2,
    note: "after create the provider revokes AWS's default allow-all egress rule; on delete it looks for network interfaces still using the group",
    read: [unscoped("ec2:DescribeSecurityGroups")],
    create: [
      on("ec2:CreateSecurityGroup", { "security-group": "new", vpc: "stack" }),
      on("ec2:CreateTags", { "security-group": "tag-on-create" }),
      own("ec2:RevokeSecurityGroupEgress", "security-group"),
    ],
    update: ec2Tags("security-group"),
    delete: [own("ec2:DeleteSecurityGroup", "security-group"), unscoped("ec2:DescribeNetworkInterfaces")],
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ruleEntry("Ingress"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ruleEntry("Egress"),
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    sources: EC2,
    note: "the interface endpoint is created only for Adobe's endpoint service name (ec2:VpceServiceName)",
    read: [unscoped("ec2:DescribeVpcEndpoints"), unscoped("ec2:DescribePrefixLists")],
    create: [
      on("ec2:CreateVpcEndpoint", { "vpc-endpoint": "new", vpc: "stack", subnet: "stack", "security-group": "own" }),
      on("ec2:CreateTags", { "vpc-endpoint": "tag-on-create" }),
    ],
    update: [on("ec2:ModifyVpcEndpoint", { "vpc-endpoint": "own", subnet: "stack", "security-group": "own" }), ...ec2Tags("vpc-endpoint")],
    delete: [own("ec2:DeleteVpcEndpoints", "vpc-endpoint")],
  },
  "aws:ec2/vpcEndpointService:VpcEndpointService": {
    sources: EC2,
    read: [unscoped("ec2:DescribeVpcEndpointServiceConfigurations"), unscoped("ec2:DescribeVpcEndpointServicePermissions")],
    create: [
      on("ec2:CreateVpcEndpointServiceConfiguration", { "vpc-endpoint-service": "new" }),
      on("ec2:CreateTags", { "vpc-endpoint-service": "tag-on-create" }),
      own("ec2:ModifyVpcEndpointServicePermissions", "vpc-endpoint-service"),
    ],
    update: [
      own("ec2:ModifyVpcEndpointServiceConfiguration", "vpc-endpoint-service"),
      own("ec2:ModifyVpcEndpointServicePermissions", "vpc-endpoint-service"),
      ...ec2Tags("vpc-endpoint-service"),
    ],
    delete: [own("ec2:DeleteVpcEndpointServiceConfigurations", "vpc-endpoint-service")],
  },
  "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": {
    sources: EC2,
    note: "deleting an acceptance rejects Adobe's connection; the program retains it on delete, so destroy needs no reject",
    read: [unscoped("ec2:DescribeVpcEndpointConnections")],
    create: [own("ec2:AcceptVpcEndpointConnections", "vpc-endpoint-service")],
    update: [],
    delete: [own("ec2:RejectVpcEndpointConnections", "vpc-endpoint-service")],
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    sources: [...ELB, SOURCES.elbServiceLinkedRole, SOURCES.iam],
    note:
      "the first load balancer of an account creates the Elastic Load Balancing service-linked role; attributes and " +
      "security group settings are applied after create; delete waits for the load balancer's network interfaces",
    read: [
      unscoped("elasticloadbalancing:DescribeLoadBalancers"),
      unscoped("elasticloadbalancing:DescribeLoadBalancerAttributes"),
      unscoped("elasticloadbalancing:DescribeTags"),
    ],
    create: [
      on("elasticloadbalancing:CreateLoadBalancer", { "loadbalancer/net": "new" }),
      on("elasticloadbalancing:AddTags", { "loadbalancer/net": "tag-on-create" }),
      own("elasticloadbalancing:ModifyLoadBalancerAttributes", "loadbalancer/net"),
      own("elasticloadbalancing:SetSecurityGroups", "loadbalancer/net"),
      on("iam:CreateServiceLinkedRole", { "service-linked-role": "slr" }),
    ],
    update: [
      own("elasticloadbalancing:ModifyLoadBalancerAttributes", "loadbalancer/net"),
      own("elasticloadbalancing:SetSecurityGroups", "loadbalancer/net"),
      own("elasticloadbalancing:SetSubnets", "loadbalancer/net"),
      ...elbTags("loadbalancer/net"),
    ],
    delete: [own("elasticloadbalancing:DeleteLoadBalancer", "loadbalancer/net"), unscoped("ec2:DescribeNetworkInterfaces")],
  },
  "aws:lb/targetGroup:TargetGroup": {
    sources: ELB,
    read: [
      unscoped("elasticloadbalancing:DescribeTargetGroups"),
      unscoped("elasticloadbalancing:DescribeTargetGroupAttributes"),
      unscoped("elasticloadbalancing:DescribeTags"),
    ],
    create: [
      on("elasticloadbalancing:CreateTargetGroup", { targetgroup: "new" }),
      on("elasticloadbalancing:AddTags", { targetgroup: "tag-on-create" }),
      own("elasticloadbalancing:ModifyTargetGroupAttributes", "targetgroup"),
    ],
    update: [
      own("elasticloadbalancing:ModifyTargetGroup", "targetgroup"),
      own("elasticloadbalancing:ModifyTargetGroupAttributes", "targetgroup"),
      ...elbTags("targetgroup"),
    ],
    delete: [own("elasticloadbalancing:DeleteTargetGroup", "targetgroup")],
  },
  "aws:lb/targetGroupAttachment:TargetGroupAttachment": {
    sources: ELB,
    read: [unscoped("elasticloadbalancing:DescribeTargetHealth")],
    create: [own("elasticloadbalancing:RegisterTargets", "targetgroup")],
    update: [],
    delete: [own("elasticloadbalancing:DeregisterTargets", "targetgroup")],
  },
  "aws:lb/listener:Listener": {
    sources: ELB,
    read: [
      unscoped("elasticloadbalancing:DescribeListeners"),
      unscoped("elasticloadbalancing:DescribeListenerAttributes"),
      unscoped("elasticloadbalancing:DescribeTags"),
    ],
    create: [
      on("elasticloadbalancing:CreateListener", { "listener/net": "new", "loadbalancer/net": "own" }),
      on("elasticloadbalancing:AddTags", { "listener/net": "tag-on-create" }),
    ],
    update: [on("elasticloadbalancing:ModifyListener", { "listener/net": "own" }), ...elbTags("listener/net")],
    delete: [own("elasticloadbalancing:DeleteListener", "listener/net")],
  },
};

// ---------------------------------------------------------------------------------------------------
// Azure

/**
 * Where an Azure action is granted: the stack's resource group, the customer's subnets the program
 * reads and joins (endpoint and service subnet), or those subnets' virtual networks (read at plan
 * time for their region).
 */
export type AzureScope = "resource-group" | "subnet" | "virtual-network";

export interface AzureGrant {
  readonly action: string;
  readonly scope: AzureScope;
}

const rg = (action: string): AzureGrant => ({ action: `Microsoft.Network/${action}`, scope: "resource-group" });
const NET = [SOURCES.network, SOURCES.privateLink];
const SUBNET_JOIN: AzureGrant = { action: "Microsoft.Network/virtualNetworks/subnets/join/action", scope: "subnet" };

/** read/write/delete of one Microsoft.Network resource collection in the resource group. */
function crud(collection: string, joins: readonly AzureGrant[] = []): Omit<PermissionEntry<AzureGrant>, "sources"> {
  return {
    read: [rg(`${collection}/read`)],
    create: [rg(`${collection}/write`), ...joins],
    update: [rg(`${collection}/write`), ...joins],
    delete: [rg(`${collection}/delete`)],
  };
}

/** Per Azure resource type token and invoke token. */
export const AZURE_PERMISSIONS: Readonly<Record<string, PermissionEntry<AzureGrant>>> = {
  "pulumi:providers:azure-native": noPermission(
    [SOURCES.clientConfig],
    "the provider reads the subscription from its credentials; no role action",
  ),
  "azure-native:authorization:getClientConfig": noPermission(
    [SOURCES.clientConfig],
    "answered from the credentials, without an Azure Resource Manager call",
  ),
  "azure-native:network:getSubnet": lookup(
    NET,
    [{ action: "Microsoft.Network/virtualNetworks/subnets/read", scope: "subnet" }],
    "reads the customer's endpoint and service subnets at plan time: their network security group and network policies",
  ),
  "azure-native:network:getVirtualNetwork": lookup(
    NET,
    [{ action: "Microsoft.Network/virtualNetworks/read", scope: "virtual-network" }],
    "reads the subnets' virtual networks at plan time for their region",
  ),
  "azure-native:network:getNetworkInterface": lookup(
    NET,
    [rg("networkInterfaces/read")],
    "reads the private endpoint's Azure-managed network interface (in the stack's resource group) for its addresses",
  ),
  "azure-native:network:ApplicationSecurityGroup": { sources: NET, ...crud("applicationSecurityGroups") },
  "azure-native:network:NetworkSecurityGroup": {
    sources: NET,
    note: "its rules name the endpoint's application security group",
    ...crud("networkSecurityGroups", [rg("applicationSecurityGroups/joinNetworkSecurityRule/action")]),
  },
  "azure-native:network:PrivateEndpoint": {
    sources: NET,
    note: "joins the customer's endpoint subnet and the endpoint's application security group; the connection to Adobe is manual, so no right on Adobe's service",
    ...crud("privateEndpoints", [SUBNET_JOIN, rg("applicationSecurityGroups/joinIpConfiguration/action")]),
  },
  "azure-native:network:LoadBalancer": {
    sources: NET,
    note: "its frontend joins the service subnet; its pools are NIC-based, joined from the hosts' network interfaces by the customer",
    ...crud("loadBalancers", [SUBNET_JOIN]),
  },
  "azure-native:network:PrivateLinkService": {
    sources: NET,
    note: "its NAT address joins the service subnet; it joins the load balancer's frontend; Adobe's connections are read back with it and approved by the customer",
    ...crud("privateLinkServices", [SUBNET_JOIN, rg("loadBalancers/frontendIPConfigurations/join/action")]),
  },
};
