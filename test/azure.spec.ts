/* eslint-disable @typescript-eslint/no-unsafe-return -- mock inputs are untyped JSON, read with `any` as in the other specs */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { AzurePrivateLink } from "../components/azure/privateLink";
import { azureArgProblems } from "../components/azure/argProblems";
import { toAdobeState } from "../components/azure/connectionState";
import { parseResourceId, virtualNetworkIdOf } from "../components/azure/resourceIds";
import { checkedSubnet, subnetProblems } from "../components/azure/subnets";
import { requestMessage } from "../components/azure/requestMessage";
import { characterCount } from "../lib/text";
import { DENY_PRIORITY, FIRST_ALLOW_PRIORITY, inlineSecurityRules, planSecurityRules } from "../components/azure/securityRules";
import type { AzurePrivateLinkArgs } from "../components/types";
import { AZURE_REQUEST_MESSAGE_MAX } from "../rules/adobe";
import { DEFAULT_MOCK_CONTEXT, type RecordedResource } from "../tools/mocks";
import type { StackConfig } from "../tools/stackfile";
import { azureRefusal, mockConnectionStates, mockSubnets, resetMockAzure } from "../tools/mock-rules-azure";
import { planStack } from "../tools/plan";
import { validateConfig } from "../config/validate";
import { toPulumiConfig } from "../tools/stackfile";
import { evaluatePlan } from "../tools/plan-policies";
import { clone, exampleStack, ofType, type Plan, plan } from "./harness";
import { mocks } from "./setup";

const NET = "azure-native:network:";
const PE = `${NET}PrivateEndpoint`;
const ASG = `${NET}ApplicationSecurityGroup`;
const NSG = `${NET}NetworkSecurityGroup`;
const RULE = `${NET}SecurityRule`;
const LB = `${NET}LoadBalancer`;
const PLS = `${NET}PrivateLinkService`;
const APPROVAL = `${NET}PrivateLinkServicePrivateEndpointConnection`;
const ROOT = "commerce-privatelink:azure:PrivateLink";
const TO_ADOBE = "commerce-privatelink:azure:AdobePrivateEndpoint";
const FROM_ADOBE = "commerce-privatelink:azure:CustomerPrivateLinkService";
const PROVIDER = "pulumi:providers:azure-native";

/** The subnets' subscription: the provider deploys there. */
const SUBSCRIPTION = "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const RG = "rg-commerce-link";
const REGION = "eastus";
const NETWORK_RG = "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network";
const VNET_ID = `${NETWORK_RG}/virtualNetworks/vnet-commerce`;
const ENDPOINT_SUBNET = `${VNET_ID}/subnets/snet-privatelink`;
const SERVICE_SUBNET = `${VNET_ID}/subnets/snet-services`;
const ADOBE_PLS_ID =
  "/subscriptions/7c9e6679-7425-40de-944b-e07fc1f90ae7/resourceGroups/rg-adobe-commerce/providers/Microsoft.Network/privateLinkServices/pls-abcdef1234567";
const ADOBE_PLS_ALIAS = "pls-abcdef1234567.7c9e6679-7425-40de-944b-e07fc1f90ae7.eastus.azure.privatelinkservice";
const ADOBE_SUBSCRIPTION = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const ADOBE_CONNECTION = "pe-adobe-abcdef1234567.5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f0";
const NIC_RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.Network/networkInterfaces`;
const nicTarget = (vm: string): string => `${NIC_RG}/${vm}-nic/ipConfigurations/ipconfig1`;
const LB_NAME = "privatelink-from-adobe-lb-abcdef1234567-staging";
const LB_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/loadBalancers/${LB_NAME}`;

// ---------------------------------------------------------------------------------------------------
// helpers

function adobe(config: StackConfig): Record<string, any> {
  return config["commerce-privatelink:adobe"] as Record<string, any>;
}

function stack(name: string, change: (config: StackConfig) => void = () => undefined): StackConfig {
  const config = clone(exampleStack(name));
  change(config);
  return config;
}

/** "<type> <name>" of every resource the program registered, except the provider, sorted. */
function inventory(p: Plan): string[] {
  return p.resources
    .filter((r) => r.type !== PROVIDER)
    .map((r) => `${r.type} ${r.name}`)
    .sort();
}

function only(p: Plan, type: string): RecordedResource {
  const found = p.resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}

function named(p: Plan, name: string): RecordedResource {
  const found = p.resources.find((r) => r.name === name);
  assert.ok(found, `no resource named ${name}`);
  return found;
}

/** name -> type and inputs, to compare two plans resource by resource. */
function snapshot(p: Plan): Map<string, string> {
  return new Map(p.resources.map((r) => [r.name, JSON.stringify({ type: r.type, inputs: r.inputs })]));
}

