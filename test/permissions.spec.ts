/**
 * The deploying identity's permissions: every resource type and invoke the program can plan has an
 * entry in the table (example stacks, the benchmark's generated stacks and arbitrary valid stacks),
 * a missing entry fails, and the documents are scoped as the README says.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { withPorts, withServices } from "../bench/generate";
import { PROJECT } from "../config/keys";
import { main } from "../tools/permissions-cli";
import {
  type AwsContext,
  awsPolicy,
  type AzureRole,
  type AzureRoleDefinition,
  azureRoles,
  type IamPolicy,
  type IamStatement,
  MissingPermissionsError,
  missingEntries,
  permissionsFor,
  type PermissionsReport,
  type StackUse,
  stackUse,
} from "../tools/permissions";
import { AWS_PERMISSIONS, AZURE_PERMISSIONS } from "../tools/permissions-table";
import { type PlannedResource, planStack } from "../tools/plan";
import type { StackConfig } from "../tools/stackfile";
import { EXAMPLE_STACKS, exampleStack } from "./harness";
import { mocks } from "./setup";

const K = (key: string): string => `${PROJECT}:${key}`;
const TABLES = { aws: AWS_PERMISSIONS, azure: AZURE_PERMISSIONS } as const;

async function planOf(config: StackConfig): Promise<{ use: StackUse; resources: readonly PlannedResource[] }> {
  const plan = await planStack(mocks, "test", config, () => []);
  assert.deepEqual(plan.report.errors, [], "the generated stack must be valid");
  const use = stackUse(
    plan.report.resources,
    mocks.calls.map((call) => call.token),
  );
  return { use, resources: plan.report.resources };
}

async function useOf(config: StackConfig): Promise<StackUse> {
  return (await planOf(config)).use;
}

/**
 * The AWS policy conditions every create on the tags of the `tags` config and a `Name` starting with
 * `privatelink-`: every resource the plan creates through such a grant must carry them.
 */
function assertCreatesCarryTags(config: StackConfig, use: StackUse, resources: readonly PlannedResource[]): void {
  assert.equal(use.namePrefix, "privatelink-");
  assert.deepEqual(use.tags, config[K("tags")] ?? {});
  for (const r of resources) {
    const entry = AWS_PERMISSIONS[r.type];
    if (!entry?.create.some((g) => Object.values(g.on).includes("new"))) continue;
    const tags = r.inputs.tags as Record<string, string>;
    assert.ok(String(tags.Name).startsWith("privatelink-"), `${r.name} has a Name tag`);
    for (const [key, value] of Object.entries(use.tags)) assert.equal(tags[key], value, `${r.name} tag ${key}`);
  }
}

function cloudOf(config: StackConfig): "aws" | "azure" {
  return config[K("cloud")] === "azure" ? "azure" : "aws";
}

function report(stack: string, phase: "deploy" | "preview", accountId?: string): Promise<PermissionsReport> {
  return permissionsFor(mocks, stack, exampleStack(stack), { phase, ...(accountId ? { accountId } : {}) });
}

/** The IAM policy of an AWS example stack. */
async function awsReport(
  stack: string,
  phase: "deploy" | "preview",
  accountId?: string,
): Promise<{ policy: IamPolicy; notes: readonly string[] }> {
  const r = await report(stack, phase, accountId);
  assert.ok(r.policy, "an AWS stack gets a policy");
  return { policy: r.policy, notes: r.notes };
}

/** The roles of an Azure example stack. */
async function azureReport(stack: string, phase: "deploy" | "preview"): Promise<readonly AzureRole[]> {
  const r = await report(stack, phase);
  assert.ok(r.roles, "an Azure stack gets roles");
  return r.roles;
}

function role(roles: readonly AzureRole[], index: number): AzureRoleDefinition {
  const found = roles[index];
  assert.ok(found, `role ${index}`);
  return found.definition;
}

function statement(policy: IamPolicy, sid: string): IamStatement {
  const found = policy.Statement.find((s) => s.Sid === sid);
  assert.ok(found, `statement ${sid}`);
  return found;
}

function actionsOf(policy: IamPolicy): string[] {
  return policy.Statement.flatMap((s) => s.Action);
}

