/**
 * The CrossGuard policy pack, without the policy server: every policy's pure check over a compliant
 * fixture and one changed field per violation branch (compliance-policies style), undefined props,
 * config overrides, the deprecated and versioned type tokens, the pack's metadata, the offline
 * evaluator, and the program's own plans of every example stack.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { CONFIG_PROPERTIES, DEFAULT_CONFIG, flattenPackConfig, type PolicyConfig, PolicyConfigError, readConfig } from "../policy/config";
import { type EvaluatedResource, evaluatePolicies, isBlocking } from "../policy/evaluate";
import { configFromPlan, parsePlanFile, PlanFileError } from "../policy/plan-file";
import { policies } from "../policy/policies";
import * as azureLb from "../policy/policies/azure-load-balancer-standard-internal";
import * as lbDeletionNonProd from "../policy/policies/load-balancer-deletion-protection-non-production";
import * as lbDeletionProd from "../policy/policies/load-balancer-deletion-protection-production";
import * as lbInternal from "../policy/policies/load-balancer-internal-network";
import * as noHttps from "../policy/policies/no-https-into-adobe-on-azure";
import * as noSsh from "../policy/policies/no-ssh-over-privatelink";
import * as nsgBroad from "../policy/policies/nsg-no-broad-inbound";
import * as peManual from "../policy/policies/private-endpoint-to-adobe-manual-connection";
import * as plsVisibility from "../policy/policies/private-link-service-restricted-visibility";
import * as region from "../policy/policies/resources-in-configured-region";
import * as tagged from "../policy/policies/resources-tagged";
import * as sgPorts from "../policy/policies/security-group-ingress-configured-ports";
import * as sgSources from "../policy/policies/security-group-ingress-private-sources";
import * as protectedProd from "../policy/policies/stateful-resources-protected-in-production";
import * as acceptance from "../policy/policies/vpc-endpoint-service-acceptance-required";
import * as grants from "../policy/policies/vpc-endpoint-service-grants-configured-principals";
import * as onlyPrincipals from "../policy/policies/vpc-endpoint-service-only-configured-principals";
import * as endpointType from "../policy/policies/vpc-endpoint-to-adobe-interface-no-private-dns";
import type { ResourceCheck, Subject, Verdict } from "../policy/rule";
import { kindOf } from "../policy/tokens";
import { ADOBE_AWS_PRINCIPAL } from "../rules/adobe";
import { EXAMPLE_STACKS, exampleStack, plan } from "./harness";

// ---------------------------------------------------------------------------------------------
// Fixtures: one compliant resource per type; each negative test changes one field.

const T = {
  awsProvider: "pulumi:providers:aws",
  azureProvider: "pulumi:providers:azure-native",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  service: "aws:ec2/vpcEndpointService:VpcEndpointService",
  allowedPrincipal: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
  accepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
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
  asg: "azure-native:network:ApplicationSecurityGroup",
} as const;

const ADOBE_SUBSCRIPTION = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const ADOBE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718";
const ADOBE_PLS = `/subscriptions/${ADOBE_SUBSCRIPTION}/resourceGroups/rg-adobe/providers/Microsoft.Network/privateLinkServices/pls-abcdef1234567`;
const SUBNET =
  "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet";
const TAGS = { owner: "platform-network", "cost-center": "4711" };

type Props = Record<string, unknown>;

const FIXTURES = {
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
const CONFIG: PolicyConfig = {
  allowedPrincipals: [ADOBE_AWS_PRINCIPAL],
  cloud: "aws",
  region: "us-east-1",
  environment: "production",
  ports: [3306, 2222],
  servicePorts: [5432, 8443],
  subscriptionIds: [ADOBE_SUBSCRIPTION],
  requiredTags: ["owner", "cost-center"],
};
const AZURE_CONFIG: PolicyConfig = { ...CONFIG, cloud: "azure", region: "eastus" };

function subject(type: string, props: Props, extra: Partial<Subject> = {}): Subject {
  return { type, name: "fixture", urn: `urn:pulumi:test::commerce-privatelink::${type}::fixture`, props, protect: true, ...extra };
}

function messages(v: Verdict): string[] {
  return v.kind === "violation" ? v.violations.map((x) => x.message) : [];
}

function assertCompliant(v: Verdict): void {
  assert.deepEqual(v, { kind: "compliant" }, `expected compliant, got ${JSON.stringify(v)}`);
}

function assertNotApplicable(v: Verdict): void {
  assert.equal(v.kind, "not-applicable", `expected not applicable, got ${JSON.stringify(v)}`);
}

/** One violation whose message matches `pattern` and says why and how to fix. */
function assertViolation(v: Verdict, pattern: RegExp): void {
  const found = messages(v);
  assert.ok(found.length > 0, `expected a violation matching ${pattern}, got ${JSON.stringify(v)}`);
  assert.ok(
    found.some((m) => pattern.test(m)),
    `no violation matches ${pattern}:\n${found.join("\n")}`,
  );
  for (const m of found) assert.match(m, /\. Why: .+\. Fix: .+\.$/s, `message lacks why/fix: ${m}`);
}

function withChange(props: Props, change: Props): Props {
  return { ...props, ...change };
}

// ---------------------------------------------------------------------------------------------

