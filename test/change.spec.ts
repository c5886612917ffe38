/**
 * `npm start -- --since`: the cloud diff between two plans, Adobe's change ticket, the refusals, the
 * old version read from git, and the README's "Changing a live connection safely" table kept equal to
 * what the generator says, row by row, on both clouds.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nicIpConfigurationId } from "../config/azure";
import { type ChangeRequest, changeRequest } from "../handshake/changeTicket";
import { changedInputs, type CreateConflict, createConflicts, diffResources, type ResourceChange } from "../tools/change";
import { UsageError } from "../tools/cli";
import { PROJECT_ROOT } from "../tools/paths";
import { type Plan, type PlannedResource, planStack, type PlannedStack } from "../tools/plan";
import { main } from "../tools/plan-cli";
import { evaluatePlan } from "../tools/plan-policies";
import { isRevision, readSince } from "../tools/since";
import type { StackConfig } from "../tools/stackfile";
import { clone, exampleStack, STACKS_DIR } from "./harness";
import { mocks } from "./setup";

const P = "commerce-privatelink";

function resource(urn: string, type: string, inputs: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource {
  return {
    urn,
    type,
    name: urn,
    parent: null,
    custom: true,
    inputs,
    protect: false,
    retainOnDelete: false,
    leg: "customer-to-adobe",
    ...extra,
  };
}

describe("change plan: the cloud diff (pure)", () => {
  const endpoint = "aws:ec2/vpcEndpoint:VpcEndpoint";
  const lb = "aws:lb/loadBalancer:LoadBalancer";

  it("tells an update from a replacement by the type's replaceOn, its replaceOnRemoval and the replaceOnChanges option", () => {
    const before = [
      resource("e", endpoint, { serviceName: "a", subnetIds: ["s1"] }),
      resource("f", endpoint, { serviceName: "a", subnetIds: ["s1"] }),
      resource("lb1", lb, { subnets: ["s1", "s2"] }),
      resource("lb2", lb, { subnets: ["s1"] }),
      resource("pe", "azure-native:network:PrivateEndpoint", { tags: { a: "1" } }),
    ];
    const after = [
      resource("e", endpoint, { serviceName: "b", subnetIds: ["s1"] }),
      resource("f", endpoint, { serviceName: "a", subnetIds: ["s1", "s2"] }),
      resource("lb1", lb, { subnets: ["s1"] }),
      resource("lb2", lb, { subnets: ["s1", "s2"] }),
      resource("pe", "azure-native:network:PrivateEndpoint", { tags: { a: "2" } }),
    ];
    const changes = diffResources(before, after, { replaceOnChanges: new Map([["pe", ["tags"]]]) });
    assert.deepEqual(
      changes.map((c) => [c.urn, c.action, c.inputs, c.reason]),
      [
        ["e", "replace", ["serviceName"], "serviceName cannot change in place (the provider replaces it)"],
        ["f", "update", ["subnetIds"], undefined],
        ["lb1", "replace", ["subnets"], "an element of subnets is removed (the provider replaces it)"],
        ["lb2", "update", ["subnets"], undefined],
        ["pe", "replace", ["tags"], "tags changes and the resource has replaceOnChanges"],
      ],
    );
  });

  it("lists deletions first, says when the cloud keeps a retained one, and adds new resources; key order is no change", () => {
    const before = [
      resource("gone", endpoint, {}),
      resource("kept", "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter", {}, { retainOnDelete: true }),
      resource("same", endpoint, { a: 1, b: { c: 2, d: 3 } }),
    ];
    const after = [resource("same", endpoint, { b: { d: 3, c: 2 }, a: 1 }), resource("new", endpoint, {})];
    assert.deepEqual(
      diffResources(before, after).map((c) => [c.urn, c.action, c.retained ?? false]),
      [
        ["gone", "delete", false],
        ["kept", "delete", true],
        ["new", "add", false],
      ],
    );
    assert.deepEqual(changedInputs({ a: [1, 2] }, { a: [2, 1] }), ["a"]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Real plans of the example stacks

type Cloud = "aws" | "azure";
const BASE: Readonly<Record<Cloud, string>> = { aws: "aws-bidirectional", azure: "azure-bidirectional" };
const SUBSCRIPTION = "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

async function planned(stack: string, config: StackConfig): Promise<PlannedStack> {
  const plan: Plan = await planStack(mocks, stack, config, evaluatePlan);
  assert.deepEqual(plan.report.errors, []);
  assert.ok(plan.settings !== undefined);
  return plan;
}

interface Outcome {
  /** The new version's plan (its errors when the program refuses it). */
  readonly after: Plan;
  readonly cloud: ResourceChange[];
  readonly conflicts: CreateConflict[];
  readonly request: ChangeRequest | { refusals: { key: string; message: string }[] };
}

const bases = new Map<Cloud, PlannedStack>();

async function attempt(cloud: Cloud, edit: (config: Record<string, any>) => void): Promise<Outcome | { after: Plan }> {
  const stack = BASE[cloud];
  let before = bases.get(cloud);
  if (before === undefined) {
    before = await planned(stack, exampleStack(stack));
    bases.set(cloud, before);
  }
  const config = clone(exampleStack(stack));
  edit(config);
  const after = await planStack(mocks, stack, config, evaluatePlan);
  if (after.settings === undefined) return { after };
  const cloudChanges = diffResources(before.report.resources, after.report.resources, after);
  const request = changeRequest(
    { settings: before.settings, enablement: before.outputs.enablementRequest },
    { settings: after.settings, enablement: after.outputs.enablementRequest },
    cloudChanges,
  );
  return { after, cloud: cloudChanges, conflicts: createConflicts(cloudChanges, before.report.resources, after.report.resources), request };
}