/** Characters IAM counts against a managed policy's 6,144: the document without whitespace. */
function iamSize(policy: IamPolicy): number {
  return JSON.stringify(policy).length;
}

/** Valid stacks in every topology and handshake phase on both clouds (the shapes that change types). */
const generatedStack = fc
  .record({
    cloud: fc.constantFrom("aws", "azure"),
    bidirectional: fc.boolean(),
    hasService: fc.boolean(),
    connections: fc.integer({ min: 0, max: 2 }),
    protect: fc.boolean(),
    tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxKeys: 3 }),
  })
  .map((g): StackConfig => {
    const base = exampleStack(`${g.cloud}-${g.bidirectional ? "bidirectional" : "unidirectional"}`);
    const config = structuredClone(base);
    const adobe = config[K("adobe")] as Record<string, unknown>;
    if (!g.hasService) {
      delete adobe.endpointService;
      delete adobe.privateLinkService;
    }
    if (g.bidirectional) {
      const hex = (i: number): string => `${i}`.padStart(17, "0");
      adobe.connections = Array.from({ length: g.connections }, (_, i) =>
        g.cloud === "aws" ? `vpce-${hex(i + 1)}` : `pe-adobe-${i}.5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f${i}`,
      );
    }
    config[K("protect")] = g.protect;
    config[K("tags")] = { ...g.tags };
    return config;
  });