describe("policy pack metadata", () => {
  const moduleNames = readFileSync(join(__dirname, "../policy/policies/index.ts"), "utf8")
    .split("\n")
    .map((line) => /from "\.\/([a-z0-9-]+)"/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);

  it("lists one policy per file, named after its file, in kebab-case, without duplicates", () => {
    assert.equal(policies.length, moduleNames.length);
    assert.deepEqual([...policies.map((p) => p.name)].sort(), [...moduleNames].sort());
    for (const p of policies) assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
  });

  it("gives every policy a description, remediation steps and an explicit level; only deletion protection outside production and tags are advisory", () => {
    for (const p of policies) {
      assert.ok(p.description.length > 20, p.name);
      assert.ok((p.remediationSteps ?? "").length > 10, p.name);
      assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
    }
    const advisory = policies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name);
    assert.deepEqual(advisory.sort(), [lbDeletionNonProd.name, tagged.name].sort());
  });

  it("declares config schemas with only known keys and never an enforcementLevel key", () => {
    for (const p of policies) {
      for (const key of Object.keys(p.configSchema?.properties ?? {})) {
        assert.ok(key in CONFIG_PROPERTIES, `${p.name}: unknown config key ${key}`);
        assert.notEqual(key, "enforcementLevel");
      }
    }
    assert.deepEqual(Object.keys(onlyPrincipals.policy.configSchema?.properties ?? {}), ["allowedPrincipals"]);
    assert.deepEqual((CONFIG_PROPERTIES.allowedPrincipals as { default: unknown }).default, [ADOBE_AWS_PRINCIPAL]);
  });

  it("keeps policy/index.ts to constructing the PolicyPack and nothing else", () => {
    const code = readFileSync(join(__dirname, "../policy/index.ts"), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .split("\n")
      .filter((line) => line.trim() !== "");
    assert.equal(code.filter((line) => !line.startsWith("import ")).length, 1);
    assert.match(code.join("\n"), /new PolicyPack\("commerce-privatelink", \{ policies, enforcementLevel: /);
  });

  it("has a PulumiPolicy.yaml for the nodejs runtime and a package.json with the version the runtime reads", () => {
    const yaml = readFileSync(join(__dirname, "../policy/PulumiPolicy.yaml"), "utf8");
    assert.match(yaml, /^runtime: nodejs$/m);
    assert.match(yaml, /^description: .+/m);
    const pkg = JSON.parse(readFileSync(join(__dirname, "../policy/package.json"), "utf8"));
    assert.match(pkg.version, /^[0-9]+\.[0-9]+\.[0-9]+$/);
  });
});

describe("policy config", () => {
  it("defaults the allowed principals to Adobe's and leaves every other key unset", () => {
    assert.deepEqual(readConfig(undefined), DEFAULT_CONFIG);
    assert.deepEqual(readConfig({}), { allowedPrincipals: [ADOBE_AWS_PRINCIPAL] });
  });

  it("refuses malformed values with the key and the value", () => {
    assert.throws(
      () => readConfig({ ports: [22, "x"] }),
      (e: Error) => e instanceof PolicyConfigError && /ports.*"x"/.test(e.message),
    );
    assert.throws(() => readConfig({ ports: [70000] }), PolicyConfigError);
    assert.throws(() => readConfig({ cloud: "gcp" }), /cloud must be one of aws, azure/);
    assert.throws(() => readConfig({ allowedPrincipals: "arn" }), /allowedPrincipals/);
  });

  it("flattens a --policy-pack-config file into one config and level overrides", () => {
    const flat = flattenPackConfig(
      {
        all: "advisory",
        [region.name]: { enforcementLevel: "mandatory", region: "us-east-1" },
        [sgPorts.name]: { ports: [3306], servicePorts: [5432] },
        [noHttps.name]: { servicePorts: [5432] },
        [tagged.name]: "disabled",
      },
      policies.map((p) => p.name),
    );
    assert.deepEqual(flat.config, { region: "us-east-1", ports: [3306], servicePorts: [5432] });
    assert.equal(flat.enforcementLevels[region.name], "mandatory");
    assert.equal(flat.enforcementLevels[tagged.name], "disabled");
    assert.equal(flat.enforcementLevels[acceptance.name], "advisory");
  });

  it("refuses a pack config with an unknown policy, unknown key, bad level or two values for one key", () => {
    const names = policies.map((p) => p.name);
    assert.throws(() => flattenPackConfig({ "no-such-policy": "advisory" }, names), /not a policy of this pack/);
    assert.throws(() => flattenPackConfig({ [region.name]: { regoin: "x" } }, names), /regoin is not a config key/);
    assert.throws(() => flattenPackConfig({ [region.name]: "sometimes" }, names), /enforcementLevel must be one of/);
    assert.throws(
      () => flattenPackConfig({ [sgPorts.name]: { servicePorts: [1] }, [noHttps.name]: { servicePorts: [2] } }, names),
      /servicePorts two values/,
    );
    assert.throws(() => flattenPackConfig([], names), PolicyConfigError);
  });
});

describe("type tokens", () => {
  /** The alias tokens an SDK class file declares, e.g. `{ type: "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer" }`. */
  function sdkAliases(file: string): { token: string; aliases: string[] } {
    const text = readFileSync(join(__dirname, "../node_modules/@pulumi", file), "utf8");
    const token = /static __pulumiType = '([^']+)'/.exec(text)?.[1];
    assert.ok(token, file);
    const aliasBlock = /const aliasOpts = \{ aliases: \[(.*?)\] \};/.exec(text)?.[1] ?? "";
    return { token, aliases: [...aliasBlock.matchAll(/type: "([^"]+)"/g)].map((m) => m[1] as string) };
  }

  const FILES = [
    "aws/lb/loadBalancer.js",
    "aws/lb/listener.js",
    "aws/lb/targetGroup.js",
    "aws/alb/loadBalancer.js",
    "aws/alb/listener.js",
    "aws/alb/targetGroup.js",
    "aws/ec2/vpcEndpoint.js",
    "aws/ec2/vpcEndpointService.js",
    "aws/ec2/vpcEndpointServiceAllowedPrinciple.js",
    "aws/ec2/vpcEndpointConnectionAccepter.js",
    "aws/ec2/securityGroup.js",
    "aws/ec2/securityGroupRule.js",
    "aws/vpc/securityGroupIngressRule.js",
    "azure-native/network/privateEndpoint.js",
    "azure-native/network/loadBalancer.js",
    "azure-native/network/privateLinkService.js",
    "azure-native/network/privateLinkServicePrivateEndpointConnection.js",
    "azure-native/network/networkSecurityGroup.js",
    "azure-native/network/securityRule.js",
    "azure-native/network/applicationSecurityGroup.js",
  ];

  for (const file of FILES) {
    it(`recognises ${file}'s token and every alias the SDK lists for it as the same kind`, () => {
      const { token, aliases } = sdkAliases(file);
      const kind = kindOf(token);
      assert.ok(kind, `${token} is not recognised`);
      for (const alias of aliases) assert.equal(kindOf(alias), kind, alias);
    });
  }

  it("reads the azure-native aliases it claims to cover (the SDK lists dozens of versions)", () => {
    assert.ok(sdkAliases("azure-native/network/privateEndpoint.js").aliases.length > 20);
    assert.equal(kindOf("azure-native:network/v20190201:InterfaceEndpoint"), "azure-private-endpoint");
    assert.equal(kindOf("azure-native:network/v20150501preview:LoadBalancer"), "azure-load-balancer");
  });

  it("does not mistake other resources for PrivateLink ones", () => {
    assert.equal(kindOf("aws:s3/bucket:Bucket"), undefined);
    assert.equal(kindOf("azure-native:storage:StorageAccount"), undefined);
    assert.equal(kindOf("azure-native:network:PublicIPAddress"), undefined);
    assert.equal(kindOf("commerce-privatelink:aws:PrivateLink"), undefined);
  });
});

// ---------------------------------------------------------------------------------------------

describe(`policy ${acceptance.name}`, () => {
  const check = acceptance.check;
  it("passes an endpoint service that requires acceptance", () => assertCompliant(check(subject(T.service, FIXTURES.service()), CONFIG)));
  it("fails acceptanceRequired: false, citing CKV_AWS_123", () =>
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { acceptanceRequired: false })), CONFIG),
      /acceptanceRequired is false.*CKV_AWS_123/s,
    ));
  it("fails an unset acceptanceRequired (the input is required; unset is not true)", () =>
    assertViolation(check(subject(T.service, withChange(FIXTURES.service(), { acceptanceRequired: undefined })), CONFIG), /not set/));
  it("does not apply to other resources", () => assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint()), CONFIG)));
});

