/**
 * A live connection took days to set up with Adobe: an unrelated change to a stack file must leave
 * every existing resource as it is, same URN and same inputs.
 */
import assert from "node:assert/strict";
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

interface Change {
  name: string;
  applies: (stack: string) => boolean;
  change: (config: StackConfig) => void;
  /** Inputs compared; tags are expected to change with a tag change. */
  compare: (inputs: Record<string, unknown>) => Record<string, unknown>;
  /** Resources whose inputs may change, by type: the inline-configured Azure load balancer. */
  mayChange: readonly string[];
}

const changes: Change[] = [
  {
    name: "a tag added",
    applies: () => true,
    change: (config) => (config[K("tags")] = { ...(config[K("tags")] as object), team: "checkout" }),
    compare: withoutTags,
    mayChange: [],
  },
  {
    name: "a port added",
    applies: () => true,
    change: (config) => {
      const adobe = config[K("adobe")] as { ports: object[] };
      adobe.ports = [...adobe.ports, { name: "search", port: 9200 }];
    },
    compare: (inputs) => inputs,
    mayChange: [],
  },
  {
    name: "a service added",
    applies: (stack) => stack.endsWith("bidirectional") && !stack.endsWith("unidirectional"),
    change: (config) => {
      config[K("services")] = [...(config[K("services")] as object[]), { name: "crm-api", port: 9443, targets: ["10.20.3.30"] }];
    },
    compare: (inputs) => inputs,
    // Azure load balancers hold their pools, probes and rules inline: a new service adds its own.
    mayChange: ["azure-native:network:LoadBalancer"],
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
          if (!c.mayChange.includes(resource.type)) {
            assert.deepEqual(c.compare(next.inputs), c.compare(resource.inputs), `${resource.name} changed its inputs`);
          }
        }
        assert.ok(after.size >= before.size);
      });
    }
  }
});
