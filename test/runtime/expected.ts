/**
 * The one expectation both paths must meet: the offline plan (the program under the SDK's in-process
 * mocks, tools/plan.ts) of a stack, per URN, with the options the program passed. The runtime tests
 * hold what the engine stand-in received against it, so the mocks and the real runtime cannot drift.
 */
import { validateConfig } from "../../config/validate";
import type { EvaluatedResource } from "../../policy/evaluate";
import type { RecordingMocks } from "../../tools/mocks";
import { type Plan, planResources, planStack } from "../../tools/plan";
import { evaluatePlan, policyConfigOf } from "../../tools/plan-policies";
import { runProgram } from "../../tools/run";
import { type StackConfig, toPulumiConfig } from "../../tools/stackfile";
import type { Registration } from "./engine";
import { type Json, UNKNOWN } from "./wire";

export interface ExpectedResource {
  readonly urn: string;
  readonly type: string;
  /** null: a child of the stack. */
  readonly parent: string | null;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly replaceOnChanges: readonly string[];
  readonly aliases: number;
  /** The explicit provider's URN. */
  readonly provider: string | undefined;
}

export interface Expectation {
  readonly plan: Plan;
  readonly resources: ReadonlyMap<string, ExpectedResource>;
  readonly policyConfig: object;
}

export async function expectation(mocks: RecordingMocks, stack: string, config: StackConfig): Promise<Expectation> {
  const plan = await planStack(mocks, stack, config, evaluatePlan);
  const run = await runProgram(mocks, config);
  const planned = planResources(stack, run.resources, run.options);
  // The stack's one explicit provider per package: every custom resource of the package uses it.
  const providers = new Map(planned.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.type.slice(17), r.urn]));
  const resources = new Map<string, ExpectedResource>();
  planned.forEach((resource) => {
    const options = run.options.get(resource.name);
    const isProvider = resource.type.startsWith("pulumi:providers:");
    resources.set(resource.urn, {
      urn: resource.urn,
      type: resource.type,
      parent: resource.parent,
      custom: resource.custom,
      inputs: resource.inputs,
      protect: resource.protect,
      retainOnDelete: resource.retainOnDelete,
      replaceOnChanges: options?.replaceOnChanges ?? [],
      aliases: options?.aliases?.length ?? 0,
      provider: resource.custom && !isProvider ? providers.get(resource.type.split(":")[0] ?? "") : undefined,
    });
  });
  const validation = validateConfig(toPulumiConfig(config));
  if (!validation.ok) throw new Error(`${stack} does not validate`);
  return { plan, resources, policyConfig: policyConfigOf(validation.settings) };
}

/** Inputs without the SDK's bookkeeping (`__defaults`), as the plan shows them. */
export function cleanInputs(inputs: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== "__defaults"));
}

/**
 * In a preview, an input computed from another resource's output is unknown; everything else must
 * equal the plan. Returns the expected value with those places replaced by UNKNOWN.
 */
export function withUnknowns(expected: unknown, actual: unknown): unknown {
  if (actual === UNKNOWN) return UNKNOWN;
  if (Array.isArray(expected) && Array.isArray(actual)) return expected.map((item, i) => withUnknowns(item, actual[i]));
  if (typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null && !Array.isArray(actual)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(expected)) out[key] = withUnknowns(value, (actual as Record<string, unknown>)[key]);
    return out;
  }
  return expected;
}

/** The registrations as the policy pack sees them (the stack itself included, as the engine sends it). */
export function subjects(registrations: readonly Registration[]): EvaluatedResource[] {
  return registrations.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent === "" ? undefined : r.parent,
    custom: r.custom,
    inputs: cleanInputs(r.inputs),
    protect: r.protect,
    // The SDK sends the explicit provider as `<urn>::<id>`, the evaluator's form.
    provider: r.provider === "" ? undefined : r.provider,
  }));
}