describe(`policy ${onlyPrincipals.name}`, () => {
  const check = onlyPrincipals.check;
  it("passes Adobe's principal inline and as an allowed-principal resource", () => {
    assertCompliant(check(subject(T.service, FIXTURES.service()), CONFIG));
    assertCompliant(check(subject(T.allowedPrincipal, FIXTURES.allowedPrincipal()), CONFIG));
  });
  it("passes a service without inline principals (grants may be separate resources)", () =>
    assertCompliant(check(subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: undefined })), CONFIG)));
  it('fails "*" inline and as a resource', () => {
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: ["*"] })), CONFIG),
      /"\*".*every AWS account/,
    );
    assertViolation(
      check(subject(T.allowedPrincipal, withChange(FIXTURES.allowedPrincipal(), { principalArn: "*" })), CONFIG),
      /principalArn contains "\*"/,
    );
  });
  it("fails a principal that is not configured, naming it", () =>
    assertViolation(
      check(
        subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: [ADOBE_AWS_PRINCIPAL, "arn:aws:iam::111122223333:root"] })),
        CONFIG,
      ),
      /"arn:aws:iam::111122223333:root", which is not a configured principal/,
    ));
  it("follows a config override of allowedPrincipals (Adobe's is then refused)", () => {
    const config = readConfig({ allowedPrincipals: ["arn:aws:iam::111122223333:root"] });
    assertCompliant(check(subject(T.allowedPrincipal, { principalArn: "arn:aws:iam::111122223333:root" }), config));
    assertViolation(check(subject(T.allowedPrincipal, FIXTURES.allowedPrincipal()), config), /402592597372/);
  });
  it("does not apply to an allowed-principal resource without principalArn, nor to other types", () => {
    assertNotApplicable(check(subject(T.allowedPrincipal, {}), CONFIG));
    assertNotApplicable(check(subject(T.lb, FIXTURES.lb()), CONFIG));
  });
});

describe(`policy ${grants.name}`, () => {
  const check = grants.checkStack;
  const service = subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: undefined }));
  it("passes when Adobe's principal is granted inline or by a separate resource", () => {
    assertCompliant(check([subject(T.service, FIXTURES.service())], CONFIG));
    assertCompliant(check([service, subject(T.allowedPrincipal, FIXTURES.allowedPrincipal())], CONFIG));
  });
  it("fails on the service when no resource grants Adobe's principal", () => {
    const v = check([service], CONFIG);
    assertViolation(v, /no allowed principal grants arn:aws:iam::402592597372:root/);
    assert.equal(v.kind === "violation" ? v.violations[0]?.urn : undefined, service.urn);
  });
  it("does not apply to a stack without an endpoint service", () =>
    assertNotApplicable(check([subject(T.endpoint, FIXTURES.endpoint())], CONFIG)));
});

describe(`policy ${endpointType.name}`, () => {
  const check = endpointType.check;
  it("passes an Interface endpoint to Adobe with private DNS off", () =>
    assertCompliant(check(subject(T.endpoint, FIXTURES.endpoint()), CONFIG)));
  it("passes an unset privateDnsEnabled (the provider default is false)", () =>
    assertCompliant(check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { privateDnsEnabled: undefined })), CONFIG)));
  it("fails a Gateway endpoint", () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { vpcEndpointType: "Gateway" })), CONFIG),
      /vpcEndpointType is "Gateway"/,
    ));
  it("fails an unset vpcEndpointType, which the provider creates as Gateway", () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { vpcEndpointType: undefined })), CONFIG),
      /not set \(Gateway\)/,
    ));
  it("fails private DNS on, quoting Adobe's guide", () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { privateDnsEnabled: true })), CONFIG),
      /PrivateDNS is not available/,
    ));
  it("does not judge endpoints to AWS services", () =>
    assertNotApplicable(
      check(
        subject(T.endpoint, withChange(FIXTURES.endpoint(), { serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" })),
        CONFIG,
      ),
    ));
});

describe(`policy ${sgSources.name}`, () => {
  const check = sgSources.check;
  it("passes private blocks in all three AWS rule shapes", () => {
    assertCompliant(check(subject(T.ingressRule, FIXTURES.ingressRule()), CONFIG));
    assertCompliant(check(subject(T.sgRule, FIXTURES.sgRule()), CONFIG));
    assertCompliant(check(subject(T.securityGroup, FIXTURES.securityGroup()), CONFIG));
  });
  it("passes rules that reference a security group instead of a block, and a group without ingress", () => {
    assertCompliant(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: undefined, referencedSecurityGroupId: "sg-1" })), CONFIG),
    );
    assertCompliant(check(subject(T.securityGroup, withChange(FIXTURES.securityGroup(), { ingress: undefined })), CONFIG));
  });
  it("fails 0.0.0.0/0 as a /0", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: "0.0.0.0/0" })), CONFIG),
      /\/0 is every address.*CKV_AWS_24/s,
    ));
  it("fails a public block (parsed: 11.0.0.0/8 sits next to 10.0.0.0/8)", () =>
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { cidrBlocks: ["11.0.0.0/8"] })), CONFIG),
      /"11\.0\.0\.0\/8", which is not inside a private range/,
    ));
  it("fails a block wider than a private range (10.0.0.0/7)", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: "10.0.0.0/7" })), CONFIG),
      /not inside a private range/,
    ));
  it("fails halves that together cover the internet", () =>
    assertViolation(
      check(
        subject(
          T.securityGroup,
          withChange(FIXTURES.securityGroup(), {
            ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }],
          }),
        ),
        CONFIG,
      ),
      /together the blocks 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 cover every IPv4 address/,
    ));
  it("fails IPv6 sources and text that is not a CIDR block", () => {
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: undefined, cidrIpv6: "::/0" })), CONFIG),
      /IPv6 block "::\/0"/,
    );
    assertViolation(check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { ipv6CidrBlocks: ["fd00::/8"] })), CONFIG), /IPv6/);
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { cidrBlocks: ["10.20.0.0/33"] })), CONFIG),
      /"10\.20\.0\.0\/33", which is not an IPv4 CIDR block/,
    );
  });
  it("ignores egress rules of the legacy rule resource", () =>
    assertCompliant(check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { type: "egress", cidrBlocks: ["0.0.0.0/0"] })), CONFIG)));
  it("does not apply to Azure NSGs (nsg-no-broad-inbound does)", () => assertNotApplicable(check(subject(T.nsg, FIXTURES.nsg()), CONFIG)));
});

describe(`policy ${sgPorts.name}`, () => {
  const check = sgPorts.check;
  it("passes configured Adobe ports and customer service ports, on AWS and Azure", () => {
    assertCompliant(check(subject(T.ingressRule, FIXTURES.ingressRule()), CONFIG));
    assertCompliant(check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 5432, toPort: 5432 })), CONFIG));
    assertCompliant(check(subject(T.securityRule, FIXTURES.securityRule()), AZURE_CONFIG));
    assertCompliant(check(subject(T.nsg, FIXTURES.nsg()), AZURE_CONFIG));
  });
  it("fails a port that is not configured", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 3307, toPort: 3307 })), CONFIG),
      /port 3307, of which 1 is not configured/,
    ));
  it("fails a range that covers unconfigured ports, with a sample", () =>
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { fromPort: 2222, toPort: 3306 })), CONFIG),
      /ports 2222-3306, of which 1083 are not configured \(e\.g\. 2223, 2224/,
    ));
  it("fails all traffic (-1) and unset ports on a tcp rule, read as every port", () => {
    assertViolation(
      check(
        subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "-1", fromPort: undefined, toPort: undefined })),
        CONFIG,
      ),
      /every protocol and port/,
    );
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: undefined, toPort: undefined })), CONFIG),
      /opens all ports/,
    );
  });
  it("fails portless protocols such as ICMP", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "icmp", fromPort: -1, toPort: -1 })), CONFIG),
      /protocol "icmp"/,
    ));
  it("fails an Azure rule with destination port *", () =>
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "*" })), AZURE_CONFIG),
      /opens all ports/,
    ));
  it("follows a config override of ports", () =>
    assertCompliant(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 3307, toPort: 3307 })), readConfig({ ports: [3307] })),
    ));
  it("does not apply without configured ports", () =>
    assertNotApplicable(check(subject(T.ingressRule, FIXTURES.ingressRule()), DEFAULT_CONFIG)));
});

