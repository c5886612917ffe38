/**
 * The program's own plans of every example stack pass every mandatory policy under the stack's
 * strictest policy config.
 */
import assert from "node:assert/strict";
import { type EvaluatedResource, evaluatePolicies, isBlocking } from "../../policy/evaluate";
import { EXAMPLE_STACKS, exampleStack, plan } from "../harness";
import { T } from "./fixtures";

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
      // Every type the program registers is one the pack knows and examines.
      assert.deepEqual(
        findings.filter((f) => f.policy === "resource-types-examined").map((f) => f.urn),
        [],
      );
      const blocking = findings.filter((f) => isBlocking(f.enforcementLevel));
      assert.deepEqual(blocking, [], blocking.map((f) => `${f.policy} ${f.urn}\n  ${f.message}`).join("\n"));
    });
  }
});