/** The names whose type or inputs differ between two plans, plus the names only one plan has. */
function changedNames(before: Plan, after: Plan): string[] {
  const a = snapshot(before);
  const b = snapshot(after);
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

/** The network security group's inline rules. */
function nsgRules(p: Plan): Record<string, any>[] {
  return only(p, NSG).inputs.securityRules as Record<string, any>[];
}

/** The network security group's inputs without one port's allow rule. */
function withoutPortRule(inputs: Record<string, any>, port: string): Record<string, any> {
  return { ...inputs, securityRules: (inputs.securityRules as any[]).filter((rule) => rule.name !== `allow-${port}`) };
}

/** The load balancer's inputs without one service's pool, probe and rule. */
function withoutService(inputs: Record<string, any>, service: string): Record<string, any> {
  const drop = (list: any[] | undefined) => (list ?? []).filter((entry) => entry.name !== service);
  return {
    ...inputs,
    backendAddressPools: drop(inputs.backendAddressPools),
    probes: drop(inputs.probes),
    loadBalancingRules: drop(inputs.loadBalancingRules),
  };
}

const UNI_WITH_SERVICE = [
  `${ASG} privatelink-to-adobe-asg`,
  `${NSG} privatelink-to-adobe-nsg`,
  `${PE} privatelink-to-adobe-endpoint`,
  `${ROOT} privatelink`,
  `${TO_ADOBE} privatelink-to-adobe`,
];

const FROM_ADOBE_BASE = [`${FROM_ADOBE} privatelink-from-adobe`, `${LB} privatelink-from-adobe-lb`, `${PLS} privatelink-from-adobe-pls`];

function sorted(list: string[]): string[] {
  return [...list].sort();
}

const BASE_ARGS: AzurePrivateLinkArgs = {
  region: REGION,
  environment: "staging",
  company: "Acme Corp",
  projectId: "abcdef1234567",
  adobePorts: [{ name: "mysql", port: 3306 }],
  clientCidrs: ["10.40.0.0/16"],
  services: [],
  adobeConnections: [],
  protect: false,
  tags: {},
  resourceGroupName: RG,
  endpointSubnetId: ENDPOINT_SUBNET,
  adobeSubscriptionIds: [],
};

// ---------------------------------------------------------------------------------------------------
// pure helpers

describe("azure: request message", () => {
  it("names the company and the project id within Azure's 140 characters", () => {
    const message = requestMessage("Acme Corp", "abcdef1234567");
    assert.equal(message, "PrivateLink support for Acme Corp (project abcdef1234567)");
  });

  it("shortens a long company name but never the project id, for every company length up to the config maximum", () => {
    for (let length = 1; length <= 100; length++) {
      const company = "C".repeat(length);
      const message = requestMessage(company, "abcdef1234567");
      assert.ok(characterCount(message) <= AZURE_REQUEST_MESSAGE_MAX, `${length}: ${message.length} characters`);
      assert.ok(message.endsWith("(project abcdef1234567)"), message);
      assert.ok(message.startsWith("PrivateLink support for C"), message);
    }
    assert.match(requestMessage("C".repeat(100), "abcdef1234567"), /C\.\.\. \(project abcdef1234567\)$/);
  });

  it("counts UTF-16 units as Azure does (an emoji is two), and never splits a character", () => {
    const message = requestMessage("😀".repeat(100), "abcdef1234567");
    assert.equal(characterCount(message), AZURE_REQUEST_MESSAGE_MAX - 1, "one unit short: a whole emoji does not fit in the last one");
    assert.equal(message.length, AZURE_REQUEST_MESSAGE_MAX - 1);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(message), "a lone high surrogate was left");
  });
});

describe("azure: connection state", () => {
  it("maps Azure's connection status onto the leg state", () => {
    assert.equal(toAdobeState("Pending"), "awaiting-adobe-approval");
    assert.equal(toAdobeState("Approved"), "connected");
    assert.equal(toAdobeState("Rejected"), "failed");
    assert.equal(toAdobeState("Disconnected"), "failed");
    assert.equal(toAdobeState(undefined), "awaiting-adobe-approval");
  });
});

