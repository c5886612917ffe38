/**
 * The offline plan: runs the real program for one stack under the recording mocks, evaluates the
 * policy pack on what it registered, and shapes the result three ways: the stable JSON for scripts
 * and CI (here), the human report (`plan-report.ts`) and a Mermaid diagram (`plan-diagram.ts`).
 * Everything is pure apart from running the program; the process wiring (flags, files, exit) lives in
 * `plan-cli.ts`.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config/keys";
import { type ConfigProblem, ConfigError, describeValue } from "../config/problems";
import type { Settings } from "../config/settings";
import type { StackOutputValues } from "../handshake/outputs";
import { type Group, knownResourceType } from "../lib/resourceTypes";
import { isBlocking } from "../policy/evaluate";
import type { RecordedResource, RecordingMocks } from "./mocks";
import { type CapturedOptions, nameAlias, runProgram } from "./run";
import type { StackConfig } from "./stackfile";

export type { Group };
export { renderDiagram } from "./plan-diagram";
export { keyInputs, renderReport, WIDTH, wrap } from "./plan-report";

/** One thing wrong with the stack's configuration (or the program's refusal of it). */
export interface PlanError {
  /** Config key path (`adobe.ports[1].port`); `(stack file)` or `(program)` for problems without one. */
  readonly key: string;
  readonly message: string;
}

export interface PlannedResource {
  /** The URN `pulumi up` would give the resource (the mocks' own URNs carry no stack or project). */
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The parent's URN; null for children of the stack itself. */
  readonly parent: string | null;
  /** False for component resources. */
  readonly custom: boolean;
  /** The inputs as the provider would receive them (SDK-internal keys removed). */
  readonly inputs: Record<string, unknown>;
  /** Whether `pulumi destroy` would refuse to delete it: the option, or inherited from the parent. */
  readonly protect: boolean;
  /** Addition to the shape: whether deleting it from the stack leaves it in the cloud. */
  readonly retainOnDelete: boolean;
  /** Addition to the shape: the group the report and the diagram show it in. */
  readonly leg: Group;
}

export interface PolicyFinding {
  readonly policy: string;
  /** The policy's level: `mandatory` (and `remediate`) fail the plan, `advisory` only reports. */
  readonly enforcementLevel: EnforcementLevel;
  /** The resource the finding is about; null for a stack-level finding without one. */
  readonly urn: string | null;
  readonly message: string;
}

/** The stable JSON of `npm start -- --json` (documented in the README). */
export interface PlanReport {
  readonly project: string;
  readonly stack: string;
  /** From the stack file as written; null when it does not say. */
  readonly cloud: string | null;
  readonly topology: string | null;
  readonly errors: readonly PlanError[];
  readonly resources: readonly PlannedResource[];
  /** The stack outputs `pulumi up` would export, with placeholder identifiers; `{}` when not planned. */
  readonly outputs: StackOutputValues | Readonly<Record<string, never>>;
  readonly policies: readonly PolicyFinding[];
}

/** A planned resource as the policy pack sees it: plus its explicit provider, `<provider urn>::<id>`. */
export interface PolicySubject extends PlannedResource {
  readonly provider?: string;
}

/** What the policy pack is asked to check: the planned resources and the stack's settings. */
export type PolicyEvaluator = (resources: readonly PolicySubject[], settings: Settings) => readonly PolicyFinding[];

/** A stack the program accepted: the JSON plus what the report and the diagram need beyond it. */
export interface PlannedStack {
  readonly report: PlanReport;
  /** The settings the program ran with. */
  readonly settings: Settings;
  readonly outputs: StackOutputValues;
  /** What the program warned about (e.g. a discouraged port). */
  readonly warnings: readonly string[];
  /** Each resource's `replaceOnChanges` option, by URN (`tools/change.ts` reads it). */
  readonly replaceOnChanges: ReadonlyMap<string, readonly string[]>;
  /** The URN each renamed resource had (its `{ name }` alias), by URN (`tools/change.ts`). */
  readonly formerUrns: ReadonlyMap<string, readonly string[]>;
}

/** A stack the program refused (or could not read): only errors. */
export interface UnplannedStack {
  readonly report: PlanReport;
  readonly settings?: undefined;
  readonly outputs?: undefined;
  readonly warnings: readonly string[];
  readonly replaceOnChanges?: undefined;
  readonly formerUrns?: undefined;
}

export type Plan = PlannedStack | UnplannedStack;

// ---------------------------------------------------------------------------------------------------
// Running a stack

function problemError(problem: ConfigProblem): PlanError {
  return { key: problem.key, message: `got ${describeValue(problem.value)}; ${problem.rule}. Fix: ${problem.fix}.` };
}

