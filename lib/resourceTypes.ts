/**
 * Every resource type the program registers or the policy pack checks, in one table: its token (and
 * the SDKs' other tokens for the same cloud resource), its cloud, the leg it belongs to, its role in
 * the plan's diagram and the placeholder outputs the runtime mocks answer with. The policy pack
 * (`policy/tokens.ts`), the offline plan and its diagram (`tools/`) and the mocks (`tools/mocks.ts`)
 * all read it, so a new resource type is one entry here; a type missing from it is refused by the
 * mocks and the plan instead of being shown in the wrong place.
 *
 * Pure and SDK-free: the pack loads it without a cloud SDK.
 */
import type { Cloud, Leg } from "../rules/adobe";

/** Where the plan's report and diagram show a resource: the provider, a leg, or the link's root. */
export type Group = "provider" | Leg | "shared";

/**
 * The nodes the diagram draws its traffic edges between: the customer's endpoint to Adobe, the
 * customer's service Adobe connects to, and the load balancer behind that service.
 */
export type DiagramRole = "endpoint-to-adobe" | "service-for-adobe" | "load-balancer";

export type MockInputs = Readonly<Record<string, unknown>>;

/** What a type's placeholder outputs are made of (implemented by `tools/mocks.ts`). */
export interface Placeholders {
  readonly region: string;
  readonly accountId: string;
  /** The zone letters placeholders use: `${region}${letter}`. */
  readonly zoneLetters: readonly string[];
  /** Deterministic hex digits of this resource's type and name. */
  hex(digits: number): string;
  /** Deterministic hex digits of any text. */
  hexOf(seed: string, digits: number): string;
  /** An ARN in the stack's region and account. */
  arn(service: string, resource: string): string;
  /** An Azure `Microsoft.Network` resource id in the stack's subscription and resource group. */
  azureId(collection: string, name: string): string;
  /** A private address in the customer network. */
  privateIp(seed: string): string;
  /**
   * The private endpoint connections on a Private Link Service as Azure reports them, name -> status:
   * none until a consumer's endpoint connects (a test sets them, tools/mock-rules-azure.ts).
   */
  readonly linkConnections: Readonly<Record<string, string>>;
}

/** The id and output state a cloud would answer with for a new resource; the inputs are echoed too. */
export interface MockAnswer {
  readonly id: string;
  readonly state: Record<string, unknown>;
}

export type MockOutputs = (name: string, inputs: MockInputs, at: Placeholders) => MockAnswer;

export interface ResourceType<K extends string = string> {
  /** The token the SDK registers the resource under today. */
  readonly token: string;
  /** The policy pack's name for the cloud resource; absent for this project's components. */
  readonly kind?: K;
  /**
   * Other tokens of the same cloud resource (the SDKs' `aliases` and deprecated modules): a program
   * that uses `aws.alb.LoadBalancer` creates the same load balancer and gets the same checks.
   * azure-native's versioned tokens (`azure-native:network/v20230201:X`) need no entry.
   */
  readonly aliases?: readonly string[];
  readonly cloud: Cloud;
  /** False for this project's components. */
  readonly custom: boolean;
  /**
   * The group it is always shown in; absent for types that appear on either leg (a security group)
   * and so belong to the leg of the component they sit in.
   */
  readonly group?: Group;
  readonly role?: DiagramRole;
  /**
   * Inputs (top-level, as the SDK names them) whose change makes the provider replace the resource
   * rather than update it; empty for components and for types every input of which updates in place.
   * Sources: AWS, the `ForceNew` (SDKv2) / `RequiresReplace` (framework) marks of the resource's schema
   * in hashicorp/terraform-provider-aws, which @pulumi/aws bridges as replacements; azure-native, the
   * provider's rule that a change of a URL path parameter (the resource group and the resource's own
   * names) or of `location` replaces, plus its schema's `replaceOnChanges` (PrivateEndpoint `subnet`,
   * pulumi/pulumi-azure-native#3887). `tools/change.ts` reads it to tell a replacement from an update.
   */
  readonly replaceOn: readonly string[];
  /**
   * Lists of which removing an element replaces the resource, while adding one updates it: a network
   * load balancer cannot leave a subnet (terraform-provider-aws `aws_lb` CustomizeDiff).
   */
  readonly replaceOnRemoval?: readonly string[];
  /**
   * Inputs two live resources of the type may not share: AWS refuses a duplicate security group rule
   * (`InvalidPermission.Duplicate`) and a second listener on a load balancer's port (`DuplicateListener`).
   * `pulumi up` creates a new resource before it deletes the old one, so a new resource equal to a
   * deleted one on these inputs fails (`tools/change.ts`).
   */
  readonly uniqueBy?: readonly string[];
  /** Placeholder outputs; absent: a placeholder id and, on Azure, the name (see `tools/mocks.ts`). */
  readonly mock?: MockOutputs;
}

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