async function change(cloud: Cloud, edit: (config: Record<string, any>) => void): Promise<Outcome> {
  const outcome = await attempt(cloud, edit);
  assert.deepEqual(outcome.after.report.errors, []);
  return outcome as Outcome;
}

function accepted(outcome: Outcome): ChangeRequest {
  assert.ok(!("refusals" in outcome.request), JSON.stringify(outcome.request));
  return outcome.request;
}

const AZURE_SUBNET = (name: string, subscription = SUBSCRIPTION): string =>
  `/subscriptions/${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-commerce/subnets/${name}`;
const NIC = (nic: string): string => nicIpConfigurationId(SUBSCRIPTION, "rg-apps", nic);

describe("change plan: each change in Adobe's guide, both clouds", function () {
  this.timeout(60_000);

  for (const cloud of ["aws", "azure"] as const) {
    it(`${cloud}: new ports: Adobe opens the added one and closes the removed one`, async () => {
      const request = accepted(
        await change(cloud, (c) => {
          c[`${P}:adobe`].ports = [
            { name: "mysql", port: 3306 },
            { name: "redis", port: 6379 },
          ];
        }),
      );
      assert.deepEqual(
        request.changes.map((c) => [c.what, c.before, c.after, c.adobeAction]),
        [
          ["port redis", "(none)", "redis 6379/tcp", "open 6379/tcp on the Adobe Commerce cluster"],
          ["port sftp", "sftp 2222/tcp", "(none)", "close 2222/tcp on the Adobe Commerce cluster"],
        ],
      );
      assert.deepEqual(request.replacements, []);
      assert.match(request.text, /^Subject: PrivateLink support for Acme Corp: change request\n/);
      assert.match(request.text, /\n- port redis: \(none\) -> redis 6379\/tcp\. Adobe: open 6379\/tcp on the Adobe Commerce cluster\n/);
      assert.match(request.text, /\nServices and ports to open on the Adobe Commerce cluster: mysql 3306\/tcp, redis 6379\/tcp\n/);
      assert.deepEqual(request.missing, []);
    });

    it(`${cloud}: add and remove connections from Adobe's VPC to other services of the customer`, async () => {
      const request = accepted(
        await change(cloud, (c) => {
          c[`${P}:services`] =
            cloud === "aws"
              ? [
                  { name: "erp-db", port: 5432, targets: ["10.20.1.15"] },
                  { name: "crm", port: 9443, targets: ["10.20.1.50"] },
                ]
              : [
                  { name: "erp-db", port: 5432, targets: [NIC("vm-erp-db-1-nic")] },
                  { name: "crm", port: 9443, targets: [NIC("vm-crm-1-nic")] },
                ];
        }),
      );
      const word = cloud === "aws" ? "endpoint service" : "Private Link Service";
      assert.deepEqual(
        request.changes.map((c) => [c.what, c.adobeAction]),
        [
          ["service crm", `connect from Adobe's VPC to our service crm on 9443/tcp through our ${word}`],
          ["service pim-api", "remove the connection from Adobe's VPC to our service pim-api (8443/tcp)"],
        ],
      );
    });

    it(`${cloud}: change the customer cloud account number`, async () => {
      const other = "11111111-2222-4333-8444-555555555555";
      const [before, after] = cloud === "aws" ? ["123456789012", "222233334444"] : [SUBSCRIPTION, other];
      const request = accepted(
        await change(cloud, (c) => {
          if (cloud === "aws") c["aws:allowedAccountIds"] = [after];
          // Azure: the program deploys into the subscription of the subnets, and the targets share it.
          else
            for (const key of [`${P}:network`, `${P}:services`])
              c[key] = JSON.parse(JSON.stringify(c[key]).replaceAll(SUBSCRIPTION, other));
        }),
      );
      const word = cloud === "aws" ? "endpoint service" : "Private Link Service";
      assert.deepEqual(request.changes[0], {
        what: cloud === "aws" ? "customer cloud account (AWS account number)" : "customer cloud account (Azure subscription ID)",
        before,
        after,
        adobeAction: `allow ${after} instead of ${before} to connect to Adobe's ${word}`,
      });
      assert.ok(request.text.includes(`: ${after}\n`));
    });

    it(`${cloud}: moving the connection to another environment, region or cloud is refused, key named, with what to do`, async () => {
      const outcome = await change(cloud, (c) => {
        c[`${P}:adobe`].environment = "staging" === c[`${P}:adobe`].environment ? "production" : "staging";
        c[`${P}:adobe`].clusterId = undefined;
        c[`${P}:region`] = cloud === "aws" ? "us-west-2" : "westus";
        c[`${P}:adobe`].endpointService = undefined;
        c[`${P}:adobe`].privateLinkService = undefined;
      });
      assert.ok("refusals" in outcome.request);
      const refusals = outcome.request.refusals;
      assert.deepEqual(
        refusals.map((r) => r.key),
        ["region", "adobe.environment"],
      );
      for (const refusal of refusals)
        assert.match(
          refusal.message,
          /Fix: a PrivateLink connection is enabled for one account, region and environment: create a new stack/,
        );
    });

    it(`${cloud}: a change with nothing for Adobe says no ticket is needed`, async () => {
      const request = accepted(await change(cloud, (c) => void (c[`${P}:tags`] = { owner: "someone-else" })));
      assert.equal(request.needed, false);
      assert.equal(request.text, "No change for Adobe: no ticket is needed.");
      assert.deepEqual(request.changes, []);
    });
  }

  it("removing the Adobe -> customer leg asks Adobe to remove its connections (aws and azure)", async () => {
    for (const cloud of ["aws", "azure"] as const) {
      const outcome = await change(cloud, (c) => {
        c[`${P}:topology`] = "unidirectional";
        c[`${P}:services`] = undefined;
        c[`${P}:adobe`].connections = undefined;
        c[`${P}:adobe`].subscriptionIds = undefined;
        if (cloud === "azure") c[`${P}:network`].serviceSubnetId = undefined;
      });
      const request = accepted(outcome);
      const first = request.changes[0];
      assert.equal(first?.what, "connection type");
      assert.match(String(first.adobeAction), /^remove the connections from Adobe's VPC to our (endpoint service|Private Link Service) /);
      assert.ok(outcome.cloud.some((c) => c.action === "delete" && c.leg === "adobe-to-customer"));
    }
  });

  it("aws: a rename with formerName is no replacement, and the ticket tells Adobe the new name; without it AWS would refuse", async () => {
    const renamed = await change("aws", (c) => {
      c[`${P}:adobe`].ports[1] = { name: "files", port: 2222, formerName: "sftp" };
      c[`${P}:services`][1] = { ...c[`${P}:services`][1], name: "pim", formerName: "pim-api" };
    });
    const request = accepted(renamed);
    assert.deepEqual(
      request.changes.map((c) => [c.what, c.before, c.after, c.adobeAction]),
      [
        [
          "port files",
          "sftp 2222/tcp",
          "files 2222/tcp",
          "sftp is now called files (2222/tcp): nothing to open or close, please note the new name",
        ],
        [
          "service pim",
          "pim-api 8443/tcp",
          "pim 8443/tcp",
          "pim-api is now called pim (8443/tcp): nothing to open or close, please note the new name",
        ],
      ],
    );
    assert.deepEqual(new Set(renamed.cloud.map((c) => c.action)), new Set(["update"]));
    assert.ok(renamed.cloud.some((c) => c.renamedFrom?.endsWith("::privatelink-from-adobe-listener-pim-api") === true));
    assert.deepEqual(renamed.conflicts, []);

    const bare = await change("aws", (c) => void (c[`${P}:adobe`].ports[1] = { name: "files", port: 2222 }));
    assert.deepEqual(
      bare.conflicts.map((c) => [c.urn.split("::").pop(), c.duplicates.split("::").pop()]),
      [
        ["privatelink-to-adobe-ingress-files-10-20-0-0-16", "privatelink-to-adobe-ingress-sftp-10-20-0-0-16"],
        ["privatelink-to-adobe-ingress-files-10-30-8-0-22", "privatelink-to-adobe-ingress-sftp-10-30-8-0-22"],
      ],
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The README's table and the generator agree

interface Row {
  readonly change: string;
  readonly effect: string;
  readonly ticket: string;
}

function tableRows(): Row[] {
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
  const section = readme.split("## Changing a live connection safely")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => cells.length === 3 && !/^-+$/.test(cells[0] ?? "") && cells[0] !== "change in the stack file")
    .map(([change = "", effect = "", ticket = ""]) => ({ change, effect, ticket }));
}

type Edit = (config: Record<string, any>) => void;

/**
 * One stack change the generator is asked for a row. `effect` and `ticket` are the part of the row's
 * cells this case shows (the whole cell when absent): the test checks they are in the README, and
 * takes its expectations from their words.
 */
interface Case {
  readonly cloud: Cloud;
  readonly edit: Edit;
  readonly effect?: string;
  readonly ticket?: string;
  /** Facts of the row the words do not carry. */
  readonly check?: (outcome: Outcome) => void;
}

const both = (edit: Edit, parts: Omit<Case, "cloud" | "edit"> = {}): Case[] => [
  { cloud: "aws", edit, ...parts },
  { cloud: "azure", edit, ...parts },
];
const input = (outcome: Outcome, name: string): Record<string, unknown> | undefined =>
  (outcome.after.report.resources.find((r) => r.name === name) ?? { inputs: undefined }).inputs;
const MANY_CIDRS = Array.from({ length: 29 }, (_, i) => `10.${100 + i}.0.0/16`);
const AZ_CONNECTION = "pe-adobe-second.5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f0";

/**
 * The cases of each row, by the row's first cell. A row without cases fails the test, so that the
 * table cannot say what the generator was never asked.
 */
const CASES: Readonly<Record<string, readonly Case[]>> = {
  "`tags`": both((c) => void (c[`${P}:tags`].owner = "x")),
  "add or remove an entry of `adobe.ports`": [
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:adobe`].ports.push({ name: "redis", port: 6379 }),
      effect: "AWS: one security group rule added",
    },
    {
      cloud: "azure",
      edit: (c) => void c[`${P}:adobe`].ports.pop(),
      effect: "Azure: the port's rule added to or removed from the NSG, in place",
    },
  ],
  "`network.clientCidrs`": both((c) => void c[`${P}:network`].clientCidrs.push("10.50.0.0/16")),
  "add or remove a service, or a target of one": [
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:services`].pop(),
      effect: "AWS: its target group, listener, attachments and egress rules",
      ticket: "yes for a service",
      check: (o) => assert.deepEqual(new Set(o.cloud.map((c) => c.action)), new Set(["delete"])),
    },
    {
      cloud: "azure",
      edit: (c) => void c[`${P}:services`].pop(),
      effect: "Azure: its pool, probe and rule on the load balancer, in place",
      ticket: "yes for a service",
    },
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:services`].push({ name: "crm", port: 9443, targets: ["10.20.1.50"] }),
      effect: "AWS: its target group, listener, attachments and egress rules",
      ticket: "yes for a service",
    },
    {
      cloud: "azure",
      edit: (c) => void c[`${P}:services`].push({ name: "crm", port: 9443, targets: [NIC("vm-crm-1-nic")] }),
      effect: "Azure: its pool, probe and rule on the load balancer, in place",
      ticket: "yes for a service",
    },
    { cloud: "aws", edit: (c) => void c[`${P}:services`][1].targets.push("10.20.2.40"), ticket: "no for a target" },
    {
      cloud: "azure",
      edit: (c) => void c[`${P}:services`][1].targets.push(NIC("vm-pim-api-2-nic")),
      effect: "an Azure target: only the handshake's `az network nic ip-config address-pool` command",
      ticket: "no for a target",
      check: (o) => {
        assert.deepEqual(o.cloud, []);
        assert.match(JSON.stringify(o.after.report.outputs), /az network nic ip-config address-pool add [^"]*vm-pim-api-2-nic/);
      },
    },
  ],
  "`services[].port` / `targetPort`": [
    {
      cloud: "aws",
      edit: (c) => void (c[`${P}:services`][1].port = 9444),
      effect: "AWS: the target group is replaced, the listener updated",
      ticket: "yes for `port`",
    },
    {
      cloud: "aws",
      edit: (c) => void (c[`${P}:services`][1].targetPort = 9444),
      effect: "AWS: the target group is replaced",
      ticket: "no for `targetPort`",
      check: (o) => assert.ok(o.cloud.some((c) => c.action === "replace" && c.type === "aws:lb/targetGroup:TargetGroup")),
    },
    { cloud: "azure", edit: (c) => void (c[`${P}:services`][1].port = 9444), effect: "Azure: the rule updated", ticket: "yes for `port`" },
    {
      cloud: "azure",
      edit: (c) => void (c[`${P}:services`][1].targetPort = 9444),
      effect: "Azure: the rule updated",
      ticket: "no for `targetPort`",
    },
  ],
  "`adobe.subscriptionIds` (Azure)": [
    { cloud: "azure", edit: (c) => void c[`${P}:adobe`].subscriptionIds.push("8d0e7a5b-1c2d-4e3f-9a8b-7c6d5e4f3a2b") },
  ],
  "add an entry of `adobe.connections`": [
    { cloud: "aws", edit: (c) => void c[`${P}:adobe`].connections.push("vpce-0aaaaaaaaaaaaaaaa"), effect: "AWS: one more accepter" },
    {
      cloud: "azure",
      edit: (c) => void c[`${P}:adobe`].connections.push(AZ_CONNECTION),
      effect: "Azure: no resource, the handshake's approve command for it",
      check: (o) => {
        assert.deepEqual(o.cloud, []);
        assert.match(JSON.stringify(o.after.report.outputs), new RegExp(`--name ${AZ_CONNECTION} --connection-status Approved`));
      },
    },
  ],
  "remove an entry of `adobe.connections`": [
    {
      cloud: "aws",
      edit: (c) => void (c[`${P}:adobe`].connections = []),
      effect: "AWS: the accepter leaves the stack but is retained",
      ticket: "AWS: to cut Adobe off, run `handshake`'s `teardown` reject line",
      check: (o) => assert.ok(o.cloud.every((c) => c.action === "delete" && c.retained === true) && o.cloud.length > 0),
    },
    {
      cloud: "azure",
      edit: (c) => void (c[`${P}:adobe`].connections = []),
      effect: "Azure: nothing changes",
      ticket: "Azure: reject it",
      check: (o) => assert.deepEqual(o.cloud, []),
    },
  ],
  "AWS: rename an entry of `adobe.ports` or `services`": [
    {
      cloud: "aws",
      edit: (c) => void (c[`${P}:adobe`].ports[1] = { name: "files", port: 2222, formerName: "sftp" }),
      effect: "with `formerName: <old name>` on the entry, aliases keep every resource: tags and descriptions updated in place",
      ticket: "yes for a port or service name Adobe knows",
    },
    {
      cloud: "aws",
      edit: (c) => void (c[`${P}:services`][1] = { ...c[`${P}:services`][1], name: "pim", formerName: "pim-api" }),
      effect: "with `formerName: <old name>` on the entry, aliases keep every resource: tags and descriptions updated in place",
      ticket: "yes for a port or service name Adobe knows",
    },
    {
      cloud: "aws",
      edit: (c) => void (c[`${P}:services`][1] = { ...c[`${P}:services`][1], name: "pim" }),
      effect: "without it AWS refuses the new duplicate rule or listener",
      check: (o) => assert.ok(o.conflicts.some((c) => c.urn.endsWith("::privatelink-from-adobe-listener-pim"))),
    },
  ],
  "AWS: ports x `network.clientCidrs` past 60": [
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:network`].clientCidrs.push(...MANY_CIDRS),
      check: (o) =>
        assert.deepEqual(
          o.after.report.errors.map((e) => [e.key, /2 ports x 31 CIDR blocks.*needs 62 security group rules/.test(e.message)]),
          [["adobe.ports", true]],
        ),
    },
  ],
  "AWS: a service target outside the VPC's CIDR blocks": [
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:services`][1].targets.push("192.168.7.10"),
      check: (o) => assert.equal(input(o, "privatelink-from-adobe-target-pim-api-192-168-7-10")?.availabilityZone, "all"),
    },
  ],
  "`protect`": both((c) => void (c[`${P}:protect`] = false)),
  "`adobe.endpointService` / `adobe.privateLinkService`": [
    { cloud: "aws", edit: (c) => void (c[`${P}:adobe`].endpointService = "com.amazonaws.vpce.us-east-1.vpce-svc-0aaaaaaaaaaaaaaaa") },
    {
      cloud: "azure",
      edit: (c) =>
        void (c[`${P}:adobe`].privateLinkService = "pls-other.7c9e6679-7425-40de-944b-e07fc1f90ae7.eastus.azure.privatelinkservice"),
    },
  ],
  "`network.endpointSubnetId` (Azure)": [
    { cloud: "azure", edit: (c) => void (c[`${P}:network`].endpointSubnetId = AZURE_SUBNET("snet-other")) },
  ],
  "`network.subnetIds` (AWS)": [
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:network`].subnetIds.push("subnet-0a1b2c3d4e5f60003"),
      effect: "endpoint subnets updated in place",
    },
    {
      cloud: "aws",
      edit: (c) => void c[`${P}:network`].subnetIds.pop(),
      effect: "removing a load balancer subnet **replaces the load balancer**",
    },
  ],
  "`network.serviceSubnetId` (Azure)": [
    { cloud: "azure", edit: (c) => void (c[`${P}:network`].serviceSubnetId = AZURE_SUBNET("snet-services-2")) },
  ],
  "`adobe.projectId` or `adobe.environment` on Azure bidirectional (they name the load balancer)": [
    { cloud: "azure", edit: (c) => void (c[`${P}:adobe`].projectId = "zyxwvu9876543"), check: (o) => assertRefused(o, "adobe.projectId") },
    {
      cloud: "azure",
      edit: (c) => void Object.assign(c[`${P}:adobe`], { environment: "production", clusterId: undefined }),
      check: (o) => assertRefused(o, "adobe.environment"),
    },
  ],
  "`network.vpcId`, `network.resourceGroupName`, `region`, `cloud`": [
    { cloud: "aws", edit: (c) => void (c[`${P}:network`].vpcId = "vpc-0ffffffffffffffff") },
    { cloud: "azure", edit: (c) => void (c[`${P}:network`].resourceGroupName = "rg-other") },
  ],
  "`topology: bidirectional` -> `unidirectional`, removing every service, `pulumi destroy`": [
    {
      cloud: "aws",
      edit: (c) => {
        c[`${P}:topology`] = "unidirectional";
        c[`${P}:services`] = undefined;
        c[`${P}:adobe`].connections = undefined;
      },
    },
    {
      cloud: "azure",
      edit: (c) => {
        c[`${P}:topology`] = "unidirectional";
        c[`${P}:services`] = undefined;
        c[`${P}:adobe`].connections = undefined;
        c[`${P}:adobe`].subscriptionIds = undefined;
        c[`${P}:network`].serviceSubnetId = undefined;
      },
    },
  ],
};

