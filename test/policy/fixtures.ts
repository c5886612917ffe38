/**
 * Shared fixtures of the policy specs (as pulumi/compliance-policies has them): one compliant resource
 * per type, the strictest policy config, and assertions on a check's verdict. Each negative test
 * changes one field of a fixture.
 */
import assert from "node:assert/strict";
import type { PolicyConfig } from "../../policy/config";
import type { EvaluatedResource } from "../../policy/evaluate";
import type { Subject, Verdict } from "../../policy/rule";
import { ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";

export const T = {
  awsProvider: "pulumi:providers:aws",
  azureProvider: "pulumi:providers:azure-native",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  service: "aws:ec2/vpcEndpointService:VpcEndpointService",
  allowedPrincipal: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
  accepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  classicLb: "aws:elb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  pe: "azure-native:network:PrivateEndpoint",
  azureLb: "azure-native:network:LoadBalancer",
  pls: "azure-native:network:PrivateLinkService",
  plsConnection: "azure-native:network:PrivateLinkServicePrivateEndpointConnection",
  nsg: "azure-native:network:NetworkSecurityGroup",
  securityRule: "azure-native:network:SecurityRule",
  natRule: "azure-native:network:InboundNatRule",
  asg: "azure-native:network:ApplicationSecurityGroup",
} as const;

export const ADOBE_SUBSCRIPTION = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
export const ADOBE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718";
export const ADOBE_PLS = `/subscriptions/${ADOBE_SUBSCRIPTION}/resourceGroups/rg-adobe/providers/Microsoft.Network/privateLinkServices/pls-abcdef1234567`;
export const SUBNET =
  "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet";
export const TAGS = { owner: "platform-network", "cost-center": "4711" };

export type Props = Record<string, unknown>;

export const FIXTURES = {
  /** The load balancer's group reaching one target on its service port (what the program creates). */
  egressRule: (): Props => ({
    securityGroupId: "sg-0fedcba9876543210",
    ipProtocol: "tcp",
    fromPort: 5432,
    toPort: 5432,
    cidrIpv4: "10.50.1.10/32",
  }),
  attachment: (): Props => ({ targetGroupArn: "arn:tg", targetId: "10.50.1.10", port: 5432 }),
  natRule: (): Props => ({
    resourceGroupName: "rg-commerce-link",
    loadBalancerName: "lb",
    protocol: "Tcp",
    frontendPort: 5432,
    backendPort: 5432,
  }),
  endpoint: (): Props => ({
    vpcId: "vpc-0a1b2c3d4e5f67890",
    serviceName: ADOBE_SERVICE,
    vpcEndpointType: "Interface",
    privateDnsEnabled: false,
    subnetIds: ["subnet-0a1b2c3d4e5f60001"],
    securityGroupIds: ["sg-0123456789abcdef0"],
    tags: { ...TAGS },
  }),
  service: (): Props => ({
    acceptanceRequired: true,
    allowedPrincipals: [ADOBE_AWS_PRINCIPAL],
    networkLoadBalancerArns: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/0123456789abcdef"],
    tags: { ...TAGS },
  }),
  allowedPrincipal: (): Props => ({ principalArn: ADOBE_AWS_PRINCIPAL, vpcEndpointServiceId: "vpce-svc-0123456789abcdef0" }),
  ingressRule: (): Props => ({
    securityGroupId: "sg-0123456789abcdef0",
    ipProtocol: "tcp",
    fromPort: 3306,
    toPort: 3306,
    cidrIpv4: "10.20.0.0/16",
  }),
  sgRule: (): Props => ({
    type: "ingress",
    securityGroupId: "sg-0123456789abcdef0",
    protocol: "tcp",
    fromPort: 3306,
    toPort: 3306,
    cidrBlocks: ["10.20.0.0/16"],
  }),
  securityGroup: (): Props => ({
    vpcId: "vpc-0a1b2c3d4e5f67890",
    ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["10.20.0.0/16", "10.30.8.0/22"] }],
    tags: { ...TAGS },
  }),
  lb: (): Props => ({
    internal: true,
    loadBalancerType: "network",
    enableDeletionProtection: true,
    subnets: ["subnet-0a1b2c3d4e5f60001"],
    tags: { ...TAGS },
  }),
  listener: (): Props => ({
    loadBalancerArn: "arn:lb",
    port: 5432,
    protocol: "TCP",
    defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
  }),
  targetGroup: (): Props => ({ port: 5432, protocol: "TCP", targetType: "ip", vpcId: "vpc-0a1b2c3d4e5f67890", tags: { ...TAGS } }),
  pe: (): Props => ({
    location: "eastus",
    resourceGroupName: "rg-commerce-link",
    subnet: { id: SUBNET },
    manualPrivateLinkServiceConnections: [
      { name: "to-adobe", privateLinkServiceId: ADOBE_PLS, requestMessage: "PrivateLink support for Acme Corp (project abcdef1234567)" },
    ],
    tags: { ...TAGS },
  }),
  azureLb: (): Props => ({
    location: "eastus",
    resourceGroupName: "rg-commerce-link",
    sku: { name: "Standard" },
    frontendIPConfigurations: [{ name: "frontend", subnet: { id: SUBNET }, privateIPAllocationMethod: "Dynamic" }],
    loadBalancingRules: [{ name: "erp-db", protocol: "Tcp", frontendPort: 5432, backendPort: 5432 }],
    tags: { ...TAGS },
  }),
  pls: (): Props => ({
    location: "eastus",
    resourceGroupName: "rg-commerce-link",
    visibility: { subscriptions: [ADOBE_SUBSCRIPTION] },
    autoApproval: { subscriptions: [] },
    tags: { ...TAGS },
  }),
  securityRule: (): Props => ({
    resourceGroupName: "rg-commerce-link",
    networkSecurityGroupName: "nsg",
    access: "Allow",
    direction: "Inbound",
    priority: 200,
    protocol: "Tcp",
    sourceAddressPrefixes: ["10.40.0.0/16"],
    sourcePortRange: "*",
    destinationPortRange: "3306",
  }),
  nsg: (): Props => ({
    location: "eastus",
    resourceGroupName: "rg-commerce-link",
    securityRules: [
      {
        name: "allow-mysql",
        access: "Allow",
        direction: "Inbound",
        priority: 200,
        protocol: "Tcp",
        sourceAddressPrefix: "10.40.0.0/16",
        destinationPortRange: "3306",
      },
      // Deny rules and outbound rules open nothing and are never judged.
      {
        name: "deny-all",
        access: "Deny",
        direction: "Inbound",
        priority: 4096,
        protocol: "*",
        sourceAddressPrefix: "*",
        destinationPortRange: "*",
      },
      {
        name: "out",
        access: "Allow",
        direction: "Outbound",
        priority: 100,
        protocol: "*",
        sourceAddressPrefix: "*",
        destinationPortRange: "*",
      },
    ],
    tags: { ...TAGS },
  }),
};

