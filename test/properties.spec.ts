/**
 * Property-based tests: no stack file crashes the program (it is planned or refused with validation
 * errors), and every plan of a valid stack keeps Adobe's invariants.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { nicIpConfigurationId } from "../config/azure";
import { PROJECT, TOP_LEVEL_KEYS } from "../config/keys";
import { ConfigError } from "../config/problems";
import { validateConfig } from "../config/validate";
import { isPrivate, parseCidr } from "../lib/ipv4";
import { ADOBE_AWS_PRINCIPAL } from "../rules/adobe";
import type { RecordedResource } from "../tools/mocks";
import { type StackConfig, toPulumiConfig } from "../tools/stackfile";
import { EXAMPLE_STACKS, exampleStack, plan } from "./harness";

const K = (key: string): string => `${PROJECT}:${key}`;
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const guid = fc.uuid({ version: 4 }).filter((g) => g !== "00000000-0000-0000-0000-000000000000");

/** A service target: a private address on AWS, a NIC IP configuration in the subnets' subscription on Azure. */
function target(cloud: string, host: number): string {
  return cloud === "azure" ? nicIpConfigurationId("3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "rg-apps", `vm-${host}-nic`) : `10.20.1.${host}`;
}

/** An arbitrary valid stack config, on either cloud, in any topology and handshake phase. */
const validConfig: fc.Arbitrary<StackConfig> = fc
  .record({
    cloud: fc.constantFrom("aws", "azure"),
    topology: fc.constantFrom("unidirectional", "bidirectional"),
    environment: fc.constantFrom("production", "staging"),
    protect: fc.option(fc.boolean(), { nil: undefined }),
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 8 }),
    cidrOctets: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }),
    services: fc.uniqueArray(
      fc.record({
        port: fc.integer({ min: 1, max: 65535 }),
        targets: fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 5, selector: (s) => s.port },
    ),
    hasService: fc.boolean(),
    connections: fc.uniqueArray(hex(17), { minLength: 0, maxLength: 2 }),
    subnets: fc.uniqueArray(hex(17), { minLength: 1, maxLength: 3 }),
    awsRegion: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2"),
    azureRegion: fc.constantFrom("eastus", "westeurope", "australiaeast"),
    subscriptions: fc.uniqueArray(guid, { minLength: 1, maxLength: 2 }),
    serviceHex: hex(17),
    plsGuid: guid,
  })
  .map((g) => {
    const aws = g.cloud === "aws";
    const region = aws ? g.awsRegion : g.azureRegion;
    const allowed = (port: number) => port !== 22 && (aws || port !== 443);
    const ports = g.ports.filter(allowed);
    const bidirectional = g.topology === "bidirectional";
    const adobe: Record<string, unknown> = {
      company: "Acme Corp",
      projectId: "abcdef1234567",
      environment: g.environment,
      ports: (ports.length > 0 ? ports : [3306]).map((port, i) => ({ name: `port-${i}`, port })),
    };
    if (g.hasService) {
      if (aws) adobe.endpointService = `com.amazonaws.vpce.${region}.vpce-svc-${g.serviceHex}`;
      else adobe.privateLinkService = `pls-adobe.${g.plsGuid}.${region}.azure.privatelinkservice`;
    }
    if (bidirectional && g.connections.length > 0) {
      adobe.connections = aws ? g.connections.map((c) => `vpce-${c}`) : g.connections.map((c, i) => `pe-adobe-${i}.${c}`);
    }
    if (bidirectional && !aws) adobe.subscriptionIds = g.subscriptions;
    const subnet = (name: string) =>
      `/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/${name}`;
    const network: Record<string, unknown> = {
      clientCidrs: g.cidrOctets.map((o) => `10.${o}.0.0/16`),
      ...(aws
        ? { vpcId: "vpc-0a1b2c3d4e5f67890", subnetIds: g.subnets.map((s) => `subnet-${s}`) }
        : {
            resourceGroupName: "rg-commerce-link",
            endpointSubnetId: subnet("snet-pe"),
            ...(bidirectional ? { serviceSubnetId: subnet("snet-svc") } : {}),
          }),
    };
    const config: StackConfig = {
      [K("cloud")]: g.cloud,
      [K("region")]: region,
      [K("topology")]: g.topology,
      [K("adobe")]: adobe,
      [K("network")]: network,
    };
    if (g.protect !== undefined) config[K("protect")] = g.protect;
    if (bidirectional) {
      config[K("services")] = g.services
        .filter((s) => s.port !== 22)
        .map((s, i) => ({ name: `svc-${i}`, port: s.port, targets: s.targets.map((t) => target(g.cloud, t)) }));
      if ((config[K("services")] as unknown[]).length === 0)
        config[K("services")] = [{ name: "svc-0", port: 5432, targets: [target(g.cloud, 15)] }];
    }
    return config;
  });