describe("azure: resource ids", () => {
  it("derives the virtual network from a subnet id and refuses anything else", () => {
    assert.equal(virtualNetworkIdOf(SERVICE_SUBNET), VNET_ID);
    assert.throws(() => virtualNetworkIdOf(VNET_ID), /is not a subnet resource id/);
  });

  it("parses a network interface id into resource group and name", () => {
    const nic = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/pe.nic.1234`;
    assert.deepEqual(parseResourceId(nic), { subscriptionId: SUBSCRIPTION, resourceGroupName: RG, name: "pe.nic.1234" });
    assert.equal(parseResourceId(`${nic}/ipConfigurations/x`), undefined);
  });
});

describe("azure: endpoint security rules", () => {
  const ports = [
    { name: "mysql", port: 3306 },
    { name: "sftp", port: 2222 },
    { name: "redis", port: 6379 },
  ];

  it("gives every port a distinct allow priority below the final deny, with exactly the client blocks as sources", () => {
    const plan = planSecurityRules(ports, ["10.41.0.0/16", "10.40.0.0/16"]);
    assert.ok(plan.ok);
    assert.equal(plan.denyPriority, DENY_PRIORITY);
    const priorities = plan.allow.map((rule) => rule.priority);
    assert.equal(new Set(priorities).size, ports.length);
    for (const priority of priorities) assert.ok(priority >= FIRST_ALLOW_PRIORITY && priority < DENY_PRIORITY);
    for (const rule of plan.allow) assert.deepEqual(rule.sources, ["10.40.0.0/16", "10.41.0.0/16"]);
  });

  it("keeps each port's priority when another port is added, removed or the list is reordered", () => {
    const priorityOf = (list: typeof ports) => {
      const plan = planSecurityRules(list, ["10.40.0.0/16"]);
      assert.ok(plan.ok);
      return new Map(plan.allow.map((rule) => [rule.name, rule.priority]));
    };
    const before = priorityOf(ports);
    const added = priorityOf([...ports, { name: "amqp", port: 5672 }]);
    const removed = priorityOf(ports.slice(1));
    const reordered = priorityOf([...ports].reverse());
    for (const [name, priority] of before) {
      assert.equal(added.get(name), priority, `added: ${name}`);
      assert.equal(reordered.get(name), priority, `reordered: ${name}`);
      if (removed.has(name)) assert.equal(removed.get(name), priority, `removed: ${name}`);
    }
  });

  it("separates two ports that fall on the same priority slot", () => {
    const plan = planSecurityRules(
      [
        { name: "a", port: 10 },
        { name: "b", port: 10 + (DENY_PRIORITY - FIRST_ALLOW_PRIORITY) },
      ],
      ["10.40.0.0/16"],
    );
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.allow.map((rule) => rule.priority),
      [FIRST_ALLOW_PRIORITY + 9, FIRST_ALLOW_PRIORITY + 10],
    );
  });

  it("lists one allow rule per port named after it, in priority order, then the final deny, all to the given destination", () => {
    const plan = planSecurityRules(ports, ["10.41.0.0/16", "10.40.0.0/16"]);
    assert.ok(plan.ok);
    const destination = { id: "asg" };
    const sources = ["10.40.0.0/16", "10.41.0.0/16"];
    // Priority 100 + (port - 1) mod 3996: 2321 sftp, 2482 redis (6379 wraps), 3405 mysql.
    const allow = (name: string, port: number, priority: number) => ({
      name: `allow-${name}`,
      description: `Adobe Commerce ${name} (TCP ${port}) from the client networks only`,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      priority,
      sourceAddressPrefixes: sources,
      sourcePortRange: "*",
      destinationApplicationSecurityGroups: [destination],
      destinationPortRange: String(port),
    });
    assert.deepEqual(inlineSecurityRules(plan, destination), [
      allow("sftp", 2222, 2321),
      allow("redis", 6379, 2482),
      allow("mysql", 3306, 3405),
      {
        name: "deny-other",
        description: "Everything else to the endpoint to Adobe Commerce is denied",
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        priority: DENY_PRIORITY,
        sourceAddressPrefix: "*",
        sourcePortRange: "*",
        destinationApplicationSecurityGroups: [destination],
        destinationPortRange: "*",
      },
    ]);
  });

  it("changes the rule list by exactly one port's entry when that port is added, removed or the ports are reordered", () => {
    const list = (portList: typeof ports) => {
      const plan = planSecurityRules(portList, ["10.40.0.0/16"]);
      assert.ok(plan.ok);
      return inlineSecurityRules(plan, { id: "asg" });
    };
    const before = list(ports);
    const amqp = { name: "amqp", port: 5672 };
    const added = list([...ports, amqp]);
    assert.deepEqual(
      added.filter((rule) => rule.name !== "allow-amqp"),
      before,
    );
    assert.equal(added.length, before.length + 1);
    assert.deepEqual(list([amqp, ...ports]), added, "the list does not depend on where the port is listed");
    const removed = list(ports.filter((port) => port.name !== "sftp"));
    assert.deepEqual(
      removed,
      before.filter((rule) => rule.name !== "allow-sftp"),
    );
    assert.deepEqual(list([...ports].reverse()), before);
    assert.equal(before.at(-1)?.name, "deny-other", "the deny is last");
  });

  it("refuses two ports with one name: their rules would share it", () => {
    const plan = planSecurityRules(
      [
        { name: "mysql", port: 3306 },
        { name: "mysql", port: 3307 },
      ],
      ["10.40.0.0/16"],
    );
    assert.deepEqual(plan, { ok: false, problem: "two ports are named mysql: each port's security rule is named after its port" });
  });

  it("fails when the ports need more rules than one network security group holds", () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ name: `p${i}`, port: 10000 + i }));
    const plan = planSecurityRules(many, ["10.40.0.0/16"]);
    assert.equal(plan.ok, false);
  });
});

describe("azure: component arguments", () => {
  it("accepts the minimal unidirectional arguments", () => {
    assert.deepEqual(azureArgProblems(BASE_ARGS), []);
  });

  it("fails when port 443 is opened to Adobe, with Adobe's Fastly reason", () => {
    const problems = azureArgProblems({ ...BASE_ARGS, adobePorts: [{ name: "https", port: 443 }] });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /Fastly origin cloaking/);
  });

  it("fails when SSH is a customer service port", () => {
    const services = [{ name: "ssh", port: 22, targetPort: 22, targets: [nicTarget("vm-ssh")] }];
    const problems = azureArgProblems({
      ...BASE_ARGS,
      services,
      serviceSubnetId: SERVICE_SUBNET,
      adobeSubscriptionIds: [ADOBE_SUBSCRIPTION],
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /SSH/);
  });

  it("fails when services come without a service subnet or with IP targets, or connections without services, reporting all", () => {
    const services = [{ name: "erp-db", port: 5432, targetPort: 5432, targets: ["10.40.1.5"] }];
    const problems = azureArgProblems({ ...BASE_ARGS, services });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^services erp-db target 10\.40\.1\.5: is an IP address: Azure refuses a Private Link Service/);
    assert.match(problems[1]!, /^serviceSubnetId is required/);
    assert.deepEqual(
      azureArgProblems({ ...BASE_ARGS, services: [{ ...services[0]!, targets: [nicTarget("vm-erp")] }], serviceSubnetId: SERVICE_SUBNET }),
      [],
      "subscriptions may come later",
    );
    assert.equal(azureArgProblems({ ...BASE_ARGS, adobeConnections: [ADOBE_CONNECTION] }).length, 1);
  });

  it("fails to construct the component on invalid arguments, naming the problem", async () => {
    assert.throws(
      () => new AzurePrivateLink("invalid", { ...BASE_ARGS, adobePorts: [{ name: "https", port: 443 }] }),
      (error: unknown) => pulumi.ResourceError.isInstance(error) && /Fastly/.test(error.message),
    );
    // Let the aborted component's registration land now, not inside the next test's plan.
    await (pulumi.runtime as any).waitForRPCs();
    assert.equal(
      mocks.resources.filter((r) => r.name.startsWith("invalid-")).length,
      0,
      "no child was created before the arguments were refused",
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// the program under mocks

describe("azure: customer -> Adobe leg", () => {
  it("creates nothing for the leg until Adobe has sent its Private Link Service, and says so", async () => {
    const p = await plan(stack("azure-unidirectional", (c) => delete adobe(c).privateLinkService));
    assert.deepEqual(inventory(p), [`${ROOT} privatelink`]);
    assert.deepEqual(
      { ...p.outputs.toAdobe },
      { endpointId: undefined, hosts: [], securityGroupId: undefined, connectionState: undefined, state: "awaiting-adobe-service" },
    );
    assert.equal(p.outputs.fromAdobe, undefined);
    assert.equal(p.outputs.accountId, SUBSCRIPTION);
  });

  it("creates exactly the endpoint and its security groups, with one rule per port plus the final deny inline in the group", async () => {
    const p = await plan(exampleStack("azure-unidirectional"));
    assert.deepEqual(inventory(p), sorted(UNI_WITH_SERVICE));
    assert.deepEqual(
      nsgRules(p).map((rule) => rule.name),
      ["allow-sftp", "allow-mysql", "deny-other"],
    );
  });

  it("never mixes inline and standalone rules: the group it creates gets no SecurityRule resource", async () => {
    for (const name of ["azure-unidirectional", "azure-bidirectional"]) {
      const p = await plan(exampleStack(name));
      assert.deepEqual(
        p.resources.filter((r) => r.type === RULE).map((r) => r.name),
        [],
        name,
      );
    }
  });

  it("requests a manual, named connection to Adobe's service by resource id with a request message for the ticket", async () => {
    const p = await plan(exampleStack("azure-unidirectional"));
    const endpoint = only(p, PE);
    assert.equal(endpoint.inputs.resourceGroupName, RG);
    assert.equal(endpoint.inputs.location, REGION);
    assert.equal((endpoint.inputs.subnet as any).id, ENDPOINT_SUBNET);
    assert.equal(endpoint.inputs.privateLinkServiceConnections, undefined, "an automatic connection would bypass Adobe's approval");
    const connections = endpoint.inputs.manualPrivateLinkServiceConnections as any[];
    assert.equal(connections.length, 1);
    assert.equal(connections[0].name, "privatelink-to-adobe-connection");
    assert.equal(connections[0].privateLinkServiceId, ADOBE_PLS_ID);
    assert.equal(connections[0].requestMessage, "PrivateLink support for Acme Corp (project abcdef1234567)");
    assert.ok(characterCount(connections[0].requestMessage) <= AZURE_REQUEST_MESSAGE_MAX);
    assert.deepEqual(endpoint.inputs.applicationSecurityGroups, [{ id: named(p, "privatelink-to-adobe-asg").id }]);
    assert.deepEqual(endpoint.inputs.tags, { "cost-center": "4711", owner: "platform-network" });
  });

  it("passes an alias unchanged as the Private Link Service of the connection", async () => {
    const p = await plan(stack("azure-unidirectional", (c) => (adobe(c).privateLinkService = ADOBE_PLS_ALIAS)));
    const connections = only(p, PE).inputs.manualPrivateLinkServiceConnections as any[];
    assert.equal(connections[0].privateLinkServiceId, ADOBE_PLS_ALIAS);
  });

  it("has no private DNS (Adobe offers none): no zone group and no DNS configuration on the endpoint", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    assert.deepEqual(
      p.resources.filter((r) => /PrivateDnsZone/.test(r.type)),
      [],
    );
    assert.equal(only(p, PE).inputs.customDnsConfigs, undefined);
  });

  it("allows TCP on exactly Adobe's ports from exactly the client blocks to the endpoint's group, then denies the rest", async () => {
    const p = await plan(
      stack("azure-unidirectional", (c) => ((c["commerce-privatelink:network"] as any).clientCidrs = ["10.41.0.0/16", "10.40.0.0/16"])),
    );
    const asgId = named(p, "privatelink-to-adobe-asg").id;
    const nsg = only(p, NSG).inputs;
    assert.equal(nsg.resourceGroupName, RG);
    assert.equal(nsg.location, REGION);
    const sources = ["10.40.0.0/16", "10.41.0.0/16"];
    const allow = (name: string, port: number, priority: number) => ({
      name: `allow-${name}`,
      description: `Adobe Commerce ${name} (TCP ${port}) from the client networks only`,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      priority,
      sourceAddressPrefixes: sources,
      sourcePortRange: "*",
      destinationApplicationSecurityGroups: [{ id: asgId }],
      destinationPortRange: String(port),
    });
    // Exactly these rules, in priority order: 100 + (port - 1) mod 3996, the deny last at 4096.
    assert.deepEqual(nsg.securityRules, [
      allow("sftp", 2222, 2321),
      allow("mysql", 3306, 3405),
      {
        name: "deny-other",
        description: "Everything else to the endpoint to Adobe Commerce is denied",
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        priority: DENY_PRIORITY,
        sourceAddressPrefix: "*",
        sourcePortRange: "*",
        destinationApplicationSecurityGroups: [{ id: asgId }],
        destinationPortRange: "*",
      },
    ]);
    const rules = nsgRules(p);
    for (const rule of rules) {
      assert.equal(rule.destinationAddressPrefix, undefined, rule.name);
      assert.equal(rule.destinationAddressPrefixes, undefined, rule.name);
    }
    const priorities = rules.map((rule) => rule.priority as number);
    assert.equal(new Set(priorities).size, rules.length, "Azure refuses two inbound rules with one priority");
    assert.ok(priorities.every((priority) => priority >= FIRST_ALLOW_PRIORITY && priority <= DENY_PRIORITY));
    assert.equal(Math.max(...priorities), rules.at(-1)?.priority, "the deny is last and evaluated last");
  });

  it("outputs the endpoint id, its private IP read from its network interface, and the pending state", async () => {
    const p = await plan(exampleStack("azure-unidirectional"));
    const endpoint = only(p, PE);
    const nicId = (endpoint.state.networkInterfaces as any[])[0].id as string;
    const lookup = mocks.calls.find((call) => call.token === "azure-native:network:getNetworkInterface");
    assert.ok(lookup, "the endpoint's network interface was not read");
    assert.deepEqual(lookup.inputs, { resourceGroupName: RG, networkInterfaceName: nicId.split("/").pop() });
    assert.equal(p.outputs.toAdobe.endpointId, endpoint.id);
    assert.equal(p.outputs.toAdobe.hosts.length, 1);
    assert.match(p.outputs.toAdobe.hosts[0], /^10\.40\.\d+\.\d+$/);
    assert.equal(p.outputs.toAdobe.connectionState, "Pending");
    assert.equal(p.outputs.toAdobe.state, "awaiting-adobe-approval");
    assert.equal(p.outputs.toAdobe.securityGroupId, only(p, NSG).id, "the NSG the user associates with the endpoint subnet");
    assert.equal(p.outputs.accountId, SUBSCRIPTION);
  });
});

describe("azure: Adobe -> customer leg", () => {
  it("creates an internal Standard load balancer with a private frontend in the service subnet and a pool, TCP probe and rule per service", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    const lb = only(p, LB).inputs as Record<string, any>;
    assert.equal(lb.loadBalancerName, LB_NAME);
    assert.equal(lb.resourceGroupName, RG);
    assert.equal(lb.location, REGION);
    assert.deepEqual(lb.sku, { name: "Standard", tier: "Regional" });
    assert.equal(lb.frontendIPConfigurations.length, 1);
    const frontend = lb.frontendIPConfigurations[0];
    assert.equal(frontend.subnet.id, SERVICE_SUBNET);
    assert.equal(frontend.publicIPAddress, undefined);
    assert.equal(frontend.publicIPPrefix, undefined);
    // NIC-based pools: no addresses of their own (Azure refuses a Private Link Service over IP-based ones).
    assert.deepEqual(lb.backendAddressPools, [{ name: "erp-db" }, { name: "pim-api" }]);
    assert.deepEqual(
      lb.probes.map((probe: any) => [probe.name, probe.protocol, probe.port]),
      [
        ["erp-db", "Tcp", 5432],
        ["pim-api", "Tcp", 8443],
      ],
    );
    assert.deepEqual(
      lb.loadBalancingRules.map((rule: any) => [
        rule.name,
        rule.protocol,
        rule.frontendPort,
        rule.backendPort,
        rule.frontendIPConfiguration.id,
        rule.backendAddressPool.id,
        rule.probe.id,
      ]),
      ["erp-db", "pim-api"].map((name, i) => [
        name,
        "Tcp",
        [5432, 8443][i],
        [5432, 8443][i],
        `${LB_ID}/frontendIPConfigurations/frontend`,
        `${LB_ID}/backendAddressPools/${name}`,
        `${LB_ID}/probes/${name}`,
      ]),
    );
  });

  it("sends a service's port to its target port when they differ", async () => {
    const p = await plan(stack("azure-bidirectional", (c) => ((c["commerce-privatelink:services"] as any[])[0].targetPort = 15432)));
    const lb = only(p, LB).inputs as Record<string, any>;
    const rule = lb.loadBalancingRules.find((r: any) => r.name === "erp-db");
    assert.deepEqual([rule.frontendPort, rule.backendPort], [5432, 15432]);
    assert.equal(lb.probes.find((r: any) => r.name === "erp-db").port, 15432);
  });

  it("puts a Private Link Service on that frontend, visible to exactly Adobe's subscriptions, never auto-approving, proxy protocol off", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    const pls = only(p, PLS).inputs as Record<string, any>;
    assert.equal(pls.resourceGroupName, RG);
    assert.equal(pls.location, REGION);
    assert.deepEqual(pls.loadBalancerFrontendIpConfigurations, [{ id: `${LB_ID}/frontendIPConfigurations/frontend` }]);
    assert.equal(pls.ipConfigurations.length, 1);
    assert.equal(pls.ipConfigurations[0].subnet.id, SERVICE_SUBNET);
    assert.equal(pls.ipConfigurations[0].primary, true);
    assert.deepEqual(pls.visibility, { subscriptions: [ADOBE_SUBSCRIPTION] });
    assert.deepEqual(pls.autoApproval, { subscriptions: [] });
    assert.equal(pls.enableProxyProtocol, false);
    assert.equal(pls.fqdns, undefined);
  });

  it("creates no approval resource: Adobe's connection already exists, and azure-native refuses to create it", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    assert.deepEqual(ofType(p, APPROVAL), []);
  });

  it("outputs the alias and id for Adobe's ticket, the visibility read back, the frontend address and the accepted state", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    const pls = only(p, PLS);
    const lb = only(p, LB);
    const from = p.outputs.fromAdobe;
    assert.equal(from.serviceName, pls.state.alias);
    assert.match(from.serviceName, /\.eastus\.azure\.privatelinkservice$/);
    assert.equal(from.serviceId, pls.id);
    assert.deepEqual(from.allowedConsumers, [ADOBE_SUBSCRIPTION]);
    assert.equal(from.loadBalancerAddress, (lb.state.frontendIPConfigurations as any[])[0].privateIPAddress);
    assert.equal(from.loadBalancerId, lb.id);
    assert.deepEqual(from.zoneIds, []);
    assert.deepEqual(from.acceptedConnections, [ADOBE_CONNECTION]);
    assert.deepEqual(from.connectionStates, {}, "read back: no connection on the new service yet");
    assert.equal(from.state, "awaiting-customer-approval", "never taken from config");
  });

  it("reads each connection's status back from Azure: accepted only once the named connection is Approved", async () => {
    try {
      mockConnectionStates.set(ADOBE_CONNECTION, "Pending");
      const pending = await plan(exampleStack("azure-bidirectional"));
      assert.deepEqual(pending.outputs.fromAdobe.connectionStates, { [ADOBE_CONNECTION]: "Pending" });
      assert.equal(pending.outputs.fromAdobe.state, "awaiting-customer-approval");
      mockConnectionStates.set(ADOBE_CONNECTION, "Approved");
      const approved = await plan(exampleStack("azure-bidirectional"));
      assert.equal(approved.outputs.fromAdobe.state, "accepted");
    } finally {
      resetMockAzure();
    }
  });

  it("builds the service in phase 1 before Adobe sends its subscriptions: visible to none, the ticket and the handshake wait on them", async () => {
    const p = await plan(stack("azure-bidirectional", (c) => delete adobe(c).subscriptionIds));
    assert.deepEqual((only(p, PLS).inputs as Record<string, any>).visibility, { subscriptions: [] });
    assert.deepEqual(p.outputs.fromAdobe.allowedConsumers, []);
    assert.deepEqual(p.outputs.enablementRequest.missing, [
      "Adobe's Azure subscription IDs (Adobe sends them): the subscriptions Adobe's private endpoints connect from; set adobe.subscriptionIds and run pulumi up, until then no subscription can see the Private Link Service",
    ]);
    assert.match(
      p.outputs.handshake.legs["adobe-to-customer"].next,
      /^Step 6 waits on Adobe: ask Adobe Support for the Azure subscription IDs/,
    );
  });

  it("replaces the Private Link Service on what Azure cannot change in place: its frontend and its NAT subnet", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    assert.deepEqual(p.options.get("privatelink-from-adobe-pls")?.replaceOnChanges, [
      "loadBalancerFrontendIpConfigurations[*].id",
      "ipConfigurations[*].subnet.id",
    ]);
  });

  it("awaits Adobe's connection while config names none", async () => {
    const p = await plan(stack("azure-bidirectional", (c) => delete adobe(c).connections));
    assert.deepEqual(p.outputs.fromAdobe.acceptedConnections, []);
    assert.equal(p.outputs.fromAdobe.state, "awaiting-adobe-connection");
  });
});

describe("azure: resources per topology and phase", () => {
  const cases: { title: string; config: () => StackConfig; expected: string[] }[] = [
    {
      title: "unidirectional, nothing from Adobe yet: the component only",
      config: () => stack("azure-unidirectional", (c) => delete adobe(c).privateLinkService),
      expected: [`${ROOT} privatelink`],
    },
    {
      title: "unidirectional, Adobe's service known: the endpoint leg",
      config: () => stack("azure-unidirectional"),
      expected: UNI_WITH_SERVICE,
    },
    {
      title: "bidirectional, nothing from Adobe yet: the customer's service only",
      config: () =>
        stack("azure-bidirectional", (c) => {
          delete adobe(c).privateLinkService;
          delete adobe(c).connections;
        }),
      expected: [`${ROOT} privatelink`, ...FROM_ADOBE_BASE],
    },
    {
      title: "bidirectional, Adobe's service known, no connection yet: both legs, no approval",
      config: () => stack("azure-bidirectional", (c) => delete adobe(c).connections),
      expected: [...UNI_WITH_SERVICE, ...FROM_ADOBE_BASE],
    },
    {
      title: "bidirectional, Adobe connected: both legs, no approval resource",
      config: () => stack("azure-bidirectional"),
      expected: [...UNI_WITH_SERVICE, ...FROM_ADOBE_BASE],
    },
    {
      title: "bidirectional, Adobe connected before its own service is known: the customer's service",
      config: () => stack("azure-bidirectional", (c) => delete adobe(c).privateLinkService),
      expected: [`${ROOT} privatelink`, ...FROM_ADOBE_BASE],
    },
  ];
  for (const { title, config, expected } of cases) {
    it(`registers exactly the expected resources: ${title}`, async () => {
      const p = await plan(config());
      assert.deepEqual(inventory(p), sorted(expected));
    });
  }

  it("creates every Azure resource in the stack's region through the explicit provider, named after the component", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    const provider = only(p, PROVIDER);
    assert.equal(provider.inputs.location, REGION);
    assert.equal(provider.inputs.subscriptionId, SUBSCRIPTION, "the subnets' subscription, not the credentials' default");
    for (const r of p.resources) {
      assert.ok(r.name.startsWith("privatelink"), `${r.name} does not start with the component name`);
      if (!r.custom || r.type === PROVIDER) continue;
      assert.ok(r.provider?.includes(`${PROVIDER}::privatelink::`), `${r.name} does not use the explicit provider`);
      if (r.type !== APPROVAL) assert.equal(r.inputs.location, REGION, `${r.name} location`);
      assert.equal(r.inputs.resourceGroupName, RG, `${r.name} resource group`);
    }
  });

  it("calls no data source but the client config, the endpoint's network interface and the two subnets", async () => {
    await plan(exampleStack("azure-bidirectional"));
    assert.deepEqual([...new Set(mocks.calls.map((call) => call.token))].sort(), [
      "azure-native:authorization:getClientConfig",
      "azure-native:network:getNetworkInterface",
      "azure-native:network:getSubnet",
      "azure-native:network:getVirtualNetwork",
    ]);
    assert.deepEqual(
      mocks.calls
        .filter((call) => call.token === "azure-native:network:getSubnet")
        .map((call) => call.inputs.subnetName)
        .sort(),
      ["snet-privatelink", "snet-services"],
    );
  });
});

describe("azure: protection", () => {
  const STATEFUL = [PE, LB, PLS, APPROVAL];

  async function protectionOf(config: StackConfig): Promise<Map<string, boolean | undefined>> {
    const p = await plan(config);
    return new Map([...p.options].filter(([, o]) => o.type.startsWith("azure-native:")).map(([name, o]) => [name, o.protect]));
  }

  function withProtect(name: string, protect: boolean): StackConfig {
    return stack(name, (c) => (c["commerce-privatelink:protect"] = protect));
  }

  async function assertStatefulProtection(config: StackConfig, expected: boolean): Promise<void> {
    const p = await plan(config);
    const stateful = [...p.options].filter(([, o]) => STATEFUL.includes(o.type));
    assert.ok(stateful.length > 0);
    for (const [name, o] of stateful) assert.equal(o.protect, expected, `${name} protect`);
  }

  it("protects the endpoint in production by default", async () => {
    const protection = await protectionOf(exampleStack("azure-unidirectional"));
    assert.equal(protection.get("privatelink-to-adobe-endpoint"), true);
  });

  it("protects the endpoint, load balancer, Private Link Service and approvals when protect is on, even on staging", async () => {
    await assertStatefulProtection(withProtect("azure-bidirectional", true), true);
  });

  it("leaves them unprotected on staging by default, and in production when protect is turned off explicitly", async () => {
    await assertStatefulProtection(exampleStack("azure-bidirectional"), false);
    await assertStatefulProtection(withProtect("azure-unidirectional", false), false);
  });

  it("never protects the cheap, recreatable security groups and their rules", async () => {
    const protection = await protectionOf(withProtect("azure-bidirectional", true));
    for (const name of ["privatelink-to-adobe-asg", "privatelink-to-adobe-nsg"]) {
      assert.ok(protection.has(name), name);
      assert.notEqual(protection.get(name), true, name);
    }
  });

  it("never deletes before replacing, and replaces the endpoint when its subnet or Adobe's service changes", async () => {
    const p = await plan(exampleStack("azure-bidirectional"));
    for (const [name, o] of p.options) assert.notEqual(o.deleteBeforeReplace, true, name);
    assert.deepEqual(p.options.get("privatelink-to-adobe-endpoint")?.replaceOnChanges, [
      "subnet.id",
      "manualPrivateLinkServiceConnections[*].privateLinkServiceId",
    ]);
  });
});

describe("azure: stability", () => {
  const ports = (c: StackConfig) => adobe(c).ports as any[];
  const services = (c: StackConfig) => c["commerce-privatelink:services"] as any[];

  it("adding a port changes only the network security group, by that port's allow rule", async () => {
    const before = await plan(exampleStack("azure-bidirectional"));
    const after = await plan(stack("azure-bidirectional", (c) => ports(c).push({ name: "redis", port: 6379 })));
    assert.deepEqual(changedNames(before, after), ["privatelink-to-adobe-nsg"]);
    assert.deepEqual(withoutPortRule(only(after, NSG).inputs, "redis"), only(before, NSG).inputs);
    const redis = nsgRules(after).filter((rule) => rule.name === "allow-redis");
    assert.deepEqual(
      redis.map((rule) => [rule.access, rule.protocol, rule.destinationPortRange, rule.priority]),
      [["Allow", "Tcp", "6379", 2482]],
    );
  });

  it("adding a port between the others, or first in the list, changes the rule list the same way", async () => {
    const appended = await plan(stack("azure-bidirectional", (c) => ports(c).push({ name: "redis", port: 6379 })));
    const prepended = await plan(stack("azure-bidirectional", (c) => ports(c).unshift({ name: "redis", port: 6379 })));
    assert.deepEqual(changedNames(appended, prepended), []);
  });

  it("removing a port changes only the network security group, by dropping that port's allow rule", async () => {
    const before = await plan(exampleStack("azure-bidirectional"));
    const after = await plan(stack("azure-bidirectional", (c) => ports(c).splice(0, 1)));
    assert.deepEqual(changedNames(before, after), ["privatelink-to-adobe-nsg"]);
    assert.deepEqual(only(after, NSG).inputs, withoutPortRule(only(before, NSG).inputs, "mysql"));
    assert.equal(nsgRules(after).length, nsgRules(before).length - 1);
  });

  it("reordering ports or client blocks changes nothing", async () => {
    const before = await plan(
      stack("azure-bidirectional", (c) => ((c["commerce-privatelink:network"] as any).clientCidrs = ["10.40.0.0/16", "10.41.0.0/16"])),
    );
    const after = await plan(
      stack("azure-bidirectional", (c) => {
        ports(c).reverse();
        (c["commerce-privatelink:network"] as any).clientCidrs = ["10.41.0.0/16", "10.40.0.0/16"];
      }),
    );
    assert.deepEqual(changedNames(before, after), []);
  });

  it("adding a service changes only the load balancer, by that service's pool, probe and rule", async () => {
    const before = await plan(exampleStack("azure-bidirectional"));
    const after = await plan(
      stack("azure-bidirectional", (c) => services(c).splice(1, 0, { name: "crm", port: 1521, targets: [nicTarget("vm-crm")] })),
    );
    assert.deepEqual(changedNames(before, after), ["privatelink-from-adobe-lb"]);
    assert.deepEqual(withoutService(only(after, LB).inputs, "crm"), only(before, LB).inputs);
    const lb = only(after, LB).inputs as Record<string, any>;
    assert.deepEqual(
      ["backendAddressPools", "probes", "loadBalancingRules"].map((key) => lb[key].filter((e: any) => e.name === "crm").length),
      [1, 1, 1],
    );
  });

  it("removing a service drops only that service's pool, probe and rule", async () => {
    const before = await plan(exampleStack("azure-bidirectional"));
    const after = await plan(stack("azure-bidirectional", (c) => services(c).splice(0, 1)));
    assert.deepEqual(changedNames(before, after), ["privatelink-from-adobe-lb"]);
    assert.deepEqual(only(after, LB).inputs, withoutService(only(before, LB).inputs, "erp-db"));
  });

  it("reordering services or a service's targets changes nothing", async () => {
    const before = await plan(exampleStack("azure-bidirectional"));
    const after = await plan(
      stack("azure-bidirectional", (c) => {
        services(c).reverse();
        for (const service of services(c)) service.targets.reverse();
      }),
    );
    assert.deepEqual(changedNames(before, after), []);
  });

  it("adding a connection changes no resource: its approval is a step of the handshake", async () => {
    const second = "pe-adobe-abcdef1234567.0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const before = await plan(exampleStack("azure-bidirectional"));
    const after = await plan(stack("azure-bidirectional", (c) => adobe(c).connections.push(second)));
    assert.deepEqual(changedNames(before, after), []);
    assert.match(
      after.outputs.handshake.legs["adobe-to-customer"].next,
      new RegExp(`--name ${second.replace(/\./g, "\\.")} --connection-status Approved`),
    );
  });
});

describe("azure: the README's safe-change table says what the program does", () => {
  const readme = readFileSync(`${__dirname}/../README.md`, "utf8");
  const network = (c: StackConfig) => c["commerce-privatelink:network"] as Record<string, any>;

  /** The effect cell of the table row whose first cell is exactly `change`. */
  function effectOf(change: string): string {
    const row = readme
      .split("\n")
      .map((line) => line.split("|").map((cell) => cell.trim()))
      .find((cells) => cells[1] === change);
    assert.ok(row, `README has no safe-change row ${change}`);
    return row[2] ?? "";
  }

  /** The values at a replaceOnChanges path such as `ipConfigurations[*].subnet.id`. */
  function valuesAt(value: unknown, path: string): unknown[] {
    const [head, ...rest] = path.split(".");
    if (head === undefined || head === "") return [value];
    const list = /^(.*)\[\*\]$/.exec(head);
    const key = list ? list[1]! : head;
    const next = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    const items = list ? (Array.isArray(next) ? next : []) : [next];
    return items.flatMap((item) => valuesAt(item, rest.join(".")));
  }

  /** Whether Pulumi would replace the resource: a replaceOnChanges path or its physical name changed. */
  function replaced(before: Plan, after: Plan, name: string, nameInput?: string): boolean {
    const a = named(before, name);
    const b = named(after, name);
    const paths = after.options.get(name)?.replaceOnChanges ?? [];
    const moved = paths.some((path) => !isDeepStrictEqual(valuesAt(a.inputs, path), valuesAt(b.inputs, path)));
    return moved || (nameInput !== undefined && a.inputs[nameInput] !== b.inputs[nameInput]);
  }

  const rows: { change: string; edit: (c: StackConfig) => void }[] = [
    { change: "`tags`", edit: (c) => (c["commerce-privatelink:tags"] = { owner: "checkout" }) },
    { change: "`adobe.subscriptionIds`", edit: (c) => adobe(c).subscriptionIds.push("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d") },
    { change: "`network.serviceSubnetId` (Azure)", edit: (c) => (network(c).serviceSubnetId = `${VNET_ID}/subnets/snet-services-2`) },
    {
      change: "`adobe.projectId` or `adobe.environment` on Azure bidirectional (they name the load balancer)",
      edit: (c) => (adobe(c).projectId = "zyxwvu9876543"),
    },
  ];
  for (const { change, edit } of rows) {
    it(`${change}: replaces the load balancer and the Private Link Service exactly when the README says so`, async () => {
      const before = await plan(exampleStack("azure-bidirectional"));
      const after = await plan(stack("azure-bidirectional", edit));
      const effect = effectOf(change);
      const says = (what: string) => new RegExp(`\\*\\*replaces [^*]*${what}[^*]*\\*\\*`).test(effect);
      assert.equal(replaced(before, after, "privatelink-from-adobe-pls"), says("Private Link Service"), `${change}: ${effect}`);
      assert.equal(replaced(before, after, "privatelink-from-adobe-lb", "loadBalancerName"), says("load balancer"), `${change}: ${effect}`);
    });
  }
});

describe("azure: the mocks refuse what Azure refuses", () => {
  /** Waits for a resource's registration; rejects with the mocks' (Azure's) refusal. */
  async function registered(resource: pulumi.CustomResource): Promise<void> {
    try {
      await (resource.urn as unknown as { promise(): Promise<string> }).promise();
    } finally {
      await (pulumi.runtime as any).waitForRPCs().catch(() => undefined);
    }
  }

  it("refuses a Private Link Service whose load balancer has an IP-based backend pool, as the code before NIC-based pools built it", async () => {
    mocks.reset();
    const lb = new network.LoadBalancer("refusal-lb", {
      resourceGroupName: RG,
      loadBalancerName: "refusal-lb",
      backendAddressPools: [
        { name: "erp-db", loadBalancerBackendAddresses: [{ name: "a", ipAddress: "10.40.1.15", virtualNetwork: { id: VNET_ID } }] },
      ],
    });
    const pls = new network.PrivateLinkService("refusal-pls", {
      resourceGroupName: RG,
      loadBalancerFrontendIpConfigurations: [{ id: lb.id.apply((id) => `${id}/frontendIPConfigurations/frontend`) }],
    });
    await assert.rejects(registered(pls), /PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer/);
  });

  it("accepts a Private Link Service over NIC-based pools", () => {
    const lb = { type: LB, id: LB_ID, inputs: { backendAddressPools: [{ name: "erp-db" }] } };
    assert.equal(
      azureRefusal(PLS, { loadBalancerFrontendIpConfigurations: [{ id: `${LB_ID}/frontendIPConfigurations/frontend` }] }, [lb]),
      undefined,
    );
  });

  it("refuses to create an approval for Adobe's connection, which its private endpoint already created", async () => {
    mocks.reset();
    const approval = new network.PrivateLinkServicePrivateEndpointConnection("refusal-approval", {
      resourceGroupName: RG,
      serviceName: "pls",
      peConnectionName: ADOBE_CONNECTION,
      privateLinkServiceConnectionState: { status: "Approved" },
    });
    await assert.rejects(
      registered(approval),
      new RegExp(`cannot create already existing resource: private endpoint connection ${ADOBE_CONNECTION.replace(/\./g, "\\.")}`),
    );
  });
});

describe("azure: tags", () => {
  const fifty = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

  it("accepts 50 tags and refuses 51 in the config, as Azure Resource Manager allows 50 per resource", () => {
    const config = clone(exampleStack("azure-bidirectional"));
    config["commerce-privatelink:tags"] = fifty(50);
    assert.equal(validateConfig(toPulumiConfig(config)).ok, true);
    config["commerce-privatelink:tags"] = fifty(51);
    const result = validateConfig(toPulumiConfig(config));
    if (result.ok) assert.fail("51 tags were accepted");
    assert.deepEqual(
      result.problems.map((problem) => [problem.key, problem.value, problem.rule, problem.fix]),
      [["tags", "51 tags", "Azure allows 50 tag name/value pairs per resource", "keep at most 50 tags"]],
    );
  });

  it("the mocks refuse a resource with more than 50 tags, as Azure would", () => {
    assert.equal(
      azureRefusal("azure-native:network:PrivateLinkService", { tags: fifty(51) }, []),
      "51 tags: Azure allows 50 tag name/value pairs per resource",
    );
    assert.equal(azureRefusal("azure-native:network:PrivateEndpoint", { tags: fifty(50) }, []), undefined);
  });
});

describe("azure: subnets read at plan time", () => {
  afterEach(resetMockAzure);

  /** The lookup the components make before anything else, under a parent of their own. */
  async function check(role: "endpoint" | "service", subnetId: string): Promise<unknown> {
    mocks.reset({ ...DEFAULT_MOCK_CONTEXT, region: REGION });
    const parent = new pulumi.ComponentResource("test:index:SubnetCheck", `check-${role}`);
    return (checkedSubnet(role, subnetId, REGION, parent) as unknown as { promise(): Promise<unknown> }).promise();
  }

  it("refuses the service subnet while private link service network policies are on, with the command that turns them off", async () => {
    mockSubnets.set("rg-network/vnet-commerce/snet-services", { privateLinkServiceNetworkPolicies: "Enabled" });
    await assert.rejects(check("service", SERVICE_SUBNET), {
      message: `network.serviceSubnetId ${SERVICE_SUBNET} has privateLinkServiceNetworkPolicies Enabled: Azure refuses a Private Link Service NAT address there. Fix: az network vnet subnet update --ids ${SERVICE_SUBNET} --private-link-service-network-policies Disabled`,
    });
  });

  it("through the program, the subnet's refusal is the plan's one error and nothing is planned", async () => {
    mockSubnets.set("rg-network/vnet-commerce/snet-services", { privateLinkServiceNetworkPolicies: "Enabled" });
    const refused = await planStack(mocks, "azure-bidirectional", exampleStack("azure-bidirectional"), evaluatePlan);
    assert.deepEqual(refused.report.errors, [
      {
        key: "(program)",
        message: `network.serviceSubnetId ${SERVICE_SUBNET} has privateLinkServiceNetworkPolicies Enabled: Azure refuses a Private Link Service NAT address there. Fix: az network vnet subnet update --ids ${SERVICE_SUBNET} --private-link-service-network-policies Disabled`,
      },
    ]);
    assert.deepEqual(refused.report.resources, []);
  });

  it("refuses a subnet whose virtual network is in another region", async () => {
    mockSubnets.set("rg-network/vnet-commerce/snet-privatelink", { location: "West Europe" });
    await assert.rejects(
      check("endpoint", ENDPOINT_SUBNET),
      new RegExp(
        `^Error: network\\.endpointSubnetId ${ENDPOINT_SUBNET} is in region West Europe, but region is eastus: Azure keeps a private endpoint`,
      ),
    );
  });

  it("reads a prepared subnet back, and the components wait on the check before anything reaches Azure", async () => {
    mockSubnets.set("rg-network/vnet-commerce/snet-services", { location: "East US" });
    assert.deepEqual(await check("service", SERVICE_SUBNET), {
      location: "East US",
      networkSecurityGroupId: undefined,
      privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled",
      privateLinkServiceNetworkPolicies: "Disabled",
    });
    assert.deepEqual(
      subnetProblems(
        "service",
        SERVICE_SUBNET,
        {
          location: "eastus",
          networkSecurityGroupId: undefined,
          privateEndpointNetworkPolicies: undefined,
          privateLinkServiceNetworkPolicies: undefined,
        },
        REGION,
      ).length,
      1,
      "unset means Azure's default, Enabled",
    );
  });

  it("hands the endpoint subnet's NSG and policies to the handshake: rules go into the NSG it already has", async () => {
    const theirs = `${NETWORK_RG}/networkSecurityGroups/nsg-apps`;
    mockSubnets.set("rg-network/vnet-commerce/snet-privatelink", {
      networkSecurityGroupId: theirs,
      privateEndpointNetworkPolicies: "Disabled",
    });
    const p = await plan(exampleStack("azure-unidirectional"));
    const next: string = p.outputs.handshake.legs["customer-to-adobe"].next;
    assert.match(
      next,
      new RegExp(
        `az network vnet subnet update --ids ${ENDPOINT_SUBNET} --private-endpoint-network-policies NetworkSecurityGroupEnabled ; `,
      ),
    );
    assert.match(
      next,
      /az network nsg rule create --subscription 3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b --resource-group rg-network --nsg-name nsg-apps --name allow-mysql /,
    );
    assert.doesNotMatch(next, /--network-security-group/);
  });
});
