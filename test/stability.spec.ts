/**
 * A live connection took days to set up with Adobe: an unrelated change to a stack file must leave
 * every existing resource as it is, same URN and same inputs.
 */
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { nicIpConfigurationId } from "../config/azure";
import type { RecordedResource } from "../tools/mocks";
import type { StackConfig } from "../tools/stackfile";
import { clone, EXAMPLE_STACKS, exampleStack, plan } from "./harness";

const K = (key: string): string => `commerce-privatelink:${key}`;

function byUrn(resources: readonly RecordedResource[]): Map<string, RecordedResource> {
  return new Map(resources.map((r) => [r.urn, r]));
}

function withoutTags(inputs: Record<string, unknown>): Record<string, unknown> {
  const { tags, ...rest } = inputs;
  return rest;
}

function without(inputs: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => !keys.includes(key)));
}

/**
 * An inline list that may only grow: every entry it had is still there, unchanged and in the same
 * order, and exactly `added` entries are new.
 */
function assertGrew(name: string, key: string, before: unknown, after: unknown, added: number): void {
  assert.ok(Array.isArray(before) && Array.isArray(after), `${name}.${key} is a list before and after`);
  const kept = after.filter((entry) => before.some((old) => isDeepStrictEqual(old, entry)));
  assert.deepEqual(kept, before, `${name}.${key} changed an existing entry`);
  assert.equal(after.length - before.length, added, `${name}.${key} entries added`);
}

interface Change {
  name: string;
  applies: (stack: string) => boolean;
  change: (config: StackConfig) => void;
  /** Inputs compared; tags are expected to change with a tag change. */
  compare: (inputs: Record<string, unknown>) => Record<string, unknown>;
  /**
   * The only inputs that may change, by resource type: inline lists (Azure's load balancer and network
   * security group) that gain exactly this many entries for the added item. Everything else of every
   * resource must stay as it was.
   */
  mayGrow: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const changes: Change[] = [
  {
    name: "a tag added",
    applies: () => true,
    change: (config) => (config[K("tags")] = { ...(config[K("tags")] as object), team: "checkout" }),
    compare: withoutTags,
    mayGrow: {},
  },
  {
    name: "a port added",
    applies: () => true,
    change: (config) => {
      const adobe = config[K("adobe")] as { ports: object[] };
      adobe.ports = [...adobe.ports, { name: "search", port: 9200 }];
    },
    compare: (inputs) => inputs,
    // The Azure rules are inline in the network security group: a new port adds its own allow rule.
    mayGrow: { "azure-native:network:NetworkSecurityGroup": { securityRules: 1 } },
  },
  {
    name: "a service added",
    applies: (stack) => stack.endsWith("bidirectional") && !stack.endsWith("unidirectional"),
    change: (config) => {
      // Azure targets are NIC IP configurations in the subnets' subscription.
      const target =
        config[K("cloud")] === "azure"
          ? nicIpConfigurationId("3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "rg-apps", "vm-crm-nic")
          : "10.20.3.30";
      config[K("services")] = [...(config[K("services")] as object[]), { name: "crm-api", port: 9443, targets: [target] }];
    },
    compare: (inputs) => inputs,
    // Azure load balancers hold their pools, probes and rules inline: a new service adds its own.
    mayGrow: { "azure-native:network:LoadBalancer": { backendAddressPools: 1, probes: 1, loadBalancingRules: 1 } },
  },
];

describe("stability of a live connection", () => {
  for (const stack of EXAMPLE_STACKS) {
    for (const c of changes.filter((ch) => ch.applies(stack))) {
      it(`${stack}: with ${c.name}, every existing resource keeps its URN and inputs`, async () => {
        const before = byUrn((await plan(exampleStack(stack))).resources);
        const config = clone(exampleStack(stack));
        c.change(config);
        const after = byUrn((await plan(config)).resources);
        assert.ok(before.size > 0);
        for (const [urn, resource] of before) {
          const next = after.get(urn);
          assert.ok(next, `${urn} disappeared`);
          const grows = c.mayGrow[resource.type] ?? {};
          const keys = Object.keys(grows);
          assert.deepEqual(
            without(c.compare(next.inputs), keys),
            without(c.compare(resource.inputs), keys),
            `${resource.name} changed its inputs`,
          );
          for (const [key, added] of Object.entries(grows)) assertGrew(resource.name, key, resource.inputs[key], next.inputs[key], added);
        }
        assert.ok(after.size >= before.size);
      });
    }
  }
});
