/**
 * `npm start -- --since`: the cloud diff between two plans, Adobe's change ticket, the refusals, the
 * old version read from git, and the README's "Changing a live connection safely" table kept equal to
 * what the generator says, row by row, on both clouds.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChangeRequest, changeRequest } from "../handshake/changeTicket";
import { changedInputs, diffResources, type ResourceChange } from "../tools/change";
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
    const changes = diffResources(before, after, new Map([["pe", ["tags"]]]));
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

async function planned(stack: string, config: StackConfig): Promise<PlannedStack> {
  const plan: Plan = await planStack(mocks, stack, config, evaluatePlan);
  assert.deepEqual(plan.report.errors, []);
  assert.ok(plan.settings !== undefined);
  return plan as PlannedStack;
}

interface Outcome {
  readonly cloud: ResourceChange[];
  readonly request: ChangeRequest | { refusals: { key: string; message: string }[] };
}

const bases = new Map<Cloud, PlannedStack>();

async function change(cloud: Cloud, edit: (config: Record<string, any>) => void): Promise<Outcome> {
  const stack = BASE[cloud];
  let before = bases.get(cloud);
  if (before === undefined) {
    before = await planned(stack, exampleStack(stack));
    bases.set(cloud, before);
  }
  const config = clone(exampleStack(stack));
  edit(config);
  const after = await planned(stack, config);
  const cloudChanges = diffResources(before.report.resources, after.report.resources, after.replaceOnChanges);
  const request = changeRequest(
    { settings: before.settings, enablement: before.outputs.enablementRequest },
    { settings: after.settings, enablement: after.outputs.enablementRequest },
    cloudChanges,
  );
  return { cloud: cloudChanges, request };
}

function accepted(outcome: Outcome): ChangeRequest {
  assert.ok(!("refusals" in outcome.request), JSON.stringify(outcome.request));
  return outcome.request;
}

const AZURE_SUBNET = (name: string, subscription = "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"): string =>
  `/subscriptions/${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-commerce/subnets/${name}`;

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
          c[`${P}:services`] = [
            { name: "erp-db", port: 5432, targets: ["10.20.1.15"] },
            { name: "crm", port: 9443, targets: ["10.20.1.50"] },
          ];
          if (cloud === "azure") for (const s of c[`${P}:services`]) s.targets = s.targets.map((t: string) => t.replace("10.20", "10.40"));
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
      const [key, value, before, after] =
        cloud === "aws"
          ? ["aws:allowedAccountIds", ["222233334444"], "123456789012", "222233334444"]
          : [
              "azure-native:subscriptionId",
              "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
              "11111111-2222-4333-8444-555555555555",
              "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
            ];
      const request = accepted(await change(cloud, (c) => (c[key] = value)));
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
      const request = accepted(await change(cloud, (c) => (c[`${P}:tags`] = { owner: "someone-else" })));
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
      assert.equal(request.changes[0]?.what, "connection type");
      assert.match(
        request.changes[0]?.adobeAction ?? "",
        /^remove the connections from Adobe's VPC to our (endpoint service|Private Link Service) /,
      );
      assert.ok(outcome.cloud.some((c) => c.action === "delete" && c.leg === "adobe-to-customer"));
    }
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
 * One stack edit per row, found by the row's first `key` (or its first words when it names none) and
 * its verb (add / remove / change). A new row without an edit here fails the test, so that the table
 * cannot say what the generator was never asked.
 */