/** The strictest config: every key set, as a production AWS bidirectional stack would have it. */
export const CONFIG: PolicyConfig = {
  allowedPrincipals: [ADOBE_AWS_PRINCIPAL],
  cloud: "aws",
  region: "us-east-1",
  environment: "production",
  ports: [3306, 2222],
  servicePorts: [5432, 8443],
  subscriptionIds: [ADOBE_SUBSCRIPTION],
  requiredTags: ["owner", "cost-center"],
};
export const AZURE_CONFIG: PolicyConfig = { ...CONFIG, cloud: "azure", region: "eastus" };

export function subject(type: string, props: Props, extra: Partial<Subject> = {}): Subject {
  return { type, name: "fixture", urn: `urn:pulumi:test::commerce-privatelink::${type}::fixture`, props, protect: true, ...extra };
}

export function messages(v: Verdict): string[] {
  return v.kind === "violation" ? v.violations.map((x) => x.message) : [];
}

export function assertCompliant(v: Verdict): void {
  assert.deepEqual(v, { kind: "compliant" }, `expected compliant, got ${JSON.stringify(v)}`);
}

export function assertNotApplicable(v: Verdict): void {
  assert.equal(v.kind, "not-applicable", `expected not applicable, got ${JSON.stringify(v)}`);
}

/** One violation whose message matches `pattern` and says why and how to fix. */
export function assertViolation(v: Verdict, pattern: RegExp): void {
  const found = messages(v);
  assert.ok(found.length > 0, `expected a violation matching ${pattern}, got ${JSON.stringify(v)}`);
  assert.ok(
    found.some((m) => pattern.test(m)),
    `no violation matches ${pattern}:\n${found.join("\n")}`,
  );
  for (const m of found) assert.match(m, /\. Why: .+\. Fix: .+\.$/s, `message lacks why/fix: ${m}`);
}

export function withChange(props: Props, change: Props): Props {
  return { ...props, ...change };
}

/** A resource as the offline plan records it, for the evaluator. */
export function resource(type: string, name: string, inputs: Props, extra: Partial<EvaluatedResource> = {}): EvaluatedResource {
  return { urn: `urn:pulumi:test::commerce-privatelink::${type}::${name}`, type, name, inputs, protect: true, ...extra };
}