/** Any value a stack file could hold for a key, including wrong types, huge lists and odd strings. */
const anyValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ unit: "binary" }),
  fc.array(fc.string(), { maxLength: 500 }),
  fc.constantFrom("", " ", "null", "[]", "{}", "0", "-1", "1e400", "0.0.0.0/0", "::/0", "aws", "azure", "bidirectional"),
);

/** Visits every string with its key and the object that holds it (a resource's inputs, or an inline rule). */
function walkStrings(
  value: unknown,
  visit: (key: string, text: string, owner: Record<string, unknown>) => void,
  key = "",
  owner: Record<string, unknown> = {},
): void {
  if (typeof value === "string") visit(key, value, owner);
  else if (Array.isArray(value)) value.forEach((item) => walkStrings(item, visit, key, owner));
  else if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(object)) walkStrings(v, visit, k, object);
  }
}

function walkNumbers(value: unknown, visit: (key: string, n: number) => void, key = ""): void {
  if (typeof value === "number") visit(key, value);
  else if (Array.isArray(value)) value.forEach((item) => walkNumbers(item, visit, key));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) walkNumbers(v, visit, k);
}

const PORT_KEYS = /port/i;
const STATEFUL = new Set([
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ec2/vpcEndpointService:VpcEndpointService",
  "aws:lb/loadBalancer:LoadBalancer",
  "azure-native:network:PrivateEndpoint",
  "azure-native:network:LoadBalancer",
  "azure-native:network:PrivateLinkService",
  "azure-native:network:PrivateLinkServicePrivateEndpointConnection",
]);

/** Adobe's invariants over one plan. */
function assertInvariants(
  config: StackConfig,
  resources: readonly RecordedResource[],
  protect: (name: string) => boolean | undefined,
): void {
  const cloud = config[K("cloud")];
  const region = config[K("region")];
  const explicit = config[K("protect")];
  const protectedStack =
    typeof explicit === "boolean" ? explicit : (config[K("adobe")] as { environment: string }).environment === "production";
  for (const r of resources.filter((res) => res.custom)) {
    walkStrings(r.inputs, (key, text, owner) => {
      const parsed = /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(text) ? parseCidr(text) : undefined;
      if (parsed?.ok) assert.ok(parsed.cidr.prefix > 0 && isPrivate(parsed.cidr), `${r.name}.${key}: ${text} is /0 or public`);
      // A deny rule (a resource, or an entry of an NSG's inline rules) may name every address; an allow rule never.
      if (text === "*" && /address|prefix|cidr/i.test(key) && owner.access !== "Deny") assert.fail(`${r.name}.${key} allows any address`);
    });
    walkNumbers(r.inputs, (key, n) => {
      if (PORT_KEYS.test(key)) assert.notEqual(n, 22, `${r.name}.${key} opens SSH`);
    });
    if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint") {
      assert.equal(r.inputs.privateDnsEnabled, false, "private DNS off");
      assert.equal(r.inputs.vpcEndpointType, "Interface");
    }
    if (r.type === "aws:ec2/vpcEndpointService:VpcEndpointService") {
      assert.equal(r.inputs.acceptanceRequired, true, "acceptance required");
      assert.deepEqual(r.inputs.allowedPrincipals, [ADOBE_AWS_PRINCIPAL], "principals exactly Adobe's");
    }
    if (r.type === "azure-native:network:PrivateLinkService") {
      const auto = r.inputs.autoApproval as { subscriptions?: unknown[] } | undefined;
      assert.deepEqual(auto?.subscriptions ?? [], [], "no auto-approval");
      assert.deepEqual(
        (r.inputs.visibility as { subscriptions: string[] }).subscriptions,
        (config[K("adobe")] as { subscriptionIds: string[] }).subscriptionIds,
      );
    }
    if (r.type === "azure-native:network:PrivateEndpoint") {
      assert.equal(r.inputs.privateLinkServiceConnections, undefined, "manual connections only");
    }
    if (cloud === "aws" && r.type.startsWith("aws:") && r.inputs.region !== undefined)
      assert.equal(r.inputs.region, region, `${r.name} region`);
    if (cloud === "azure" && r.type.startsWith("azure-native:") && r.inputs.location !== undefined)
      assert.equal(r.inputs.location, region, `${r.name} location`);
    if (STATEFUL.has(r.type)) assert.equal(protect(r.name) === true, protectedStack, `${r.name} protected iff production or protect: true`);
  }
  // Names are unique by construction: two resources of one type with one name would share a URN.
  const urns = resources.map((r) => `${r.type}::${r.name}`);
  assert.equal(new Set(urns).size, urns.length, "every resource name is unique per type");
  if (cloud === "azure") {
    const adobePorts = (config[K("adobe")] as { ports: { port: number }[] }).ports.map((p) => p.port);
    assert.ok(!adobePorts.includes(443));
  }
}