describe(`policy ${noSsh.name}`, () => {
  const check = noSsh.check;
  it("passes rules, listeners, target groups and Azure load-balancing rules without port 22", () => {
    for (const [type, props] of [
      [T.ingressRule, FIXTURES.ingressRule()],
      [T.securityGroup, FIXTURES.securityGroup()],
      [T.listener, FIXTURES.listener()],
      [T.targetGroup, FIXTURES.targetGroup()],
      [T.azureLb, FIXTURES.azureLb()],
      [T.nsg, FIXTURES.nsg()],
    ] as const)
      assertCompliant(check(subject(type, props), DEFAULT_CONFIG));
  });
  it("fails port 22 in every place it can be opened, without any config", () => {
    const cases: [string, Props][] = [
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 22, toPort: 22 })],
      [T.sgRule, withChange(FIXTURES.sgRule(), { fromPort: 20, toPort: 30 })],
      [
        T.securityGroup,
        withChange(FIXTURES.securityGroup(), { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"] }] }),
      ],
      [T.listener, withChange(FIXTURES.listener(), { port: 22 })],
      [T.targetGroup, withChange(FIXTURES.targetGroup(), { port: 22 })],
      [T.azureLb, withChange(FIXTURES.azureLb(), { loadBalancingRules: [{ protocol: "Tcp", frontendPort: 2222, backendPort: 22 }] })],
      [T.azureLb, withChange(FIXTURES.azureLb(), { loadBalancingRules: [{ protocol: "All", frontendPort: 0, backendPort: 0 }] })],
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), { inboundNatRules: [{ frontendPortRangeStart: 1, frontendPortRangeEnd: 100, backendPort: 3306 }] }),
      ],
      [T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "22" })],
      [T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: undefined, destinationPortRanges: ["3306", "1-1024"] })],
      [
        T.nsg,
        withChange(FIXTURES.nsg(), {
          securityRules: [
            {
              name: "ssh",
              access: "Allow",
              direction: "Inbound",
              protocol: "*",
              sourceAddressPrefix: "10.0.0.0/8",
              destinationPortRange: "*",
            },
          ],
        }),
      ],
    ];
    for (const [type, props] of cases)
      assertViolation(check(subject(type, props), DEFAULT_CONFIG), /22.*You cannot establish SSH connections using PrivateLink/s);
  });
  it("does not apply to resources that carry no ports", () =>
    assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint()), DEFAULT_CONFIG)));
});

describe(`policy ${noHttps.name}`, () => {
  const check = noHttps.check;
  it("passes Azure rules that do not open 443", () =>
    assertCompliant(check(subject(T.securityRule, FIXTURES.securityRule()), AZURE_CONFIG)));
  it("fails an Azure inbound rule that opens 443, quoting Fastly origin cloaking", () =>
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "443" })), AZURE_CONFIG),
      /HTTPS port 443.*Fastly origin cloaking/s,
    ));
  it("fails a range or * that includes 443, inline in an NSG too", () => {
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "400-500" })), AZURE_CONFIG),
      /ports 400-500/,
    );
    assertViolation(
      check(
        subject(
          T.nsg,
          withChange(FIXTURES.nsg(), {
            securityRules: [
              { access: "Allow", direction: "Inbound", protocol: "Tcp", sourceAddressPrefix: "10.0.0.0/8", destinationPortRange: "*" },
            ],
          }),
        ),
        AZURE_CONFIG,
      ),
      /all ports/,
    );
  });
  it("accepts 443 when it is a configured customer service port (the Adobe -> customer leg)", () =>
    assertNotApplicable(
      check(
        subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "443" })),
        readConfig({ servicePorts: [443] }),
      ),
    ));
  it("does not apply to AWS, where Adobe allows 443", () =>
    assertNotApplicable(check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 443, toPort: 443 })), CONFIG)));
});

describe(`policy ${region.name}`, () => {
  const check = region.check;
  const awsProvider = { type: T.awsProvider, props: { region: "us-east-1" } };
  it("passes resources in the configured region, by their own input or their provider's", () => {
    assertCompliant(check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { region: "us-east-1" })), CONFIG));
    assertCompliant(check(subject(T.endpoint, FIXTURES.endpoint(), { provider: awsProvider }), CONFIG));
    assertCompliant(check(subject(T.awsProvider, { region: "us-east-1" }), CONFIG));
    assertCompliant(check(subject(T.pe, FIXTURES.pe()), AZURE_CONFIG));
    assertCompliant(check(subject(T.pe, withChange(FIXTURES.pe(), { location: "East US" })), AZURE_CONFIG));
  });
  it("fails the AWS v7 per-resource region that differs", () =>
    assertViolation(
      check(subject(T.lb, withChange(FIXTURES.lb(), { region: "us-west-2" }), { provider: awsProvider }), CONFIG),
      /region is "us-west-2", not the configured region "us-east-1"/,
    ));
  it("fails a provider in another region, and a resource that inherits it", () => {
    const west = { type: T.awsProvider, props: { region: "eu-west-1" } };
    assertViolation(check(subject(T.awsProvider, { region: "eu-west-1" }), CONFIG), /region is "eu-west-1"/);
    assertViolation(check(subject(T.endpoint, FIXTURES.endpoint(), { provider: west }), CONFIG), /provider region is "eu-west-1"/);
  });
  it("fails an Azure location that differs", () =>
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { location: "westeurope" })), AZURE_CONFIG),
      /location is "westeurope"/,
    ));
  it("fails cross-region endpoints and endpoint services", () => {
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { serviceRegion: "us-west-2" })), CONFIG),
      /serviceRegion is "us-west-2"/,
    );
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { supportedRegions: ["us-east-1", "eu-west-1"] })), CONFIG),
      /supportedRegions admits "eu-west-1"/,
    );
  });
  it("fails a resource of the other cloud", () =>
    assertViolation(check(subject(T.pe, FIXTURES.pe()), CONFIG), /azure resource in a stack configured for aws/));
  it("without a configured region, compares a resource with its provider's region", () => {
    const config = readConfig({});
    assertCompliant(check(subject(T.lb, withChange(FIXTURES.lb(), { region: "us-east-1" }), { provider: awsProvider }), config));
    assertViolation(
      check(subject(T.lb, withChange(FIXTURES.lb(), { region: "us-west-2" }), { provider: awsProvider }), config),
      /not its provider's region "us-east-1"/,
    );
  });
  it("does not apply when no region is known, nor to Azure resources without location (they take their resource group's)", () => {
    assertNotApplicable(check(subject(T.lb, FIXTURES.lb()), readConfig({})));
    assertCompliant(check(subject(T.securityRule, FIXTURES.securityRule()), AZURE_CONFIG));
    assertNotApplicable(check(subject("random:index/randomId:RandomId", {}), CONFIG));
  });
});