const EDITS: Readonly<Record<string, Partial<Record<Cloud, Edit>>>> = {
  "change tags": { aws: (c) => (c[`${P}:tags`].owner = "x"), azure: (c) => (c[`${P}:tags`].owner = "x") },
  "add adobe.ports": {
    aws: (c) => c[`${P}:adobe`].ports.push({ name: "redis", port: 6379 }),
    azure: (c) => c[`${P}:adobe`].ports.push({ name: "redis", port: 6379 }),
  },
  "change network.clientCidrs": {
    aws: (c) => c[`${P}:network`].clientCidrs.push("10.50.0.0/16"),
    azure: (c) => c[`${P}:network`].clientCidrs.push("10.50.0.0/16"),
  },
  "add add or remove a service": {
    aws: (c) => c[`${P}:services`].push({ name: "crm", port: 9443, targets: ["10.20.1.50"] }),
    azure: (c) => c[`${P}:services`].push({ name: "crm", port: 9443, targets: ["10.40.1.50"] }),
  },
  "change services[].port": { aws: (c) => (c[`${P}:services`][1].port = 9444), azure: (c) => (c[`${P}:services`][1].port = 9444) },
  "change adobe.subscriptionIds": { azure: (c) => c[`${P}:adobe`].subscriptionIds.push("8d0e7a5b-1c2d-4e3f-9a8b-7c6d5e4f3a2b") },
  "add adobe.connections": {
    aws: (c) => c[`${P}:adobe`].connections.push("vpce-0aaaaaaaaaaaaaaaa"),
    azure: (c) => c[`${P}:adobe`].connections.push("pe-adobe-second.5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f0"),
  },
  "remove adobe.connections": { aws: (c) => (c[`${P}:adobe`].connections = []), azure: (c) => (c[`${P}:adobe`].connections = []) },
  "change protect": { aws: (c) => (c[`${P}:protect`] = false), azure: (c) => (c[`${P}:protect`] = false) },
  "change adobe.endpointService": {
    aws: (c) => (c[`${P}:adobe`].endpointService = "com.amazonaws.vpce.us-east-1.vpce-svc-0aaaaaaaaaaaaaaaa"),
    azure: (c) => (c[`${P}:adobe`].privateLinkService = "pls-other.7c9e6679-7425-40de-944b-e07fc1f90ae7.eastus.azure.privatelinkservice"),
  },
  "change network.endpointSubnetId": { azure: (c) => (c[`${P}:network`].endpointSubnetId = AZURE_SUBNET("snet-other")) },
  "change network.subnetIds": { aws: (c) => c[`${P}:network`].subnetIds.pop() },
  "change network.serviceSubnetId": { azure: (c) => (c[`${P}:network`].serviceSubnetId = AZURE_SUBNET("snet-services-2")) },
  "change network.vpcId": {
    aws: (c) => (c[`${P}:network`].vpcId = "vpc-0ffffffffffffffff"),
    azure: (c) => (c[`${P}:network`].resourceGroupName = "rg-other"),
  },
  "change topology: bidirectional": {
    aws: (c) => {
      c[`${P}:topology`] = "unidirectional";
      c[`${P}:services`] = undefined;
      c[`${P}:adobe`].connections = undefined;
    },
    azure: (c) => {
      c[`${P}:topology`] = "unidirectional";
      c[`${P}:services`] = undefined;
      c[`${P}:adobe`].connections = undefined;
      c[`${P}:adobe`].subscriptionIds = undefined;
      c[`${P}:network`].serviceSubnetId = undefined;
    },
  },
};

function editKey(change: string): string {
  const verb = /^add\b/.test(change) ? "add" : /^remove\b/.test(change) ? "remove" : "change";
  const key = /`([^`]+)`/.exec(change)?.[1] ?? change.split(",")[0] ?? change;
  return `${verb} ${key}`;
}

describe("change plan: the README's table of safe changes agrees with the generator", function () {
  this.timeout(120_000);
  const rows = tableRows();

  it("reads the table's rows", () => assert.ok(rows.length >= 10, `only ${rows.length} rows`));

  for (const row of rows) {
    it(`row ${row.change}`, async () => {
      const edits = EDITS[editKey(row.change)];
      assert.ok(
        edits !== undefined,
        `no stack edit for the README row "${row.change}" (key "${editKey(row.change)}") in test/change.spec.ts`,
      );
      const only = /\(AWS\)/.test(row.change) ? ["aws"] : /\(Azure\)/.test(row.change) ? ["azure"] : ["aws", "azure"];
      const clouds = (["aws", "azure"] as const).filter((cloud) => only.includes(cloud) && edits[cloud] !== undefined);
      assert.ok(clouds.length > 0, `no edit for ${only.join(", ")}`);
      for (const cloud of clouds) {
        const outcome = await change(cloud, edits[cloud] as Edit);
        const where = `${cloud}, README row "${row.change}": ${row.effect} / ${row.ticket}`;
        const refused = "refusals" in outcome.request;
        if (/new enablement/.test(row.ticket)) {
          assert.ok(refused, `${where}: the generator does not refuse it`);
          continue;
        }
        assert.ok(!refused, `${where}: refused ${JSON.stringify(outcome.request)}`);
        const request = outcome.request as ChangeRequest;
        assert.equal(request.needed, /^yes\b/.test(row.ticket), `${where}: ticket needed = ${String(request.needed)}\n${request.text}`);
        const actions = new Set(outcome.cloud.map((c) => c.action));
        if (/\*\*replaces/.test(row.effect)) assert.ok(actions.has("replace"), `${where}: nothing replaced`);
        else if (!/\*\*|replaced/.test(row.effect))
          assert.ok(
            !actions.has("replace") || /if the load balancer is replaced/.test(row.ticket),
            `${where}: replaces ${JSON.stringify(outcome.cloud)}`,
          );
        if (/\*\*deletes\*\*/.test(row.effect)) assert.ok(actions.has("delete"), `${where}: nothing deleted`);
        // `protect` also sets the AWS load balancer's deletion protection: an update, never a replacement.
        if (/nothing in the cloud changes/.test(row.effect))
          assert.ok(
            outcome.cloud.every((c) => c.action === "update"),
            where,
          );
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
      /REFUSED: this is a new connection, not a change Adobe makes in one step\n[\s\S]*\n {2}- region: region changes from eastus to westus: /,
    );

    const usage = await run("--config", file, "--since", "no-such-revision-xyz");
    assert.equal(usage.code, 2);
    assert.equal(usage.stdout, "");
    assert.match(usage.stderr, /^error: --since no-such-revision-xyz: /);
  });
});