/** The load-balancing modules of @pulumi/aws: `lb` today, `alb` the same resource, and their old names. */
function lbAliases(resource: string): string[] {
  return ["alb", "elasticloadbalancingv2", "applicationloadbalancing"].map((module) => `aws:${module}/${resource}`);
}

/** `com.amazonaws.vpce.<region>.vpce-svc-...` -> `vpce-svc-...`: the part AWS puts in DNS names. */
function serviceDnsPart(serviceName: unknown): string {
  return str(serviceName).replace(/^com\.amazonaws\.vpce\.[^.]+\./, "");
}

/**
 * The table. Tokens and aliases are read from the pinned SDKs' class files (`static __pulumiType`
 * and `aliasOpts`); test/policy.spec.ts checks them against node_modules.
 */
export const RESOURCE_TYPES = [
  // --- Providers ----------------------------------------------------------------------------------
  { token: "pulumi:providers:aws", kind: "aws-provider", cloud: "aws", custom: true, replaceOn: [], group: "provider" },
  { token: "pulumi:providers:azure-native", kind: "azure-provider", cloud: "azure", custom: true, replaceOn: [], group: "provider" },

  // --- This project's components (components/naming.ts `componentType`) ---------------------------
  { token: "commerce-privatelink:aws:PrivateLink", cloud: "aws", custom: false, replaceOn: [], group: "shared" },
  { token: "commerce-privatelink:aws:AdobeEndpoint", cloud: "aws", custom: false, replaceOn: [], group: "customer-to-adobe" },
  { token: "commerce-privatelink:aws:CustomerEndpointService", cloud: "aws", custom: false, replaceOn: [], group: "adobe-to-customer" },
  { token: "commerce-privatelink:azure:PrivateLink", cloud: "azure", custom: false, replaceOn: [], group: "shared" },
  { token: "commerce-privatelink:azure:AdobePrivateEndpoint", cloud: "azure", custom: false, replaceOn: [], group: "customer-to-adobe" },
  {
    token: "commerce-privatelink:azure:CustomerPrivateLinkService",
    cloud: "azure",
    custom: false,
    replaceOn: [],
    group: "adobe-to-customer",
  },

  // --- AWS ----------------------------------------------------------------------------------------
  {
    token: "aws:ec2/vpcEndpoint:VpcEndpoint",
    kind: "aws-vpc-endpoint",
    cloud: "aws",
    custom: true,
    replaceOn: ["serviceName", "vpcId", "vpcEndpointType", "serviceRegion"],
    group: "customer-to-adobe",
    role: "endpoint-to-adobe",
    mock: (_name, inputs, at) => {
      const id = `vpce-${at.hex(17)}`;
      const service = serviceDnsPart(inputs.serviceName);
      const suffix = at.hex(8);
      const dnsName = (zone: string): string => `${id}-${suffix}${zone}.${service}.${at.region}.vpce.amazonaws.com`;
      return {
        id,
        state: {
          arn: at.arn("ec2", `vpc-endpoint/${id}`),
          state: "pendingAcceptance",
          dnsEntries: ["", ...at.zoneLetters.slice(0, 2).map((letter) => `-${at.region}${letter}`)].map((zone) => ({
            dnsName: dnsName(zone),
            hostedZoneId: "Z7HUB22UULQXV",
          })),
          networkInterfaceIds: [`eni-${at.hex(17)}`],
          ownerId: at.accountId,
          requesterManaged: false,
        },
      };
    },
  },
  {
    token: "aws:ec2/vpcEndpointService:VpcEndpointService",
    kind: "aws-vpc-endpoint-service",
    cloud: "aws",
    custom: true,
    replaceOn: [],
    group: "adobe-to-customer",
    role: "service-for-adobe",
    mock: (_name, _inputs, at) => {
      const id = `vpce-svc-${at.hex(17)}`;
      return {
        id,
        state: {
          arn: at.arn("ec2", `vpc-endpoint-service/${id}`),
          serviceName: `com.amazonaws.vpce.${at.region}.${id}`,
          serviceType: "Interface",
          state: "Available",
          availabilityZones: at.zoneLetters.slice(0, 2).map((letter) => `${at.region}${letter}`),
          baseEndpointDnsNames: [`${id}.${at.region}.vpce.amazonaws.com`],
          managesVpcEndpoints: false,
        },
      };
    },
  },
  {
    token: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
    kind: "aws-vpc-endpoint-service-allowed-principal",
    cloud: "aws",
    custom: true,
    replaceOn: ["vpcEndpointServiceId", "principalArn"],
    group: "adobe-to-customer",
    mock: (_name, _inputs, at) => ({ id: `vpce-svc-perm-${at.hex(17)}`, state: {} }),
  },
  {
    token: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
    kind: "aws-vpc-endpoint-connection-accepter",
    cloud: "aws",
    custom: true,
    replaceOn: ["vpcEndpointId", "vpcEndpointServiceId"],
    group: "adobe-to-customer",
    mock: (_name, inputs) => ({
      id: `${str(inputs.vpcEndpointServiceId)}_${str(inputs.vpcEndpointId)}`,
      state: { vpcEndpointState: "available" },
    }),
  },
  {
    token: "aws:ec2/securityGroup:SecurityGroup",
    kind: "aws-security-group",
    cloud: "aws",
    custom: true,
    replaceOn: ["name", "namePrefix", "description", "vpcId"],
    mock: (_name, _inputs, at) => {
      const id = `sg-${at.hex(17)}`;
      return { id, state: { arn: at.arn("ec2", `security-group/${id}`), ownerId: at.accountId } };
    },
  },
  // Checked by the pack; the program writes the newer per-rule resources below.
  {
    token: "aws:ec2/securityGroupRule:SecurityGroupRule",
    kind: "aws-security-group-rule",
    cloud: "aws",
    custom: true,
    replaceOn: [
      "type",
      "fromPort",
      "toPort",
      "protocol",
      "cidrBlocks",
      "ipv6CidrBlocks",
      "prefixListIds",
      "securityGroupId",
      "self",
      "sourceSecurityGroupId",
    ],
  },
  {
    token: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    kind: "aws-security-group-ingress-rule",
    cloud: "aws",
    custom: true,
    replaceOn: ["securityGroupId"],
    uniqueBy: ["securityGroupId", "ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"],
    mock: (_name, _inputs, at) => securityGroupRule(at),
  },
  {
    token: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    kind: "aws-security-group-egress-rule",
    cloud: "aws",
    custom: true,
    replaceOn: ["securityGroupId"],
    uniqueBy: ["securityGroupId", "ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"],
    mock: (_name, _inputs, at) => securityGroupRule(at),
  },
  {
    token: "aws:lb/loadBalancer:LoadBalancer",
    kind: "aws-load-balancer",
    aliases: lbAliases("loadBalancer:LoadBalancer"),
    cloud: "aws",
    custom: true,
    replaceOn: ["name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"],
    replaceOnRemoval: ["subnets", "subnetMappings"],
    group: "adobe-to-customer",
    role: "load-balancer",
    mock: (name, inputs, at) => {
      const lbName = str(inputs.name, `${name.slice(0, 24)}-${at.hex(7)}`);
      const lbArn = at.arn("elasticloadbalancing", `loadbalancer/net/${lbName}/${at.hex(16)}`);
      return {
        id: lbArn,
        state: { arn: lbArn, name: lbName, dnsName: `${lbName}-${at.hex(16)}.elb.${at.region}.amazonaws.com`, zoneId: "Z26RNL4JYFTOTI" },
      };
    },
  },
  {
    token: "aws:lb/targetGroup:TargetGroup",
    kind: "aws-target-group",
    aliases: lbAliases("targetGroup:TargetGroup"),
    cloud: "aws",
    custom: true,
    replaceOn: ["name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "vpcId", "ipAddressType"],
    group: "adobe-to-customer",
    mock: (name, inputs, at) => {
      const tgName = str(inputs.name, `${name.slice(0, 24)}-${at.hex(7)}`);
      const tgArn = at.arn("elasticloadbalancing", `targetgroup/${tgName}/${at.hex(16)}`);
      return { id: tgArn, state: { arn: tgArn, name: tgName } };
    },
  },
  {
    token: "aws:lb/listener:Listener",
    kind: "aws-listener",
    aliases: lbAliases("listener:Listener"),
    cloud: "aws",
    custom: true,
    replaceOn: ["loadBalancerArn"],
    uniqueBy: ["loadBalancerArn", "port"],
    group: "adobe-to-customer",
    mock: (name, _inputs, at) => {
      const listenerArn = at.arn("elasticloadbalancing", `listener/net/${name.slice(0, 24)}/${at.hex(16)}/${at.hex(16)}`);
      return { id: listenerArn, state: { arn: listenerArn } };
    },
  },
  {
    token: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    kind: "aws-target-group-attachment",
    cloud: "aws",
    custom: true,
    replaceOn: ["targetGroupArn", "targetId", "port", "availabilityZone"],
    group: "adobe-to-customer",
    mock: (_name, inputs, at) => ({ id: `${str(inputs.targetGroupArn)}-${at.hex(20)}`, state: {} }),
  },
  {
    token: "aws:elb/loadBalancer:LoadBalancer",
    kind: "aws-classic-load-balancer",
    // @pulumi/aws 4 and older: `aws.elasticloadbalancing.LoadBalancer` (classic).
    aliases: ["aws:elasticloadbalancing/loadBalancer:LoadBalancer"],
    cloud: "aws",
    custom: true,
    replaceOn: ["name", "namePrefix", "internal"],
  },

  // --- Azure --------------------------------------------------------------------------------------
  {
    token: "azure-native:network:PrivateEndpoint",
    kind: "azure-private-endpoint",
    // The 2019-02-01 API called private endpoints "interface endpoints"; the SDK still aliases it.
    aliases: ["azure-native:network:InterfaceEndpoint"],
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "privateEndpointName", "location", "subnet"],
    group: "customer-to-adobe",
    role: "endpoint-to-adobe",
    mock: (name, inputs, at) => {
      const peName = str(inputs.privateEndpointName, name);
      const connections = (inputs.manualPrivateLinkServiceConnections as MockInputs[] | undefined) ?? [];
      return {
        id: at.azureId("privateEndpoints", peName),
        state: {
          name: peName,
          provisioningState: "Succeeded",
          networkInterfaces: [{ id: at.azureId("networkInterfaces", `${peName}.nic.${at.hex(8)}`) }],
          manualPrivateLinkServiceConnections: connections.map((connection) => ({
            ...connection,
            privateLinkServiceConnectionState: { status: "Pending", description: "Awaiting approval", actionsRequired: "None" },
          })),
        },
      };
    },
  },
  {
    token: "azure-native:network:LoadBalancer",
    kind: "azure-load-balancer",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "loadBalancerName", "location"],
    group: "adobe-to-customer",
    role: "load-balancer",
    mock: (name, inputs, at) => {
      const lbName = str(inputs.loadBalancerName, name);
      const lbId = at.azureId("loadBalancers", lbName);
      const frontends = ((inputs.frontendIPConfigurations as MockInputs[] | undefined) ?? []).map((frontend) => ({
        ...frontend,
        id: `${lbId}/frontendIPConfigurations/${str(frontend.name)}`,
        privateIPAddress: str(frontend.privateIPAddress, at.privateIp(`${lbName}/${str(frontend.name)}`)),
      }));
      return { id: lbId, state: { name: lbName, frontendIPConfigurations: frontends, provisioningState: "Succeeded" } };
    },
  },
  {
    token: "azure-native:network:PrivateLinkService",
    kind: "azure-private-link-service",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "serviceName", "location"],
    group: "adobe-to-customer",
    role: "service-for-adobe",
    mock: (name, inputs, at) => {
      const plsName = str(inputs.serviceName, name);
      const guid = `${at.hexOf(plsName, 8)}-${at.hex(4)}-4${at.hex(3)}-8${at.hex(3)}-${at.hex(12)}`;
      return {
        id: at.azureId("privateLinkServices", plsName),
        state: {
          name: plsName,
          alias: `${plsName}.${guid}.${at.region}.azure.privatelinkservice`,
          provisioningState: "Succeeded",
          privateEndpointConnections: Object.entries(at.linkConnections).map(([connection, status]) => ({
            name: connection,
            privateLinkServiceConnectionState: { status },
          })),
        },
      };
    },
  },
  // Checked by the pack; the program never creates it: the consumer's private endpoint creates the
  // connection, and azure-native refuses to create one that exists (the mocks refuse it too,
  // tools/mock-rules-azure.ts). The program reads the connections back from the Private Link Service.
  {
    token: "azure-native:network:PrivateLinkServicePrivateEndpointConnection",
    kind: "azure-private-link-service-connection",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "serviceName", "peConnectionName"],
    group: "adobe-to-customer",
  },
  {
    token: "azure-native:network:NetworkSecurityGroup",
    kind: "azure-network-security-group",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "networkSecurityGroupName", "location"],
  },
  // Checked by the pack; the program writes its rules inline in the network security group.
  {
    token: "azure-native:network:SecurityRule",
    kind: "azure-security-rule",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "networkSecurityGroupName", "securityRuleName"],
  },
  {
    token: "azure-native:network:ApplicationSecurityGroup",
    kind: "azure-application-security-group",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "applicationSecurityGroupName", "location"],
  },
  // Checked by the pack: a NAT rule forwards a frontend port to a backend host.
  {
    token: "azure-native:network:InboundNatRule",
    kind: "azure-inbound-nat-rule",
    cloud: "azure",
    custom: true,
    replaceOn: ["resourceGroupName", "loadBalancerName", "inboundNatRuleName"],
  },
] as const satisfies readonly ResourceType[];

