/**
 * The offline evaluator: runs every policy of the pack over a list of resources (as the offline plan
 * records them under mocks) by building the engine's ResourceValidationArgs / StackValidationArgs by
 * hand. No Pulumi CLI, no policy server, no cloud account.
 *
 * Differences from `pulumi preview --policy-pack` worth knowing: the inputs are SDK-side values
 * (before the provider fills its defaults; the policies read unset values as those defaults), there
 * are no unknown values, and a resource's provider is the one named by `provider` (`<urn>::<id>`)
 * or, when there is none, the only provider resource of the resource's package in the list.
 */
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, policies as packPolicies } from "./policies";
import { cloudOfType, isProviderType } from "./tokens";

/** A resource as the offline plan records it. */
export interface EvaluatedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The parent's URN; null or absent for a child of the stack (the plan's JSON says null). */
  readonly parent?: string | null | undefined;
  /** False for component resources. @default true */
  readonly custom?: boolean | undefined;
  /** The resource's inputs: what the policies see as `props`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The `protect` resource option. @default false */
  readonly protect?: boolean | undefined;
  /** `<provider urn>::<provider id>` when the resource has an explicit provider. */
  readonly provider?: string | null | undefined;
}

export interface Finding {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly urn: string;
  readonly message: string;
}

export interface EvaluateOptions {
  /** The policies to run. @default - every policy of the pack */
  readonly policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[];
  /** Per-policy enforcement level overrides, as in `--policy-pack-config` ("disabled" skips the policy). */
  readonly enforcementLevels?: Readonly<Record<string, EnforcementLevel>>;
}

/** Levels that fail a deployment (a "remediate" policy without a remediation acts as mandatory). */
export function isBlocking(level: EnforcementLevel): boolean {
  return level === "mandatory" || level === "remediate";
}

class NotApplicable extends Error {}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

function options(resource: EvaluatedResource): PolicyResourceOptions {
  return {
    protect: resource.protect ?? false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

/** The engine's isType: the class's Pulumi type token against the resource's. */
function isTypeOf(type: string, cls: unknown): boolean {
  const token = typeof cls === "function" ? (cls as { __pulumiType?: unknown }).__pulumiType : undefined;
  return token === type;
}

function providerOf(resource: EvaluatedResource, all: readonly EvaluatedResource[]): PolicyProviderResource | undefined {
  if (isProviderType(resource.type)) return undefined;
  let provider: EvaluatedResource | undefined;
  if (resource.provider) {
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    provider = all.find((r) => r.urn === urn || r.urn === resource.provider);
  } else {
    const cloud = cloudOfType(resource.type);
    const candidates = cloud ? all.filter((r) => isProviderType(r.type) && cloudOfType(r.type) === cloud) : [];
    // Only an unambiguous provider is assumed; with two, the resource's own region is all we know.
    provider = candidates.length === 1 ? candidates[0] : undefined;
  }
  return provider ? { type: provider.type, props: provider.inputs, urn: provider.urn, name: provider.name } : undefined;
}

function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, opts: EvaluateOptions): EnforcementLevel {
  return opts.enforcementLevels?.[policy.name] ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
}

function mustBeSync(result: unknown, policy: string): void {
  if (result instanceof Promise) throw new Error(`policy ${policy} is asynchronous; evaluatePolicies runs synchronous policies only`);
}

/**
 * Runs the policies over the resources with one flat policy config (the keys of policy/config.ts;
 * each policy reads its own). Returns the findings in policy order, then resource order.
 */
export function evaluatePolicies(resources: readonly EvaluatedResource[], config: object = {}, opts: EvaluateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  // The engine's getConfig is generic over the caller's config type; the policies narrow it with readConfig.
  const getConfig = (() => config) as StackValidationArgs["getConfig"];
  const stackTags: ReadonlyMap<string, string> = new Map();
  const policyResources: PolicyResource[] = resources.map((r) => {
    const provider = providerOf(r, resources);
    return {
      type: r.type,
      props: r.inputs,
      urn: r.urn,
      name: r.name,
      opts: options(r),
      ...(provider ? { provider } : {}),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls: unknown) => isTypeOf(r.type, cls),
      asType: (cls: unknown) => (isTypeOf(r.type, cls) ? r.inputs : undefined),
    } as PolicyResource;
  });
  for (const policy of opts.policies ?? packPolicies) {
    const enforcementLevel = levelOf(policy, opts);
    if (enforcementLevel === "disabled") continue;
    if ("validateStack" in policy) {
      const args: StackValidationArgs = { resources: policyResources, stackTags, getConfig, notApplicable: throwNotApplicable };
      const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
      try {
        mustBeSync(
          policy.validateStack(args, (message, urn) =>
            findings.push({ policy: policy.name, enforcementLevel, urn: urn ?? stackUrn, message }),
          ),
          policy.name,
        );
      } catch (error) {
        if (!(error instanceof NotApplicable)) throw error;
      }
      continue;
    }
    if (!policy.validateResource) continue;
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const resource of policyResources) {
      const args: ResourceValidationArgs = {
        type: resource.type,
        props: resource.props,
        urn: resource.urn,
        name: resource.name,
        opts: resource.opts,
        ...(resource.provider ? { provider: resource.provider } : {}),
        stackTags,
        isType: (cls: unknown) => isTypeOf(resource.type, cls),
        asType: (cls: unknown) => (isTypeOf(resource.type, cls) ? resource.props : undefined),
        getConfig,
        notApplicable: throwNotApplicable,
      } as ResourceValidationArgs;
      for (const validate of validations) {
        try {
          mustBeSync(
            validate(args, (message, urn) => findings.push({ policy: policy.name, enforcementLevel, urn: urn ?? resource.urn, message })),
            policy.name,
          );
        } catch (error) {
          if (!(error instanceof NotApplicable)) throw error;
        }
      }
    }
  }
  return findings;
}