describe("properties of any stack file", () => {
  it("never crashes validation on arbitrary keys and values: it returns settings or problems with key, rule and fix", () => {
    const key = fc.oneof(fc.constantFrom(...TOP_LEVEL_KEYS).map(K), fc.string().map(K), fc.string());
    fc.assert(
      fc.property(fc.dictionary(key, anyValue, { maxKeys: 10 }), (config) => {
        const result = validateConfig(toPulumiConfig(config));
        if (!result.ok) {
          assert.ok(result.problems.length > 0);
          for (const p of result.problems) {
            assert.ok(p.key.length > 0 && p.rule.length > 0 && p.fix.length > 0, JSON.stringify(p));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never crashes validation when one field of a valid stack is replaced by anything", () => {
    const paths: [string, string | undefined][] = [
      ["cloud", undefined],
      ["region", undefined],
      ["topology", undefined],
      ["adobe", undefined],
      ["adobe", "ports"],
      ["adobe", "environment"],
      ["adobe", "endpointService"],
      ["adobe", "privateLinkService"],
      ["adobe", "connections"],
      ["adobe", "subscriptionIds"],
      ["network", "clientCidrs"],
      ["network", "subnetIds"],
      ["network", "endpointSubnetId"],
      ["services", undefined],
      ["tags", undefined],
      ["protect", undefined],
    ];
    fc.assert(
      fc.property(validConfig, fc.constantFrom(...paths), anyValue, (config, [top, sub], value) => {
        const copy = structuredClone(config);
        if (sub === undefined) copy[K(top)] = value;
        else copy[K(top)] = { ...(copy[K(top)] ?? {}), [sub]: value };
        const result = validateConfig(toPulumiConfig(copy));
        assert.equal(typeof result.ok, "boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("accepts every generated valid stack", () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const result = validateConfig(toPulumiConfig(config));
        assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.problems));
      }),
      { numRuns: 300 },
    );
  });
});

describe("properties of every plan", () => {
  it("plans every generated valid stack and keeps Adobe's invariants", async () => {
    await fc.assert(
      fc.asyncProperty(validConfig, async (config) => {
        const p = await plan(config);
        assertInvariants(config, p.resources, (name) => p.options.get(name)?.protect);
      }),
      { numRuns: 25 },
    );
  });

  it("refuses an invalid stack without registering anything", async () => {
    await fc.assert(
      fc.asyncProperty(validConfig, fc.constantFrom("0.0.0.0/0", "8.8.8.0/24", "10.0.0.1/8"), async (config, cidr) => {
        const copy = structuredClone(config);
        (copy[K("network")] as { clientCidrs: string[] }).clientCidrs = [cidr];
        await assert.rejects(plan(copy), ConfigError);
      }),
      { numRuns: 20 },
    );
  });

  for (const stack of EXAMPLE_STACKS) {
    it(`keeps Adobe's invariants in the example stack ${stack}`, async () => {
      const config = exampleStack(stack);
      const p = await plan(config);
      assert.ok(p.resources.length > 3);
      assertInvariants(config, p.resources, (name) => p.options.get(name)?.protect);
    });
  }
});