describe(`policy ${lbInternal.name}`, () => {
  const check = lbInternal.check;
  it("passes an internal network load balancer, under its current and deprecated tokens", () => {
    for (const type of [
      T.lb,
      "aws:alb/loadBalancer:LoadBalancer",
      "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
      "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    ])
      assertCompliant(check(subject(type, FIXTURES.lb()), CONFIG));
  });
  it("fails an application load balancer, and an unset type (the provider default is application)", () => {
    assertViolation(
      check(subject(T.lb, withChange(FIXTURES.lb(), { loadBalancerType: "application" })), CONFIG),
      /loadBalancerType is "application"/,
    );
    assertViolation(
      check(
        subject("aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", withChange(FIXTURES.lb(), { loadBalancerType: undefined })),
        CONFIG,
      ),
      /not set \(application\)/,
    );
  });
  it("fails an internet-facing load balancer, and an unset internal (the provider default is internet-facing)", () => {
    assertViolation(check(subject(T.lb, withChange(FIXTURES.lb(), { internal: false })), CONFIG), /internal is false/);
    assertViolation(check(subject(T.lb, withChange(FIXTURES.lb(), { internal: undefined })), CONFIG), /internal is not set/);
  });
  it("fails a classic load balancer", () =>
    assertViolation(check(subject(T.classicLb, { internal: true }), CONFIG), /Classic Load Balancer/));
});

describe(`policies ${lbDeletionProd.name} and ${lbDeletionNonProd.name}`, () => {
  const off = withChange(FIXTURES.lb(), { enableDeletionProtection: false });
  const staging = readConfig({ environment: "staging" });
  it("pass a protected load balancer in production and elsewhere", () => {
    assertCompliant(lbDeletionProd.check(subject(T.lb, FIXTURES.lb()), CONFIG));
    assertCompliant(lbDeletionNonProd.check(subject(T.lb, FIXTURES.lb()), staging));
  });
  it("fail deletion protection off: the mandatory one in production, citing CKV_AWS_150", () => {
    assertViolation(lbDeletionProd.check(subject(T.lb, off), CONFIG), /enableDeletionProtection is false.*CKV_AWS_150/s);
    assertNotApplicable(lbDeletionNonProd.check(subject(T.lb, off), CONFIG));
  });
  it("fail deletion protection unset: the advisory one outside production or when the environment is unknown", () => {
    const unset = withChange(FIXTURES.lb(), { enableDeletionProtection: undefined });
    assertNotApplicable(lbDeletionProd.check(subject(T.lb, unset), staging));
    assertViolation(lbDeletionNonProd.check(subject(T.lb, unset), staging), /enableDeletionProtection is not set/);
    assertViolation(lbDeletionNonProd.check(subject(T.lb, unset), DEFAULT_CONFIG), /not set/);
  });
  it("do not apply to Azure load balancers", () =>
    assertNotApplicable(lbDeletionProd.check(subject(T.azureLb, FIXTURES.azureLb()), CONFIG)));
});

describe(`policy ${plsVisibility.name}`, () => {
  const check = plsVisibility.check;
  it("passes visibility and nothing else for the configured subscription, case-insensitively", () => {
    assertCompliant(check(subject(T.pls, FIXTURES.pls()), AZURE_CONFIG));
    assertCompliant(
      check(
        subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: [ADOBE_SUBSCRIPTION.toUpperCase()] } })),
        AZURE_CONFIG,
      ),
    );
  });
  it('fails visibility "*"', () =>
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: ["*"] } })), AZURE_CONFIG),
      /visibility\.subscriptions contains "\*"/,
    ));
  it("fails an unconfigured subscription in visibility", () =>
    assertViolation(
      check(
        subject(
          T.pls,
          withChange(FIXTURES.pls(), { visibility: { subscriptions: [ADOBE_SUBSCRIPTION, "00000000-0000-4000-8000-000000000000"] } }),
        ),
        AZURE_CONFIG,
      ),
      /"00000000-0000-4000-8000-000000000000", which is not a configured subscription/,
    ));
  it("fails visibility that misses a configured subscription, and unset visibility", () => {
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: [] } })), AZURE_CONFIG),
      /misses 7c9e6679/,
    );
    assertViolation(check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: undefined })), AZURE_CONFIG), /is not set and misses/);
  });
  it('fails auto-approval of "*" and of any subscription outside the configured ones', () => {
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: ["*"] } })), AZURE_CONFIG),
      /every request is approved/,
    );
    assertViolation(
      check(
        subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: ["00000000-0000-4000-8000-000000000000"] } })),
        AZURE_CONFIG,
      ),
      /outside the configured subscriptions/,
    );
    assertCompliant(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: [ADOBE_SUBSCRIPTION] } })), AZURE_CONFIG),
    );
  });
  it("without configured subscriptions refuses only '*' in visibility and every auto-approval", () => {
    assertCompliant(check(subject(T.pls, FIXTURES.pls()), DEFAULT_CONFIG));
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: [ADOBE_SUBSCRIPTION] } })), DEFAULT_CONFIG),
      /none configured/,
    );
  });
  it("covers versioned tokens", () =>
    assertViolation(
      check(
        subject("azure-native:network/v20230201:PrivateLinkService", withChange(FIXTURES.pls(), { visibility: { subscriptions: ["*"] } })),
        AZURE_CONFIG,
      ),
      /"\*"/,
    ));
});

describe(`policy ${azureLb.name}`, () => {
  const check = azureLb.check;
  it("passes a Standard load balancer with a private frontend", () =>
    assertCompliant(check(subject(T.azureLb, FIXTURES.azureLb()), AZURE_CONFIG)));
  it("fails Basic, and an unset SKU (Azure's default is Basic)", () => {
    assertViolation(
      check(subject(T.azureLb, withChange(FIXTURES.azureLb(), { sku: { name: "Basic" } })), AZURE_CONFIG),
      /sku\.name is "Basic"/,
    );
    assertViolation(check(subject(T.azureLb, withChange(FIXTURES.azureLb(), { sku: undefined })), AZURE_CONFIG), /not set \(Basic\)/);
  });
  it("fails a frontend with a public IP address or prefix", () => {
    assertViolation(
      check(
        subject(
          T.azureLb,
          withChange(FIXTURES.azureLb(), {
            frontendIPConfigurations: [{ name: "pub", publicIPAddress: { id: "/x/publicIPAddresses/pip" } }],
          }),
        ),
        AZURE_CONFIG,
      ),
      /"pub" has a publicIPAddress/,
    );
    assertViolation(
      check(
        subject(T.azureLb, withChange(FIXTURES.azureLb(), { frontendIPConfigurations: [{ publicIPPrefix: { id: "/x" } }] })),
        AZURE_CONFIG,
      ),
      /publicIPPrefix/,
    );
  });
});

