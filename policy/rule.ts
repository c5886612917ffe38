/**
 * The shape every policy shares: a pure tri-state check over a resource (type, props, options) and
 * the policy config, wrapped into the @pulumi/policy interfaces. The checks never see the Pulumi
 * engine, so the tests and the offline evaluator call exactly what `pulumi preview` calls.
 *
 * Undefined vs unknown: during `pulumi preview` the engine hands policies a proxy that throws
 * `UnknownValueError` when a policy reads a value that is not known yet (a computed output); the
 * engine turns that into an advisory "can't run policy during preview" note. So a check never sees
 * an unknown value, and `undefined` always means "not set", which the checks read as the provider's
 * default (e.g. an unset `vpcEndpointType` is a Gateway endpoint, an unset Azure load balancer SKU is
 * Basic). For the same reason `subjectOf` passes `props` through untouched: copying them would read
 * every property and turn one unknown value into a failure of every policy.
 */
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { type PolicyConfig, readConfig } from "./config";

/** What a check sees of a resource. */
export interface Subject {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** The `protect` resource option. */
  readonly protect: boolean;
  /** The resource's provider (explicit or default), when the engine or the evaluator knows it. */
  readonly provider?: { readonly type: string; readonly props: Readonly<Record<string, unknown>> };
}

export interface Violation {
  readonly message: string;
  /** For stack checks: the resource the violation is about. */
  readonly urn?: string;
}

/** cdk-nag style tri-state result. */
export type Verdict =
  | { readonly kind: "compliant" }
  | { readonly kind: "not-applicable"; readonly reason: string }
  | { readonly kind: "violation"; readonly violations: readonly Violation[] };

export const COMPLIANT: Verdict = { kind: "compliant" };

export function notApplicable(reason: string): Verdict {
  return { kind: "not-applicable", reason };
}

/** Compliant when there is nothing to report. */
export function verdict(violations: readonly (Violation | string)[]): Verdict {
  if (violations.length === 0) return COMPLIANT;
  return { kind: "violation", violations: violations.map((v) => (typeof v === "string" ? { message: v } : v)) };
}

/**
 * One finding's text: what is wrong (with the value), why (Adobe's guide or the control it
 * matches), how to fix it.
 */
export function explain(what: string, why: string, fix: string): string {
  return `${what}. Why: ${why}. Fix: ${fix}.`;
}

/** Renders a value for a message: strings quoted, absent values named. */
export function show(value: unknown): string {
  if (value === undefined) return "not set";
  return JSON.stringify(value);
}

export type ResourceCheck = (subject: Subject, config: PolicyConfig) => Verdict;
export type StackCheck = (subjects: readonly Subject[], config: PolicyConfig) => Verdict;

export interface PolicyMeta {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  readonly remediationSteps: string;
  readonly severity?: "low" | "medium" | "high" | "critical";
}

function report(result: Verdict, reportViolation: ReportViolation, notApplicableFn: (reason: string) => never): void {
  if (result.kind === "not-applicable") notApplicableFn(result.reason);
  if (result.kind === "violation") for (const v of result.violations) reportViolation(v.message, v.urn);
}

/** Narrows the engine's `Record<string, any>` to `unknown` values. */
function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

export function subjectOf(args: {
  type: string;
  name: string;
  urn: string;
  props: unknown;
  opts: { protect: boolean };
  provider?: { type: string; props: unknown } | undefined;
}): Subject {
  return {
    type: args.type,
    name: args.name,
    urn: args.urn,
    props: record(args.props),
    protect: args.opts.protect,
    ...(args.provider ? { provider: { type: args.provider.type, props: record(args.provider.props) } } : {}),
  };
}

export function resourcePolicy(meta: PolicyMeta, check: ResourceCheck): ResourceValidationPolicy {
  return {
    ...meta,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const result = check(subjectOf(args), readConfig(args.getConfig()));
      report(result, reportViolation, (reason) => args.notApplicable(reason));
    },
  };
}

export function stackPolicy(meta: PolicyMeta, check: StackCheck): StackValidationPolicy {
  return {
    ...meta,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const result = check(args.resources.map(subjectOf), readConfig(args.getConfig()));
      report(result, reportViolation, (reason) => args.notApplicable(reason));
    },
  };
}