function assertRefused(outcome: Outcome, key: string): void {
  assert.ok("refusals" in outcome.request, `${key}: not refused`);
  assert.deepEqual(
    outcome.request.refusals.map((r) => r.key),
    [key],
  );
}

/** The clouds a row is about: its `AWS:` / `Azure:` prefix, `(AWS)` / `(Azure)` or `on Azure`; else both. */
function rowClouds(change: string): Cloud[] {
  if (/^AWS:|\(AWS\)|\bon AWS\b/.test(change)) return ["aws"];
  if (/^Azure:|\(Azure\)|\bon Azure\b/.test(change)) return ["azure"];
  return ["aws", "azure"];
}

/** Asserts what the README's words say about one case. */
function agrees(outcome: Outcome | { after: Plan }, effect: string, ticket: string, where: string): void {
  if (/refused by the config validation/.test(effect)) {
    assert.ok(outcome.after.report.errors.length > 0, `${where}: the config is not refused`);
    return;
  }
  assert.deepEqual(outcome.after.report.errors, [], where);
  const o = outcome as Outcome;
  if (/AWS refuses the new duplicate/.test(effect)) {
    assert.ok(o.conflicts.length > 0, `${where}: no create conflict found`);
    return;
  }
  assert.deepEqual(o.conflicts, [], where);
  const refused = "refusals" in o.request;
  if (/new enablement/.test(ticket)) {
    assert.ok(refused, `${where}: the generator does not refuse it`);
    return;
  }
  assert.ok(!refused, `${where}: refused ${JSON.stringify(o.request)}`);
  const request = o.request;
  const actions = new Set(o.cloud.map((c) => c.action));
  // "yes if the load balancer is replaced": a ticket exactly when the plan replaces something.
  const needed = /^yes if .* replaced/.test(ticket) ? actions.has("replace") : /^yes\b/.test(ticket);
  assert.equal(request.needed, needed, `${where}: ticket needed = ${String(request.needed)}\n${request.text}`);
  if (/\*\*replaces|is replaced/.test(effect)) assert.ok(actions.has("replace"), `${where}: nothing replaced`);
  else assert.ok(!actions.has("replace"), `${where}: replaces ${JSON.stringify(o.cloud)}`);
  if (/\*\*deletes\*\*/.test(effect)) assert.ok(actions.has("delete"), `${where}: nothing deleted`);
  if (/in place/.test(effect) && !/\*\*|remove/.test(effect))
    assert.ok(!actions.has("delete"), `${where}: deletes ${JSON.stringify(o.cloud)}`);
  // `protect` also sets the AWS load balancer's deletion protection: an update, never a replacement.
  if (/nothing in the cloud changes/.test(effect))
    assert.ok(
      o.cloud.every((c) => c.action === "update"),
      where,
    );
}