describe(`policy ${nsgBroad.name}`, () => {
  const check = nsgBroad.check;
  it("passes private sources, VirtualNetwork and AzureLoadBalancer, and ignores deny and outbound rules", () => {
    assertCompliant(check(subject(T.nsg, FIXTURES.nsg()), AZURE_CONFIG));
    assertCompliant(
      check(
        subject(
          T.securityRule,
          withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["VirtualNetwork", "AzureLoadBalancer", "10.40.1.5"] }),
        ),
        AZURE_CONFIG,
      ),
    );
  });
  it("fails *, Any, Internet and 0.0.0.0/0, citing CKV_AZURE_10", () => {
    for (const source of ["*", "Any", "Internet", "0.0.0.0/0"])
      assertViolation(
        check(
          subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: undefined, sourceAddressPrefix: source })),
          AZURE_CONFIG,
        ),
        /every address.*CKV_AZURE_10/s,
      );
  });
  it("fails public blocks, internet-covering halves, public service tags and IPv6", () => {
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["52.0.0.0/8"] })), AZURE_CONFIG),
      /"52\.0\.0\.0\/8", which is not inside a private range/,
    );
    assertViolation(
      check(
        subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["0.0.0.0/1", "128.0.0.0/1"] })),
        AZURE_CONFIG,
      ),
      /cover every IPv4 address/,
    );
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["AzureCloud"] })), AZURE_CONFIG),
      /service tag "AzureCloud"/,
    );
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["::/0"] })), AZURE_CONFIG),
      /IPv6/,
    );
  });
  it("fails an inline NSG rule in the ARM `properties` shape too", () =>
    assertViolation(
      check(
        subject(
          T.nsg,
          withChange(FIXTURES.nsg(), {
            securityRules: [
              {
                name: "x",
                properties: {
                  access: "Allow",
                  direction: "Inbound",
                  protocol: "Tcp",
                  sourceAddressPrefix: "Internet",
                  destinationPortRange: "3306",
                },
              },
            ],
          }),
        ),
        AZURE_CONFIG,
      ),
      /"Internet"/,
    ));
  it("does not apply to AWS security groups", () => assertNotApplicable(check(subject(T.securityGroup, FIXTURES.securityGroup()), CONFIG)));
});

describe(`policy ${peManual.name}`, () => {
  const check = peManual.check;
  const connection = (change: Props): Props =>
    withChange(FIXTURES.pe(), { manualPrivateLinkServiceConnections: [{ name: "to-adobe", privateLinkServiceId: ADOBE_PLS, ...change }] });
  it("passes a manual connection with a short request message, by resource id or alias, and the 2019 InterfaceEndpoint token", () => {
    assertCompliant(check(subject(T.pe, FIXTURES.pe()), AZURE_CONFIG));
    assertCompliant(
      check(
        subject(
          T.pe,
          connection({
            privateLinkServiceId: "pls-x.7c9e6679-7425-40de-944b-e07fc1f90ae7.eastus.azure.privatelinkservice",
            requestMessage: "Acme",
          }),
        ),
        AZURE_CONFIG,
      ),
    );
    assertCompliant(check(subject("azure-native:network/v20190201:InterfaceEndpoint", FIXTURES.pe()), AZURE_CONFIG));
  });
  it("passes a message of exactly 140 characters and fails 141", () => {
    assertCompliant(check(subject(T.pe, connection({ requestMessage: "x".repeat(140) })), AZURE_CONFIG));
    assertViolation(
      check(subject(T.pe, connection({ requestMessage: "x".repeat(141) })), AZURE_CONFIG),
      /has 141 characters, more than 140/,
    );
  });
  it("fails a missing or blank request message", () => {
    assertViolation(check(subject(T.pe, connection({})), AZURE_CONFIG), /has no requestMessage/);
    assertViolation(check(subject(T.pe, connection({ requestMessage: "  " })), AZURE_CONFIG), /has no requestMessage/);
  });
  it("fails an automatic connection to Adobe's Private Link Service", () =>
    assertViolation(
      check(
        subject(
          T.pe,
          withChange(FIXTURES.pe(), {
            manualPrivateLinkServiceConnections: undefined,
            privateLinkServiceConnections: [{ name: "auto", privateLinkServiceId: ADOBE_PLS }],
          }),
        ),
        AZURE_CONFIG,
      ),
      /privateLinkServiceConnections\[0\] connects to .* automatically.*Adobe approves the connection request/s,
    ));
  it("does not judge private endpoints to Azure PaaS resources", () =>
    assertNotApplicable(
      check(
        subject(
          T.pe,
          withChange(FIXTURES.pe(), {
            manualPrivateLinkServiceConnections: undefined,
            privateLinkServiceConnections: [
              {
                name: "blob",
                privateLinkServiceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z",
                groupIds: ["blob"],
              },
            ],
          }),
        ),
        AZURE_CONFIG,
      ),
    ));
});

describe(`policy ${protectedProd.name}`, () => {
  const check = protectedProd.check;
  it("passes protected stateful resources in production", () => {
    for (const [type, props] of [
      [T.endpoint, FIXTURES.endpoint()],
      [T.service, FIXTURES.service()],
      [T.lb, FIXTURES.lb()],
      [T.pe, FIXTURES.pe()],
      [T.pls, FIXTURES.pls()],
      [T.azureLb, FIXTURES.azureLb()],
      [T.plsConnection, {}],
    ] as const)
      assertCompliant(check(subject(type, props, { protect: true }), CONFIG));
  });
  it("fails an unprotected endpoint in production, reading the resource option", () =>
    assertViolation(check(subject(T.endpoint, FIXTURES.endpoint(), { protect: false }), CONFIG), /is not protected \(protect: false\)/));
  it("does not apply outside production, when the environment is unknown, or to stateless resources", () => {
    assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint(), { protect: false }), readConfig({ environment: "staging" })));
    assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint(), { protect: false }), DEFAULT_CONFIG));
    assertNotApplicable(check(subject(T.ingressRule, FIXTURES.ingressRule(), { protect: false }), CONFIG));
    // Retained on delete, never protected: a protected accepter could not leave adobe.connections.
    assertNotApplicable(check(subject(T.accepter, {}, { protect: false }), CONFIG));
  });
});

describe(`policy ${tagged.name}`, () => {
  const check = tagged.check;
  it("passes resources with the required tags, counting AWS provider defaultTags", () => {
    assertCompliant(check(subject(T.endpoint, FIXTURES.endpoint()), CONFIG));
    assertCompliant(
      check(
        subject(T.endpoint, withChange(FIXTURES.endpoint(), { tags: { owner: "x" } }), {
          provider: { type: T.awsProvider, props: { defaultTags: { tags: { "cost-center": "1" } } } },
        }),
        CONFIG,
      ),
    );
  });
  it("fails a missing required tag", () =>
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { tags: { owner: "x" } })), AZURE_CONFIG),
      /miss the required cost-center/,
    ));
  it("without requiredTags asks for at least one tag", () => {
    assertCompliant(check(subject(T.lb, FIXTURES.lb()), DEFAULT_CONFIG));
    assertViolation(check(subject(T.lb, withChange(FIXTURES.lb(), { tags: undefined })), DEFAULT_CONFIG), /has no tags/);
  });
  it("does not apply to untaggable resources", () => assertNotApplicable(check(subject(T.attachment, {}), CONFIG)));
});

