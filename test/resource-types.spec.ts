/**
 * The one table of resource types (lib/resourceTypes.ts): the pack's kinds, the plan's groups, the
 * diagram's roles and the mocks' outputs all come from it, and a type it lacks is refused.
 */
import assert from "node:assert/strict";
import { RESOURCE_TYPES, type ResourceType, resourceType, tokensWithRole, UnknownResourceTypeError } from "../lib/resourceTypes";
import { kindOf } from "../policy/tokens";
import { RecordingMocks } from "../tools/mocks";
import { EXAMPLE_STACKS, exampleStack, plan } from "./harness";

const ENTRIES: readonly ResourceType[] = RESOURCE_TYPES;

function refusal(type: string): (error: unknown) => boolean {
  return (error) =>
    error instanceof UnknownResourceTypeError &&
    error.message ===
      `the mocks: the resource type ${type} is not in lib/resourceTypes.ts; add its entry there (cloud, group, diagram role, mock outputs)`;
}

describe("the table of resource types", () => {
  it("has one entry per token and alias, and finds each entry by every one of them", () => {
    const tokens = ENTRIES.flatMap((entry) => [entry.token, ...(entry.aliases ?? [])]);
    assert.equal(new Set(tokens).size, tokens.length, "a token listed twice");
    for (const entry of ENTRIES) {
      for (const token of [entry.token, ...(entry.aliases ?? [])]) assert.equal(resourceType(token), entry, token);
    }
  });

  it("gives the pack each entry's kind, also under azure-native's versioned tokens; components have none", () => {
    for (const entry of ENTRIES) assert.equal(kindOf(entry.token), entry.kind, entry.token);
    assert.equal(kindOf("azure-native:network/v20240301:PrivateLinkService"), "azure-private-link-service");
    assert.deepEqual(
      ENTRIES.filter((entry) => !entry.custom).map((entry) => [entry.kind, entry.token.startsWith("commerce-privatelink:")]),
      Array.from({ length: 6 }, () => [undefined, true]),
    );
  });

  it("names, for each cloud, the endpoint to Adobe, the service for Adobe and its load balancer the diagram draws", () => {
    for (const role of ["endpoint-to-adobe", "service-for-adobe", "load-balancer"] as const) {
      assert.deepEqual(
        tokensWithRole(role).map((token) => resourceType(token)?.cloud),
        ["aws", "azure"],
        role,
      );
    }
  });

  it("holds every type the example stacks register, each in a fixed group or under a component that has one", async () => {
    // The bidirectional stacks register every type the unidirectional ones do, and more.
    for (const stack of EXAMPLE_STACKS.filter((name) => name.endsWith("-bidirectional"))) {
      const { resources, options } = await plan(exampleStack(stack));
      for (const r of resources) {
        const entry = resourceType(r.type);
        assert.ok(entry, `${stack}: ${r.type}`);
        assert.equal(entry.custom, r.custom, r.type);
        assert.equal(entry.cloud, stack.split("-")[0], r.type);
        const parent = options.get(r.name)?.parent;
        assert.ok(entry.group !== undefined || (parent && resourceType(parent.type)?.group), `${stack}: ${r.name} has no group`);
      }
    }
  });
});

describe("the mocks and the table", () => {
  const mocks = new RecordingMocks();

  it("refuse a custom resource or a component whose type the table lacks, naming the type and the table", () => {
    assert.throws(
      () => mocks.newResource({ type: "aws:s3/bucket:Bucket", name: "b", inputs: {}, custom: true }),
      refusal("aws:s3/bucket:Bucket"),
    );
    const component = "commerce-privatelink:aws:Unlisted";
    assert.throws(() => mocks.newResource({ type: component, name: "c", inputs: {}, custom: false }), refusal(component));
    assert.deepEqual(mocks.resources, [], "nothing recorded for a refused type");
  });

  it("answer with the table's outputs for a listed type, and a placeholder id for a listed type without any", () => {
    const service = mocks.newResource({ type: "aws:ec2/vpcEndpointService:VpcEndpointService", name: "svc", inputs: {}, custom: true });
    assert.match(service.id ?? "", /^vpce-svc-[0-9a-f]{17}$/);
    assert.equal(service.state.serviceName, `com.amazonaws.vpce.us-east-1.${service.id}`);
    const rule = mocks.newResource({
      type: "azure-native:network:SecurityRule",
      name: "rule",
      inputs: { securityRuleName: "deny-all", resourceGroupName: "rg" },
      custom: true,
    });
    assert.equal(
      rule.id,
      "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-commerce-link/providers/Microsoft.Network/securityRules/deny-all",
    );
    assert.equal(rule.state.name, "deny-all");
  });
});