function securityGroupRule(at: Placeholders): MockAnswer {
  const id = `sgr-${at.hex(17)}`;
  return { id, state: { arn: at.arn("ec2", `security-group-rule/${id}`), securityGroupRuleId: id } };
}

/** The policy pack's names for cloud resources, one per entry of the table that has one. */
export type Kind = Extract<(typeof RESOURCE_TYPES)[number], { kind: string }>["kind"];

/** `azure-native:network/v20230201:X` and `.../v20190401preview:X` are `azure-native:network:X`. */
const AZURE_VERSIONED = /^azure-native:network\/v[0-9]{8}(?:preview)?:/;

/** One entry of the table, its kind one of the table's. */
export type ResourceTypeEntry = ResourceType<Kind>;

const ENTRIES: readonly ResourceTypeEntry[] = RESOURCE_TYPES;

const BY_TOKEN: ReadonlyMap<string, ResourceTypeEntry> = new Map(
  ENTRIES.flatMap((entry) => [entry.token, ...(entry.aliases ?? [])].map((token) => [token, entry] as const)),
);

/** The table's entry for a token, current, aliased or versioned; undefined for a type it lacks. */
export function resourceType(token: string): ResourceTypeEntry | undefined {
  return BY_TOKEN.get(token.replace(AZURE_VERSIONED, "azure-native:network:"));
}

/** Thrown where a type the table lacks would otherwise be shown, mocked or checked wrongly. */
export class UnknownResourceTypeError extends Error {
  constructor(
    readonly token: string,
    where: string,
  ) {
    super(
      `${where}: the resource type ${token} is not in lib/resourceTypes.ts; add its entry there (cloud, group, diagram role, mock outputs)`,
    );
    this.name = "UnknownResourceTypeError";
  }
}

/** The table's entry for a token; throws for a type it lacks, so that a new type cannot slip through. */
export function knownResourceType(token: string, where: string): ResourceTypeEntry {
  const entry = resourceType(token);
  if (entry === undefined) throw new UnknownResourceTypeError(token, where);
  return entry;
}

/** The current tokens of the diagram role's types (AWS first), in the table's order. */
export function tokensWithRole(role: DiagramRole): string[] {
  return ENTRIES.filter((entry) => entry.role === role).map((entry) => entry.token);
}