describe("undefined and unknown props", () => {
  const checks: [string, ResourceCheck][] = [
    acceptance,
    onlyPrincipals,
    endpointType,
    sgSources,
    sgPorts,
    noSsh,
    noHttps,
    region,
    lbInternal,
    lbDeletionProd,
    lbDeletionNonProd,
    plsVisibility,
    azureLb,
    nsgBroad,
    peManual,
    protectedProd,
    tagged,
  ].map((m) => [m.name, m.check]);

  it("every resource check handles a resource with no props at all, for every type, without throwing", () => {
    // Every policy but the one stack policy (grants) has a resource check.
    assert.equal(checks.length, policies.length - 1);
    for (const [name, check] of checks)
      for (const type of Object.values(T))
        for (const config of [CONFIG, AZURE_CONFIG, DEFAULT_CONFIG]) {
          const v = check(subject(type, {}), config);
          assert.ok(["compliant", "not-applicable", "violation"].includes(v.kind), `${name} on ${type}`);
          for (const m of messages(v)) assert.match(m, /Why: .*Fix: /s, `${name} on ${type}: ${m}`);
        }
  });

  it("every resource check ignores wrongly shaped values instead of throwing", () => {
    const junk = {
      ingress: "x",
      securityRules: [1, null],
      allowedPrincipals: "arn",
      visibility: [],
      tags: 5,
      sku: "Standard",
      frontendIPConfigurations: {},
      manualPrivateLinkServiceConnections: "x",
    };
    for (const [name, check] of checks)
      for (const type of Object.values(T)) assert.doesNotThrow(() => check(subject(type, junk), CONFIG), name);
  });

  it("reads only the props a policy needs: an unknown value elsewhere does not stop it, an unknown value it needs raises the engine's UnknownValueError (advisory during preview)", () => {
    // The engine's unknown-checking proxy is internal to @pulumi/policy (its .d.ts declares nothing).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy");
    const props = proxy.unknownCheckingProxy({ ...FIXTURES.endpoint(), vpcId: proxy.unknownStringValue, tags: proxy.unknownObjectValue });
    const args = (policy: ResourceValidationPolicy, config: object) => ({
      type: T.endpoint,
      name: "ep",
      urn: "urn:ep",
      props,
      opts: {
        protect: true,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      stackTags: new Map(),
      isType: () => false,
      asType: () => undefined,
      getConfig: () => config,
      notApplicable: (reason?: string) => {
        throw new Error(`not applicable: ${reason ?? ""}`);
      },
    });
    const reported: string[] = [];
    const validate = (policy: ResourceValidationPolicy, config: object): void => {
      (policy.validateResource as any)(args(policy, config), (m: string) => reported.push(m));
    };
    assert.doesNotThrow(() => validate(endpointType.policy, {}));
    assert.deepEqual(reported, []);
    assert.throws(() => validate(tagged.policy, {}), proxy.UnknownValueError);
  });
});

// ---------------------------------------------------------------------------------------------

function resource(type: string, name: string, inputs: Props, extra: Partial<EvaluatedResource> = {}): EvaluatedResource {
  return { urn: `urn:pulumi:test::commerce-privatelink::${type}::${name}`, type, name, inputs, protect: true, ...extra };
}

describe("evaluatePolicies", () => {
  const awsStack = (): EvaluatedResource[] => [
    resource("pulumi:pulumi:Stack", "commerce-privatelink-test", {}, { custom: false, protect: false }),
    resource(T.awsProvider, "privatelink", { region: "us-east-1" }, { protect: false }),
    resource(T.endpoint, "privatelink-to-adobe-endpoint", FIXTURES.endpoint()),
    resource(T.ingressRule, "privatelink-to-adobe-ingress-mysql", FIXTURES.ingressRule(), { protect: false }),
    resource(T.lb, "privatelink-from-adobe-nlb", FIXTURES.lb()),
    resource(T.service, "privatelink-from-adobe-service", FIXTURES.service()),
  ];

  it("finds nothing in a compliant stack under the strictest config", () => assert.deepEqual(evaluatePolicies(awsStack(), CONFIG), []));

  it("reports a resource violation with the policy, its level, the resource's urn and the message", () => {
    const stack = awsStack();
    stack[5] = resource(T.service, "privatelink-from-adobe-service", withChange(FIXTURES.service(), { acceptanceRequired: false }));
    const findings = evaluatePolicies(stack, CONFIG);
    assert.deepEqual(
      findings.map((f) => [f.policy, f.enforcementLevel, f.urn]),
      [[acceptance.name, "mandatory", stack[5].urn]],
    );
    assert.match(findings[0]?.message ?? "", /acceptanceRequired is false/);
  });

  it("reports a stack violation on the resource it names", () => {
    const stack = awsStack();
    stack[5] = resource(T.service, "svc", withChange(FIXTURES.service(), { allowedPrincipals: [] }));
    const findings = evaluatePolicies(stack, CONFIG);
    assert.deepEqual(
      findings.map((f) => [f.policy, f.urn]),
      [[grants.name, stack[5].urn]],
    );
  });

  it("passes the protect option and finds the only provider of the package (region inherited from it)", () => {
    const stack = awsStack();
    const provider = resource(T.awsProvider, "privatelink", { region: "eu-west-1" }, { protect: false });
    const endpoint = { ...(stack[2] as EvaluatedResource), protect: false };
    stack[1] = provider;
    stack[2] = endpoint;
    const findings = evaluatePolicies(stack, CONFIG);
    assert.ok(findings.some((f) => f.policy === protectedProd.name && f.urn === endpoint.urn));
    const regionFindings = findings.filter((f) => f.policy === region.name).map((f) => f.urn);
    assert.ok(regionFindings.includes(provider.urn), "the provider itself");
    assert.ok(regionFindings.includes(endpoint.urn), "the endpoint through its provider");
  });

  it("uses the explicit provider named by `<urn>::<id>` when there are several", () => {
    const east = resource(T.awsProvider, "east", { region: "us-east-1" });
    const west = resource(T.awsProvider, "west", { region: "us-west-2" });
    const endpoint = resource(T.endpoint, "ep", FIXTURES.endpoint(), { provider: `${west.urn}::0000` });
    // Without a configured region the endpoint's own provider (west) is the reference: nothing to report.
    assert.deepEqual(
      evaluatePolicies([east, west, endpoint], readConfig({})).filter((f) => f.policy === region.name),
      [],
    );
    const configured = evaluatePolicies([east, west, endpoint], CONFIG)
      .filter((f) => f.policy === region.name)
      .map((f) => f.urn);
    assert.deepEqual(configured.sort(), [west.urn, endpoint.urn].sort());
  });

  it("applies enforcement level overrides, skipping disabled policies", () => {
    const stack = awsStack();
    stack[4] = resource(T.lb, "nlb", withChange(FIXTURES.lb(), { internal: false }));
    assert.deepEqual(
      evaluatePolicies(stack, CONFIG, { enforcementLevels: { [lbInternal.name]: "advisory" } }).map((f) => [f.policy, f.enforcementLevel]),
      [[lbInternal.name, "advisory"]],
    );
    assert.deepEqual(evaluatePolicies(stack, CONFIG, { enforcementLevels: { [lbInternal.name]: "disabled" } }), []);
  });

  it("gives each policy the config through getConfig, like the engine", () => {
    const stack = [resource(T.ingressRule, "r", withChange(FIXTURES.ingressRule(), { fromPort: 8080, toPort: 8080 }), { protect: false })];
    assert.deepEqual(evaluatePolicies(stack, {}), []);
    assert.deepEqual(
      evaluatePolicies(stack, { ports: [3306] }).map((f) => f.policy),
      [sgPorts.name],
    );
  });

  it("runs the real PolicyPack wrappers: notApplicable is caught, a config error is thrown", () => {
    const stack = [resource("aws:s3/bucket:Bucket", "b", {})];
    assert.deepEqual(evaluatePolicies(stack, CONFIG), []);
    assert.throws(() => evaluatePolicies(stack, { ports: "3306" }), PolicyConfigError);
  });

  it("refuses asynchronous policies rather than dropping their findings", () => {
    const asyncPolicy: ResourceValidationPolicy = {
      name: "async",
      description: "d",
      enforcementLevel: "mandatory",
      validateResource: async () => {},
    };
    assert.throws(() => evaluatePolicies(awsStack(), CONFIG, { policies: [asyncPolicy] }), /asynchronous/);
    const stackPolicy: StackValidationPolicy = { name: "s", description: "d", validateStack: (_args, report) => report("whole stack") };
    assert.deepEqual(evaluatePolicies(awsStack(), CONFIG, { policies: [stackPolicy] }), [
      { policy: "s", enforcementLevel: "mandatory", urn: awsStack()[0]?.urn, message: "whole stack" },
    ]);
  });

  it("counts mandatory and remediate as blocking, advisory and disabled not", () => {
    assert.deepEqual((["mandatory", "remediate", "advisory", "disabled"] as const).map(isBlocking), [true, true, false, false]);
  });
});

describe("plan file", () => {
  const file = (doc: unknown): string => JSON.stringify(doc);
  const base = {
    project: "commerce-privatelink",
    stack: "s",
    cloud: "aws",
    topology: "unidirectional",
    errors: [],
    resources: [] as unknown[],
    outputs: {},
    policies: [],
  };

  it("derives cloud, region from outputs and environment from outputs", () => {
    const plan = parsePlanFile(file({ ...base, outputs: { region: "us-east-1", environment: "staging" } }), "p.json");
    assert.deepEqual(configFromPlan(plan, {}), { cloud: "aws", region: "us-east-1", environment: "staging" });
  });

  it("falls back to the provider's region or location and to the --environment flag", () => {
    const plan = parsePlanFile(
      file({
        ...base,
        cloud: "azure",
        resources: [
          { urn: "u", type: T.azureProvider, name: "p", parent: null, custom: true, inputs: { location: "eastus" }, protect: false },
        ],
      }),
      "p.json",
    );
    assert.deepEqual(configFromPlan(plan, { environment: "production" }), { cloud: "azure", region: "eastus", environment: "production" });
  });

  it("refuses a flag that contradicts the plan, an unknown cloud, and malformed files", () => {
    assert.throws(
      () => configFromPlan(parsePlanFile(file({ ...base, outputs: { environment: "staging" } }), "p"), { environment: "production" }),
      /contradicts/,
    );
    assert.throws(() => configFromPlan(parsePlanFile(file({ ...base, cloud: "gcp" }), "p"), {}), /not one of aws, azure/);
    assert.throws(
      () => parsePlanFile("{", "p.json"),
      (e: Error) => e instanceof PlanFileError && /not valid JSON/.test(e.message),
    );
    assert.throws(() => parsePlanFile(file({ ...base, resources: undefined }), "p.json"), /no resources list/);
    assert.throws(() => parsePlanFile(file({ ...base, resources: [{ urn: "u", type: "t" }] }), "p.json"), /resources\[0\]\.name/);
    assert.throws(
      () => parsePlanFile(file({ ...base, resources: [{ urn: "u", type: "t", name: "n", protect: "yes" }] }), "p.json"),
      /protect must be true or false/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** The policy config that describes an example stack file, as strict as the file allows. */
function configOfStack(stack: Record<string, unknown>): Record<string, unknown> {
  const adobe = stack["commerce-privatelink:adobe"] as { environment: string; ports: { port: number }[]; subscriptionIds?: string[] };
  const services = (stack["commerce-privatelink:services"] as { port: number }[] | undefined) ?? [];
  const tags = Object.keys((stack["commerce-privatelink:tags"] as Record<string, string> | undefined) ?? {});
  return {
    cloud: stack["commerce-privatelink:cloud"],
    region: stack["commerce-privatelink:region"],
    environment: adobe.environment,
    ports: adobe.ports.map((p) => p.port),
    servicePorts: services.map((s) => s.port),
    ...(adobe.subscriptionIds ? { subscriptionIds: adobe.subscriptionIds } : {}),
    ...(tags.length > 0 ? { requiredTags: tags } : {}),
  };
}

describe("the program's own plans", () => {
  for (const name of EXAMPLE_STACKS) {
    it(`${name}: no mandatory policy fails on what the program registers, under the stack's strictest policy config`, async () => {
      const stack = exampleStack(name);
      const p = await plan(stack);
      const resources: EvaluatedResource[] = p.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        inputs: r.inputs,
        protect: p.options.get(r.name)?.protect ?? false,
        provider: r.provider,
      }));
      // Not vacuous: the plan holds the resources the policies are about.
      const cloud = stack["commerce-privatelink:cloud"];
      const expected: string[] = cloud === "aws" ? [T.endpoint, T.securityGroup] : [T.pe];
      if (name.endsWith("-bidirectional")) expected.push(cloud === "aws" ? T.service : T.pls);
      for (const type of expected)
        assert.ok(
          resources.some((r) => r.type === type),
          `${name} plans no ${type}`,
        );
      const findings = evaluatePolicies(resources, configOfStack(stack));
      const blocking = findings.filter((f) => isBlocking(f.enforcementLevel));
      assert.deepEqual(blocking, [], blocking.map((f) => `${f.policy} ${f.urn}\n  ${f.message}`).join("\n"));
    });
  }
});

describe("through @pulumi/policy's own analyze RPC (what `pulumi preview --policy-pack` runs)", () => {
  // Internal modules of the policy SDK and the engine protocol: untyped here on purpose, the point is
  // to run the exact server code path (unknown-checking proxy, notApplicable, message format).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const server = require("@pulumi/policy/server");
  const proxy = require("@pulumi/policy/proxy");
  const analyzer = require("@pulumi/pulumi/proto/analyzer_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  /* eslint-enable @typescript-eslint/no-require-imports */

  function analyze(type: string, props: Props): Promise<{ policy: string; level: number; message: string }[]> {
    const request = new analyzer.AnalyzeRequest();
    request.setType(type);
    request.setName("fixture");
    request.setUrn(`urn:pulumi:test::commerce-privatelink::${type}::fixture`);
    request.setProperties(Struct.fromJavaScript(props));
    request.setOptions(new analyzer.AnalyzerResourceOptions());
    const rpc = server.makeAnalyzeRpcFun("commerce-privatelink", "0.1.0", "mandatory", policies);
    return new Promise((resolve, reject) => {
      rpc({ request }, (error: unknown, response: any) => {
        if (error) reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        else
          resolve(
            response
              .getDiagnosticsList()
              .map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() })),
          );
      });
    });
  }

  it("reports a violation as mandatory with the policy description, then the finding", async () => {
    const diagnostics = await analyze(T.service, withChange(FIXTURES.service(), { acceptanceRequired: false }));
    assert.deepEqual(
      diagnostics.map((d) => [d.policy, d.level]),
      [[acceptance.name, 1 /* MANDATORY */]],
    );
    assert.match(
      diagnostics[0]?.message ?? "",
      /^AWS VPC endpoint services require manual acceptance of every connection\.\nVPC endpoint service acceptanceRequired is false/,
    );
  });

  it("finds nothing on a compliant resource, and turns a value unknown during preview into an advisory note", async () => {
    assert.deepEqual(await analyze(T.service, FIXTURES.service()), []);
    const diagnostics = await analyze(T.service, withChange(FIXTURES.service(), { acceptanceRequired: proxy.unknownBooleanValue }));
    assert.deepEqual(
      diagnostics.map((d) => [d.policy, d.level]),
      [[acceptance.name, 0 /* ADVISORY */]],
    );
    assert.match(diagnostics[0]?.message ?? "", /can't run policy 'vpc-endpoint-service-acceptance-required'.*during preview/);
  });
});