/** The errors of a program run that refused the config; undefined for anything else (a bug). */
export function errorsOf(error: unknown): PlanError[] | undefined {
  if (error instanceof ConfigError) return error.problems.map(problemError);
  // A component's refusal (`ResourceError`) or another `RunError` is a user error too: it names what
  // to change, and `pulumi up` itself would print it without a stack trace.
  if (pulumi.ResourceError.isInstance(error) || pulumi.RunError.isInstance(error)) {
    // A refusal thrown inside an apply reaches us through the SDK's serialization of the input it
    // fed, which prefixes the property path: the user needs the refusal only.
    return [{ key: "(program)", message: error.message.replace(/^(error serializing property "[^"]*": )+/, "") }];
  }
  return undefined;
}

function text(config: StackConfig, key: string): string | null {
  const value = config[`${PROJECT}:${key}`];
  return typeof value === "string" ? value : null;
}

/** The report of a stack that could not be planned: every error, nothing planned. */
export function failedPlan(stack: string, config: StackConfig, errors: readonly PlanError[]): UnplannedStack {
  return {
    report: {
      project: PROJECT,
      stack,
      cloud: text(config, "cloud"),
      topology: text(config, "topology"),
      errors,
      resources: [],
      outputs: {},
      policies: [],
    },
    warnings: [],
  };
}

/**
 * Plans one stack: runs the program under `mocks` (already installed with `setMocks`), then asks the
 * policy pack about the result. A config the program refuses comes back as `errors`, not as a throw;
 * anything else thrown is a bug and propagates.
 */
export async function planStack(mocks: RecordingMocks, stack: string, config: StackConfig, evaluate: PolicyEvaluator): Promise<Plan> {
  let run: Awaited<ReturnType<typeof runProgram>>;
  try {
    run = await runProgram(mocks, config);
  } catch (error) {
    const errors = errorsOf(error);
    if (errors === undefined) throw error;
    return failedPlan(stack, config, errors);
  }
  const { settings, outputs } = run;
  const resources = planResources(stack, run.resources, run.options);
  const subjects = withProviders(run.resources, resources);
  return {
    report: {
      project: PROJECT,
      stack,
      cloud: settings.cloud,
      topology: settings.topology,
      errors: [],
      resources,
      outputs,
      policies: evaluate(subjects, settings),
    },
    settings,
    outputs,
    warnings: run.warnings,
    replaceOnChanges: new Map(
      resources.map((resource, i) => [resource.urn, run.options.get(run.resources[i]?.name ?? "")?.replaceOnChanges ?? []]),
    ),
    formerUrns: new Map(
      resources.map((resource, i) => {
        const former = nameAlias(run.options.get(run.resources[i]?.name ?? "")?.aliases);
        // Same type and parent: only the URN's last part, the name, differs.
        return [resource.urn, former === undefined ? [] : [`${resource.urn.slice(0, resource.urn.lastIndexOf("::") + 2)}${former}`]];
      }),
    ),
  };
}

/**
 * The planned resources with their explicit provider, rewritten from the mocks' URN to the planned
 * one, so that the policies find the provider (and its region) among the planned resources.
 */
function withProviders(records: readonly RecordedResource[], planned: readonly PlannedResource[]): PolicySubject[] {
  const urns = new Map(records.map((r, i) => [r.urn, planned[i]?.urn ?? r.urn]));
  return planned.map((resource, i) => {
    const reference = records[i]?.provider;
    if (reference === undefined) return resource;
    const cut = reference.lastIndexOf("::");
    const providerUrn = urns.get(reference.slice(0, cut)) ?? reference.slice(0, cut);
    return { ...resource, provider: `${providerUrn}${reference.slice(cut)}` };
  });
}

/** 0: valid and no mandatory policy fails; 1: invalid config or a mandatory failure. */
export function exitCode(report: PlanReport): 0 | 1 {
  if (report.errors.length > 0) return 1;
  return report.policies.some((finding) => isBlocking(finding.enforcementLevel)) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// The resource tree

interface Node {
  readonly record: RecordedResource;
  readonly options: CapturedOptions | undefined;
  readonly parent: Node | undefined;
}

/**
 * A resource's group: the one the table of resource types gives its type (the provider, a leg, or the
 * root for the link's own component); else, for a type that appears on either leg (a security group),
 * the group of its nearest ancestor that has one. A type missing from the table is refused.
 */
function groupOf(node: Node): Group {
  for (let at: Node | undefined = node; at; at = at.parent) {
    const group = knownResourceType(at.record.type, "the plan").group;
    if (group) return group;
  }
  return "shared";
}

function realUrn(stack: string, node: Node): string {
  const types: string[] = [];
  for (let at: Node | undefined = node; at; at = at.parent) types.unshift(at.record.type);
  return `urn:pulumi:${stack}::${PROJECT}::${types.join("$")}::${node.record.name}`;
}

function effectiveProtect(node: Node): boolean {
  // The SDK copies a parent's protect onto a child that sets none, after the transformations ran.
  for (let at: Node | undefined = node; at; at = at.parent) {
    if (at.options?.protect !== undefined) return at.options.protect;
  }
  return false;
}

function cleanInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  // `__defaults` lists which inputs the SDK defaulted; it is bookkeeping, not something the user set.
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== "__defaults"));
}

/** The registered resources as `pulumi up` would see them: real URNs, parents, protection, group. */
export function planResources(
  stack: string,
  records: readonly RecordedResource[],
  options: ReadonlyMap<string, CapturedOptions>,
): PlannedResource[] {
  const nodes = new Map<string, Node>();
  const ordered: Node[] = [];
  // Parents register before their children, so one pass in registration order links every node.
  for (const record of records) {
    const opts = options.get(record.name);
    const parentName = opts?.parent?.name;
    const node: Node = { record, options: opts, parent: parentName === undefined ? undefined : nodes.get(parentName) };
    nodes.set(record.name, node);
    ordered.push(node);
  }
  return ordered.map((node) => ({
    urn: realUrn(stack, node),
    type: node.record.type,
    name: node.record.name,
    parent: node.parent ? realUrn(stack, node.parent) : null,
    custom: node.record.custom,
    inputs: cleanInputs(node.record.inputs),
    protect: effectiveProtect(node),
    retainOnDelete: node.options?.retainOnDelete ?? false,
    leg: groupOf(node),
  }));
}