describe("change plan: the README's table of safe changes agrees with the generator", function () {
  this.timeout(120_000);
  const rows = tableRows();

  it("reads the table's rows", () => assert.ok(rows.length >= 19, `only ${rows.length} rows`));

  for (const row of rows) {
    it(`row ${row.change}`, async () => {
      const cases = CASES[row.change];
      assert.ok(cases !== undefined, `no stack edit for the README row "${row.change}" in test/change.spec.ts`);
      const clouds = rowClouds(row.change);
      for (const cloud of clouds)
        assert.ok(
          cases.some((c) => c.cloud === cloud),
          `row "${row.change}": no ${cloud} case`,
        );
      for (const c of cases) {
        assert.ok(clouds.includes(c.cloud), `row "${row.change}" is not about ${c.cloud}`);
        const effect = c.effect ?? row.effect;
        const ticket = c.ticket ?? row.ticket;
        assert.ok(
          row.effect.includes(effect) && row.ticket.includes(ticket),
          `row "${row.change}" no longer says "${effect}" / "${ticket}"`,
        );
        const outcome = await attempt(c.cloud, c.edit);
        agrees(outcome, effect, ticket, `${c.cloud}, README row "${row.change}": ${effect} / ${ticket}`);
        c.check?.(outcome as Outcome);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// The old version from git, and the command line

describe("change plan: --since", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "since-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts revisions and refuses anything else before git sees it", () => {
    for (const ok of ["HEAD", "HEAD~1", "HEAD^2", "origin/main", "v1.2.3", "main@{1}", "0791cb3"]) assert.ok(isRevision(ok), ok);
    for (const bad of ["-x", "--output=/tmp/x", "a b", "HEAD:README.md", "a..b", "$(id)", "a;b", ""]) assert.ok(!isRevision(bad), bad);
    assert.throws(
      () => readSince("--upload-pack=x", join(STACKS_DIR, "Pulumi.aws-bidirectional.yaml")),
      new UsageError(
        "--since --upload-pack=x: neither an existing stack file nor a git revision (e.g. HEAD~1, origin/main, a commit hash)",
      ),
    );
  });

  it("reads the stack file at a revision with git show; an unknown revision or a checkout-less file is one clear line", () => {
    const file = join(STACKS_DIR, "Pulumi.aws-bidirectional.yaml");
    const { config, label } = readSince("HEAD", file);
    assert.equal(label, "HEAD:stacks/Pulumi.aws-bidirectional.yaml");
    assert.equal(config[`${P}:cloud`], "aws");
    assert.throws(() => readSince("no-such-revision-xyz", file), new UsageError("--since no-such-revision-xyz: unknown git revision"));
    const outside = join(dir, "Pulumi.aws-bidirectional.yaml");
    copyFileSync(file, outside);
    assert.throws(
      () => readSince("HEAD~1", outside),
      new UsageError(`--since HEAD~1: ${dir} is not in a git checkout; give the old stack file instead`),
    );
  });

  it("reads an old stack file only as a regular file of at most 64 KiB; odd values come back escaped, on one line", () => {
    const stack = join(STACKS_DIR, "Pulumi.aws-bidirectional.yaml");
    const refused = (since: string, message: string): void =>
      assert.throws(() => readSince(since, stack), new UsageError(`--since ${since}: ${message}`));
    refused(dir, `stack file ${dir} is a directory, not a file`);
    const big = join(dir, "Pulumi.big.yaml");
    writeFileSync(big, `# ${"x".repeat(70_000)}\nconfig: {}\n`);
    refused(big, `stack file ${big} is larger than 64 KiB; a stack file is a few lines of config`);
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    refused(fifo, `stack file ${fifo} is not a regular file (a device, FIFO or socket)`);
    const notYaml = join(dir, "Pulumi.bad.yaml");
    writeFileSync(notYaml, "config: [unclosed\n");
    assert.throws(
      () => readSince(notYaml, stack),
      (e: Error) => e instanceof UsageError && e.message.startsWith(`--since ${notYaml}: ${notYaml} is not valid YAML: `),
    );
    assert.throws(
      () => readSince("\u001b[2Jmain\u202e", stack),
      new UsageError(
        '--since "\\u001b[2Jmain\\u202e": neither an existing stack file nor a git revision (e.g. HEAD~1, origin/main, a commit hash)',
      ),
    );
  });

  it("refuses a stack file over 64 KiB at a revision before git prints it, and a path that is not a file there", () => {
    const repo = join(dir, "repo");
    const file = join(repo, "Pulumi.t.yaml");
    const g = (...args: string[]): string =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
        cwd: repo,
        encoding: "utf8",
      });
    execFileSync("git", ["init", "-q", repo]);
    writeFileSync(file, `# ${"x".repeat(70_000)}\nconfig: {}\n`);
    g("add", ".");
    g("commit", "-q", "-m", "big");
    writeFileSync(file, "config: {}\n");
    g("commit", "-q", "-am", "small");
    assert.throws(
      () => readSince("HEAD~1", file),
      new UsageError("--since HEAD~1: HEAD~1:Pulumi.t.yaml is larger than 64 KiB; a stack file is a few lines of config"),
    );
    assert.deepEqual(readSince("HEAD", file), { config: {}, label: "HEAD:Pulumi.t.yaml" });
    mkdirSync(join(repo, "Pulumi.d.yaml"));
    writeFileSync(join(repo, "Pulumi.d.yaml", "x"), "");
    g("add", ".");
    g("commit", "-q", "-m", "a directory named like a stack file");
    assert.throws(
      () => readSince("HEAD", join(repo, "Pulumi.d.yaml")),
      new UsageError("--since HEAD: Pulumi.d.yaml is a tree at HEAD, not a file"),
    );
    mkdirSync(join(repo, "sub"));
    const nested = join(repo, "sub", "Pulumi.t.yaml");
    assert.throws(() => readSince("HEAD", nested), new UsageError("--since HEAD: sub/Pulumi.t.yaml does not exist at HEAD"));
  });

  async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) }, { mocks });
    return { code, stdout, stderr };
  }

  it("--json adds changeRequest and the cloud changes; the report prints the ticket; a refusal exits 1", async () => {
    const old = join(STACKS_DIR, "Pulumi.azure-bidirectional.yaml");
    const text = readFileSync(old, "utf8");
    const file = join(dir, "Pulumi.azure-bidirectional.yaml");
    writeFileSync(file, text.replace("- { name: sftp, port: 2222 }", "- { name: sftp, port: 2222 }\n      - { name: redis, port: 6379 }"));
    const json = await run("--config", file, "--since", old, "--json");
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { changeRequest: Record<string, unknown>; cloudChanges: ResourceChange[] };
    assert.deepEqual(Object.keys(parsed.changeRequest), ["subject", "changes", "replacements", "text", "missing"]);
    assert.deepEqual(parsed.changeRequest.changes, [
      { what: "port redis", before: "(none)", after: "redis 6379/tcp", adobeAction: "open 6379/tcp on the Adobe Commerce cluster" },
    ]);
    assert.deepEqual(
      parsed.cloudChanges.map((c) => [c.action, c.type]),
      [["update", "azure-native:network:NetworkSecurityGroup"]],
    );
    const report = await run("--config", file, "--since", old);
    assert.match(
      report.stdout,
      /\nChange ticket for Adobe Commerce Support\n-+\n {2}Subject: PrivateLink support for Acme Corp: change request\n/,
    );

    writeFileSync(file, text.replace("region: eastus", "region: westus").replace(/^ *privateLinkService: .*$/m, ""));
    const refused = await run("--config", file, "--since", old);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      /\nChange since \S+\n-+\n {2}REFUSED: this is a new connection, not a change Adobe makes in one step\n {2}- region: region changes from eastus to westus: /,
    );

    const usage = await run("--config", file, "--since", "no-such-revision-xyz");
    assert.equal(usage.code, 2);
    assert.equal(usage.stdout, "");
    assert.match(usage.stderr, /^error: --since no-such-revision-xyz: /);

    // A rename without formerName: AWS would refuse the new rule while the old one exists.
    const aws = join(STACKS_DIR, "Pulumi.aws-bidirectional.yaml");
    const renamed = join(dir, "Pulumi.aws-bidirectional.yaml");
    writeFileSync(renamed, readFileSync(aws, "utf8").replace("- { name: sftp, port: 2222 }", "- { name: files, port: 2222 }"));
    const conflict = await run("--config", renamed, "--since", aws);
    assert.equal(conflict.code, 1);
    assert.match(
      conflict.stdout,
      /\n {2}REFUSED: the cloud would refuse this update\n {2}- adobe\.ports\[\]\.formerName \/ services\[\]\.formerName:\s+\S+::privatelink-to-adobe-ingress-files-10-20-0-0-16\s+would be created while\s+\S+::privatelink-to-adobe-ingress-sftp-10-20-0-0-16\s+still exists/,
    );

    // An option in disguise never reaches git: a usage error, one line, no file written, no stack trace.
    const out = join(dir, "out");
    const injected = await run("--config", file, `--since=--output=${out}`);
    assert.equal(injected.code, 2);
    assert.equal(injected.stdout, "");
    assert.equal(
      injected.stderr.split("\n")[0],
      `error: --since --output=${out}: neither an existing stack file nor a git revision (e.g. HEAD~1, origin/main, a commit hash)`,
    );
    assert.doesNotMatch(injected.stderr, /\n\s+at /);
    assert.ok(!existsSync(out));
  });
});