describe("permissions of the deploying identity", function () {
  this.timeout(120000);

  describe("coverage of every planned resource type and invoke", () => {
    const seen = { aws: new Set<string>(), azure: new Set<string>() };

    function check(config: StackConfig, use: StackUse): void {
      const cloud = cloudOf(config);
      assert.deepEqual(missingEntries(use, TABLES[cloud]), [], `${cloud} tokens without an entry`);
      for (const token of [...use.types, ...use.invokes]) seen[cloud].add(token);
    }

    for (const stack of EXAMPLE_STACKS) {
      it(`covers the example stack ${stack}, in both phases`, async () => {
        for (const phase of ["deploy", "preview"] as const) {
          // permissionsFor throws MissingPermissionsError for a token without an entry.
          const r = await report(stack, phase);
          assert.deepEqual(r.errors, []);
          const tokens = r.coverage.map((row) => row.token);
          assert.ok(tokens.includes(cloudOf(exampleStack(stack)) === "aws" ? "pulumi:providers:aws" : "pulumi:providers:azure-native"));
          for (const token of tokens) seen[cloudOf(exampleStack(stack))].add(token);
        }
      });
    }

    it("covers the benchmark's generated stacks (scaled ports and services)", async () => {
      for (const cloud of ["aws", "azure"] as const) {
        const base = exampleStack(`${cloud}-bidirectional`);
        for (const config of [withPorts(base, cloud, 12, false), withServices(base, cloud, 8)]) {
          const use = await useOf(config);
          check(config, use);
          if (cloud === "aws") {
            const { policy } = awsPolicy(use, awsContext(config), "deploy");
            assert.ok(iamSize(policy) <= 6144, `policy of ${iamSize(policy)} characters`);
          }
        }
      }
    });

    it("covers arbitrary valid stacks of every topology, handshake phase, protection and tags; AWS creates carry the tags", async () => {
      await fc.assert(
        fc.asyncProperty(generatedStack, async (config) => {
          const { use, resources } = await planOf(config);
          check(config, use);
          if (cloudOf(config) === "aws") assertCreatesCarryTags(config, use, resources);
        }),
        { numRuns: 16, seed: 20 },
      );
    });

    it("has no entry that no stack plans (after the stacks above)", () => {
      for (const cloud of ["aws", "azure"] as const) {
        assert.deepEqual(
          Object.keys(TABLES[cloud]).filter((token) => !seen[cloud].has(token)),
          [],
          `${cloud} entries never planned`,
        );
      }
    });
  });

  describe("a type or invoke without an entry", () => {
    it("fails the coverage check and the policy generation (AWS)", async () => {
      const use = await useOf(exampleStack("aws-bidirectional"));
      const table = { ...AWS_PERMISSIONS };
      delete table["aws:lb/listener:Listener"];
      delete table["aws:ec2/getSubnet:getSubnet"];
      assert.deepEqual(missingEntries(use, table), ["aws:lb/listener:Listener", "aws:ec2/getSubnet:getSubnet"]);
      assert.throws(
        () => awsPolicy(use, awsContext(exampleStack("aws-bidirectional")), "deploy", table),
        (error: unknown) =>
          error instanceof MissingPermissionsError &&
          error.message === "no permissions entry in tools/permissions-table.ts for aws:lb/listener:Listener, aws:ec2/getSubnet:getSubnet",
      );
    });

    it("fails the role generation (Azure)", async () => {
      const use = await useOf(exampleStack("azure-bidirectional"));
      const table = { ...AZURE_PERMISSIONS };
      delete table["azure-native:network:getNetworkInterface"];
      assert.throws(
        () => azureRoles(use, { stack: "s", subscriptionId: "x", resourceGroupName: "rg" }, "preview", table),
        /no permissions entry in tools\/permissions-table\.ts for azure-native:network:getNetworkInterface$/,
      );
    });
  });

  describe("AWS policy", () => {
    it("scopes aws-bidirectional to its region, account, VPC, subnets, tags and Adobe's service", async () => {
      const { policy, notes } = await awsReport("aws-bidirectional", "deploy", "210987654321");
      assert.deepEqual(notes, []);
      assert.deepEqual(
        policy.Statement.map((s) => s.Sid),
        [
          "ReadOnlyWholeRegion",
          "CreateTagged",
          "CreateEndpointToAdobe",
          "TagOnCreateEc2",
          "TagOnCreateElb",
          "ManageOwnTagged",
          "UseStackNetwork",
          "CreateElbServiceLinkedRole",
        ],
      );
      const read = statement(policy, "ReadOnlyWholeRegion");
      assert.equal(read.Resource, "*");
      assert.deepEqual(read.Condition, { StringEquals: { "aws:RequestedRegion": "us-east-1" } });
      assert.ok(read.Action.every((a) => /^(ec2|elasticloadbalancing):Describe/.test(a)));
      assert.deepEqual(statement(policy, "CreateTagged").Condition, {
        StringEquals: { "aws:RequestTag/cost-center": "4711", "aws:RequestTag/owner": "platform-network" },
        StringLike: { "aws:RequestTag/Name": "privatelink-*" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["Name", "cost-center", "owner"] },
      });
      const endpoint = statement(policy, "CreateEndpointToAdobe");
      assert.deepEqual(endpoint.Action, ["ec2:CreateVpcEndpoint"]);
      assert.equal(endpoint.Resource, "arn:aws:ec2:us-east-1:210987654321:vpc-endpoint/*");
      assert.equal(endpoint.Condition?.StringEquals?.["ec2:VpceServiceName"], "com.amazonaws.vpce.us-east-1.vpce-svc-0f9e8d7c6b5a41302");
      assert.deepEqual(statement(policy, "UseStackNetwork").Resource, [
        "arn:aws:ec2:us-east-1:210987654321:subnet/subnet-0a1b2c3d4e5f60001",
        "arn:aws:ec2:us-east-1:210987654321:subnet/subnet-0a1b2c3d4e5f60002",
        "arn:aws:ec2:us-east-1:210987654321:vpc/vpc-0a1b2c3d4e5f67890",
      ]);
      assert.deepEqual(statement(policy, "ManageOwnTagged").Condition, { StringLike: { "aws:ResourceTag/Name": "privatelink-*" } });
      assert.deepEqual(statement(policy, "TagOnCreateElb").Condition, {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateListener", "CreateLoadBalancer", "CreateTargetGroup"] },
      });
      assert.deepEqual(statement(policy, "CreateElbServiceLinkedRole"), {
        Sid: "CreateElbServiceLinkedRole",
        Effect: "Allow",
        Action: ["iam:CreateServiceLinkedRole"],
        Resource:
          "arn:aws:iam::210987654321:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
        Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
      });
      // No wildcard action, and `*` only where the actions have no resource-level form.
      for (const s of policy.Statement) {
        assert.ok(s.Action.every((a) => !a.includes("*")));
        if (s.Sid !== "ReadOnlyWholeRegion") assert.ok(Array.isArray(s.Resource) ? !s.Resource.includes("*") : s.Resource !== "*");
      }
      // Retained on delete: destroy never rejects Adobe's connection, so the identity cannot either.
      assert.ok(!actionsOf(policy).includes("ec2:RejectVpcEndpointConnections"));
      assert.ok(actionsOf(policy).includes("ec2:AcceptVpcEndpointConnections"));
      assert.ok(iamSize(policy) <= 6144);
    });

    it("asks nothing of load balancers or the service-linked role for a unidirectional stack", async () => {
      const { policy } = await awsReport("aws-unidirectional", "deploy");
      assert.ok(!actionsOf(policy).some((a) => a.startsWith("elasticloadbalancing:") || a.startsWith("iam:")));
      assert.ok(!policy.Statement.some((s) => s.Sid === "CreateElbServiceLinkedRole"));
    });

    it("names any account (*) and says so when no account id is given", async () => {
      const { policy, notes } = await awsReport("aws-unidirectional", "deploy");
      assert.equal(statement(policy, "CreateEndpointToAdobe").Resource, "arn:aws:ec2:us-east-1:*:vpc-endpoint/*");
      assert.deepEqual(notes, ["no --account-id given: the ARNs name any account (*); give the account id to pin them to it"]);
    });

    it("gives a stack waiting for Adobe's service no endpoint create and no Adobe service condition", async () => {
      const config = exampleStack("aws-unidirectional");
      delete (config[K("adobe")] as Record<string, unknown>).endpointService;
      const { policy } = awsPolicy(await useOf(config), awsContext(config), "deploy");
      assert.ok(!actionsOf(policy).includes("ec2:CreateVpcEndpoint"));
      assert.ok(!actionsOf(policy).includes("ec2:DescribeSubnets"));
    });

    it("is read-only for preview: Describe actions in the stack's region, nothing else", async () => {
      const { policy } = await awsReport("aws-bidirectional", "preview");
      assert.equal(policy.Statement.length, 1);
      assert.deepEqual(statement(policy, "ReadOnlyWholeRegion").Action, [
        "ec2:DescribePrefixLists",
        "ec2:DescribeRouteTables",
        "ec2:DescribeSecurityGroupRules",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcAttribute",
        "ec2:DescribeVpcEndpointConnections",
        "ec2:DescribeVpcEndpointServiceConfigurations",
        "ec2:DescribeVpcEndpointServicePermissions",
        "ec2:DescribeVpcEndpointServices",
        "ec2:DescribeVpcEndpoints",
        "ec2:DescribeVpcs",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetHealth",
      ]);
    });
  });

  describe("Azure roles", () => {
    const rg = "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-commerce-link";
    const vnet =
      "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-commerce";

    it("splits azure-bidirectional by scope: resource group, the two subnets, their virtual network", async () => {
      const roles = await azureReport("azure-bidirectional", "deploy");
      assert.deepEqual(
        roles.map((r) => [r.scope, r.assignAt, r.definition.AssignableScopes]),
        [
          ["resource-group", [rg], [rg]],
          [
            "subnet",
            [`${vnet}/subnets/snet-privatelink`, `${vnet}/subnets/snet-services`],
            [`${vnet}/subnets/snet-privatelink`, `${vnet}/subnets/snet-services`],
          ],
          ["virtual-network", [vnet], [vnet]],
        ],
      );
      // The subnets and their virtual network are read at plan time; NIC-based pools join no virtual network.
      assert.deepEqual(role(roles, 1).Actions, [
        "Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/virtualNetworks/subnets/read",
      ]);
      assert.deepEqual(role(roles, 2).Actions, ["Microsoft.Network/virtualNetworks/read"]);
      const group = role(roles, 0);
      assert.equal(group.Name, "commerce-privatelink azure-bidirectional deploy (resource-group)");
      assert.deepEqual(group.NotActions, []);
      for (const action of [
        "Microsoft.Network/networkInterfaces/read",
        "Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action",
        "Microsoft.Network/loadBalancers/frontendIPConfigurations/join/action",
      ]) {
        assert.ok(group.Actions.includes(action), action);
      }
      // Adobe's connection is read back with the Private Link Service and approved by the customer, never by the stack.
      assert.deepEqual(
        group.Actions.filter((a) => /privateEndpointConnections|PrivateEndpointConnectionsApproval/i.test(a)),
        [],
      );
      assert.ok(roles.every((r) => r.definition.Actions.every((a) => !a.includes("*"))));
    });

    it("reads and joins only the endpoint subnet, and reads its virtual network, for azure-unidirectional", async () => {
      const roles = await azureReport("azure-unidirectional", "deploy");
      assert.deepEqual(
        roles.map((r) => [r.scope, r.assignAt]),
        [
          ["resource-group", [rg]],
          ["subnet", [`${vnet}/subnets/snet-privatelink`]],
          ["virtual-network", [vnet]],
        ],
      );
    });

    it("is read-only for preview: the resource group, and the subnets and their virtual network it checks", async () => {
      const roles = await azureReport("azure-bidirectional", "preview");
      assert.deepEqual(
        roles.map((r) => [r.scope, r.definition.AssignableScopes]),
        [
          ["resource-group", [rg]],
          ["subnet", [`${vnet}/subnets/snet-privatelink`, `${vnet}/subnets/snet-services`]],
          ["virtual-network", [vnet]],
        ],
      );
      assert.ok(roles.every((r) => r.definition.Actions.every((a) => a.endsWith("/read"))));
      assert.ok(role(roles, 0).Actions.includes("Microsoft.Network/networkInterfaces/read"));
      assert.deepEqual(role(roles, 1).Actions, ["Microsoft.Network/virtualNetworks/subnets/read"]);
      assert.deepEqual(role(roles, 2).Actions, ["Microsoft.Network/virtualNetworks/read"]);
    });
  });

  describe("npm run permissions", () => {
    async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      let stdout = "";
      let stderr = "";
      const code = await main(args, { stdout: (c) => (stdout += c), stderr: (c) => (stderr += c) }, { mocks });
      return { code, stdout, stderr };
    }

    it("prints the JSON report of a stack", async () => {
      const { code, stdout, stderr } = await run(["--stack", "aws-unidirectional", "--phase", "preview", "--json"]);
      assert.equal(code, 0);
      assert.equal(stderr, "");
      const parsed = JSON.parse(stdout) as PermissionsReport;
      assert.equal(parsed.phase, "preview");
      assert.equal(parsed.policy?.Statement.length, 1);
    });

    it("prints the report with the policy document", async () => {
      const { code, stdout } = await run(["--stack", "aws-bidirectional", "--account-id", "210987654321"]);
      assert.equal(code, 0);
      assert.match(stdout, /^Permissions for pulumi up, pulumi refresh and pulumi destroy of stack aws-bidirectional \(aws\)/);
      assert.match(stdout, /IAM policy document \(aws iam create-policy --policy-document file:\/\/policy\.json\):\n\{/);
    });

    for (const [args, message] of [
      [["--stack"], "error: --stack needs a value"],
      [[], "error: --stack <name> is required"],
      [["--stack", "../etc"], 'error: invalid stack name "../etc"'],
      [["--stack", "nope"], "error: no such stack: nope (no file stacks/Pulumi.nope.yaml)"],
      [["--stack", "aws-unidirectional", "--phase", "up"], 'error: --phase must be deploy or preview, not "up"'],
      [["--stack", "aws-unidirectional", "--account-id", "1234"], 'error: --account-id must be a 12-digit AWS account id, not "1234"'],
    ] as const) {
      it(`exits 2 with one line for ${JSON.stringify(args)}`, async () => {
        const { code, stdout, stderr } = await run([...args]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.equal(stderr.split("\n")[0], message);
      });
    }

    it("exits 2 for an unknown option, naming it", async () => {
      const { code, stderr } = await run(["--stack", "aws-unidirectional", "--bogus"]);
      assert.equal(code, 2);
      assert.equal(stderr.split("\n")[0], "error: unknown option --bogus");
    });
  });
});

function awsContext(config: StackConfig): AwsContext {
  const network = config[K("network")] as { vpcId: string; subnetIds: string[] };
  const adobe = config[K("adobe")] as { endpointService?: string };
  return {
    region: String(config[K("region")]),
    accountId: "123456789012",
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    ...(adobe.endpointService !== undefined ? { endpointService: adobe.endpointService } : {}),
  };
}