describe("change plan: --removal, before pulumi destroy", function () {
  this.timeout(60_000);

  async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) }, { mocks });
    return { code, stdout, stderr };
  }

  /** The report with its wrapped lines joined (continuations are indented by six spaces). */
  const flat = (text: string): string => text.replace(/\n {6}(?=\S)/g, " ");

  it("aws bidirectional, production: every resource deleted (approvals retained), protect lifted and Adobe's connections rejected first, and the ticket", async () => {
    const json = await run("--stack", "aws-bidirectional", "--removal", "--json");
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      resources: PlannedResource[];
      changeRequest: Omit<ChangeRequest, "needed" | "approvals">;
      cloudChanges: ResourceChange[];
    };
    assert.deepEqual(
      parsed.cloudChanges.map((c) => [c.urn, c.action]),
      parsed.resources.map((r) => [r.urn, "delete"]),
    );
    assert.deepEqual(
      parsed.cloudChanges.filter((c) => c.retained === true).map((c) => c.type),
      ["aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter"],
    );
    const request = parsed.changeRequest;
    assert.equal(request.subject, "PrivateLink support for Acme Corp: remove the PrivateLink connection");
    assert.deepEqual(
      request.changes.slice(0, 3).map((c) => [c.what, c.after, c.adobeAction]),
      [
        [
          "the PrivateLink connection",
          "removed",
          "remove 123456789012 from the accounts allowed on Adobe's endpoint service, and our endpoint's connection to it",
        ],
        ["port mysql", "(none)", "close 3306/tcp on the Adobe Commerce cluster"],
        ["port sftp", "(none)", "close 2222/tcp on the Adobe Commerce cluster"],
      ],
    );
    assert.equal(request.changes.length, 4);
    assert.equal(request.changes[3]?.what, "connection type");
    assert.match(
      String(request.changes[3].adobeAction),
      /^remove the connections from Adobe's VPC to our endpoint service com\.amazonaws\.vpce\.us-east-1\.vpce-svc-/,
    );
    assert.match(
      request.text,
      /^Subject: PrivateLink support for Acme Corp: remove the PrivateLink connection\n\nPlease remove the bidirectional PrivateLink /,
    );
    assert.match(request.text, /\nThe connection to remove:\nCustomer cloud account \(AWS account number\): 123456789012\n/);
    assert.deepEqual(request.missing, []);

    const report = await run("--stack", "aws-bidirectional", "--removal");
    assert.equal(report.code, 0, report.stderr);
    const text = flat(report.stdout);
    assert.match(text, /\nRemoval: what pulumi destroy deletes\n/);
    assert.match(
      text,
      /\n {2}1\. send the removal ticket below to Adobe Commerce Support and wait until Adobe confirms the removal\n {2}2\. pulumi config set protect false, then pulumi up: /,
    );
    assert.match(text, /\n {2}3\. Before pulumi destroy, .*aws ec2 reject-vpc-endpoint-connections --region us-east-1 --service-id /);
    assert.match(text, /\n {2}4\. pulumi destroy, then pulumi stack rm once nothing is left\n/);
    assert.match(
      text,
      /\nRemoval ticket for Adobe Commerce Support\n-+\n {2}Subject: PrivateLink support for Acme Corp: remove the PrivateLink connection\n/,
    );
  });

  it("azure unidirectional, staging: no protect step, no teardown, the ports closed, the cluster id still asked for when unset", async () => {
    const config = clone(exampleStack("azure-unidirectional"));
    const adobe = config[`${P}:adobe`] as Record<string, unknown>;
    adobe.environment = "staging";
    delete adobe.clusterId;
    const dir = mkdtempSync(join(tmpdir(), "removal-"));
    try {
      const file = join(dir, "Pulumi.azure-unidirectional.yaml");
      writeFileSync(file, JSON.stringify({ config }));
      const report = await run("--config", file, "--removal");
      assert.equal(report.code, 0, report.stderr);
      const text = flat(report.stdout);
      assert.match(text, /\n {2}1\. send the removal ticket below .*\n {2}2\. pulumi destroy, then pulumi stack rm once nothing is left\n/);
      assert.match(text, /\n {2}- port mysql: mysql 3306\/tcp -> \(none\)\. Adobe: close 3306\/tcp on the Adobe Commerce cluster\n/);
      assert.match(
        text,
        /Adobe: remove \S+ from the accounts allowed on Adobe's Private Link Service, and our endpoint's connection to it\n/,
      );
      assert.match(text, /\n {2}Missing before this ticket can be sent:\n {2}- Cluster ID: run `cat \/etc\/platform_cluster`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is refused with --since and with --all, in one line", async () => {
    const both = await run("--stack", "aws-bidirectional", "--removal", "--since", "HEAD");
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^error: give --since \(a change\) or --removal \(the removal\), not both\n/);
    const all = await run("--all", "--removal");
    assert.equal(all.code, 2);
    assert.match(all.stderr, /^error: --removal only applies to one stack's plan, not to --all\n/);
  });
});
