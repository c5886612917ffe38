/**
 * The offline plan: runs the real program for one stack under the recording mocks, evaluates the
 * policy pack on what it registered, and shapes the result three ways: the stable JSON for scripts
 * and CI, the human report, and a Mermaid diagram. Everything here is pure apart from running the
 * program; the process wiring (flags, files, exit) lives in `plan-cli.ts`.
 */
import { parseNicIpConfiguration } from "../config/azure";
import type { EnforcementLevel } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config/keys";
import { type ConfigProblem, ConfigError, describeValue } from "../config/problems";
import type { Settings } from "../config/settings";
import { validateConfig } from "../config/validate";
import { isBlocking } from "../policy/evaluate";
import { LEGS, type Leg } from "../rules/adobe";
import type { RecordedResource, RecordingMocks } from "./mocks";
import { type CapturedOptions, runProgram } from "./run";
import { type StackConfig, toPulumiConfig } from "./stackfile";

/** One thing wrong with the stack's configuration (or the program's refusal of it). */
export interface PlanError {
  /** Config key path (`adobe.ports[1].port`); `(stack file)` or `(program)` for problems without one. */
  readonly key: string;
  readonly message: string;
}

/** Where a resource belongs: the explicit provider, one of the two legs, or the root of the link. */
export type Group = "provider" | Leg | "shared";

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
  /** Addition to the issue's shape: whether deleting it from the stack leaves it in the cloud. */
  readonly retainOnDelete: boolean;
  /** Addition to the issue's shape: the group the report and the diagram show it in. */
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
  /** The stack outputs `pulumi up` would export, with placeholder identifiers. */
  readonly outputs: Record<string, unknown>;
  readonly policies: readonly PolicyFinding[];
}

/** A planned resource as the policy pack sees it: plus its explicit provider, `<provider urn>::<id>`. */
export interface PolicySubject extends PlannedResource {
  readonly provider?: string;
}

/** What the policy pack is asked to check: the planned resources and the stack's settings. */
export type PolicyEvaluator = (resources: readonly PolicySubject[], settings: Settings) => readonly PolicyFinding[];

/** A plan plus what the report and the diagram need beyond the JSON. */
export interface Plan {
  readonly report: PlanReport;
  /** Present when the config is valid. */
  readonly settings?: Settings;
  readonly warnings: readonly string[];
}

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
    return [{ key: "(program)", message: error.message }];
  }
  return undefined;
}

function text(config: StackConfig, key: string): string | null {
  const value = config[`${PROJECT}:${key}`];
  return typeof value === "string" ? value : null;
}

/** The report of a stack that could not be planned: every error, nothing planned. */
export function failedPlan(stack: string, config: StackConfig, errors: readonly PlanError[]): Plan {
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
  // The program accepted the config, so the same pure validation gives the typed settings it used.
  const validation = validateConfig(toPulumiConfig(config));
  if (!validation.ok) return failedPlan(stack, config, validation.problems.map(problemError));
  const resources = planResources(stack, run.resources, run.options);
  const subjects = withProviders(run.resources, resources);
  return {
    report: {
      project: PROJECT,
      stack,
      cloud: validation.settings.cloud,
      topology: validation.settings.topology,
      errors: [],
      resources,
      outputs: run.outputs,
      policies: evaluate(subjects, validation.settings),
    },
    settings: validation.settings,
    warnings: validation.warnings,
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

const PROVIDER_TYPE = /^pulumi:providers:/;

/** Resources that only exist on one leg, whatever component they sit in. */
const LEG_OF_TYPE: Readonly<Record<string, Leg>> = {
  "aws:ec2/vpcEndpoint:VpcEndpoint": "customer-to-adobe",
  "azure-native:network:PrivateEndpoint": "customer-to-adobe",
  "aws:ec2/vpcEndpointService:VpcEndpointService": "adobe-to-customer",
  "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": "adobe-to-customer",
  "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": "adobe-to-customer",
  "aws:lb/loadBalancer:LoadBalancer": "adobe-to-customer",
  "aws:lb/targetGroup:TargetGroup": "adobe-to-customer",
  "aws:lb/targetGroupAttachment:TargetGroupAttachment": "adobe-to-customer",
  "aws:lb/listener:Listener": "adobe-to-customer",
  "azure-native:network:LoadBalancer": "adobe-to-customer",
  "azure-native:network:PrivateLinkService": "adobe-to-customer",
  "azure-native:network:PrivateLinkServicePrivateEndpointConnection": "adobe-to-customer",
};

/** The leg components (DESIGN.md: each leg is its own small component in the cloud folder). */
const LEG_OF_COMPONENT: readonly (readonly [RegExp, Leg])[] = [
  [/:(AdobeEndpoint|AdobePrivateEndpoint)$/, "customer-to-adobe"],
  [/:(CustomerEndpointService|CustomerPrivateLinkService)$/, "adobe-to-customer"],
];

interface Node {
  readonly record: RecordedResource;
  readonly options: CapturedOptions | undefined;
  readonly parent: Node | undefined;
}

function componentLeg(type: string): Leg | undefined {
  return LEG_OF_COMPONENT.find(([pattern]) => pattern.test(type))?.[1];
}

/**
 * A resource's group: the provider; else the leg its own type or its nearest leg component says; else
 * the one leg whose resources its nearest component holds (a component holding both is the root).
 * Type and component tables come first because a bare component (a leg still waiting for Adobe) holds
 * nothing that tells its leg.
 */
function groupOf(node: Node, legsBelow: ReadonlyMap<Node, ReadonlySet<Leg>>): Group {
  if (PROVIDER_TYPE.test(node.record.type)) return "provider";
  const own = LEG_OF_TYPE[node.record.type];
  if (own) return own;
  for (let at: Node | undefined = node; at; at = at.parent) {
    const named = componentLeg(at.record.type);
    if (named) return named;
  }
  for (let at: Node | undefined = node.record.custom ? node.parent : node; at?.parent; at = at.parent) {
    const legs = legsBelow.get(at);
    if (legs?.size === 1) return [...legs][0] ?? "shared";
    if (legs && legs.size > 1) break;
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

/** The registered resources as `pulumi up` would see them: real URNs, parents, protection, leg. */
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
  const legsBelow = new Map<Node, Set<Leg>>();
  for (const node of ordered) {
    const leg = LEG_OF_TYPE[node.record.type] ?? (node.record.custom ? undefined : componentLeg(node.record.type));
    if (!leg) continue;
    for (let at = node.parent; at; at = at.parent) {
      const set = legsBelow.get(at) ?? new Set<Leg>();
      set.add(leg);
      legsBelow.set(at, set);
    }
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
    leg: groupOf(node, legsBelow),
  }));
}

// ---------------------------------------------------------------------------------------------------
// The human report

/** The report is read in terminals and pasted into tickets and pull requests. */
export const WIDTH = 100;

const GROUP_TITLES: Readonly<Record<Group, string>> = {
  provider: "Provider",
  "customer-to-adobe": "Leg customer -> Adobe (customer systems reach Adobe Commerce services)",
  "adobe-to-customer": "Leg Adobe -> customer (Adobe Commerce reaches customer services)",
  shared: "The connection's root component",
};

const GROUP_ORDER: readonly Group[] = ["provider", ...LEGS, "shared"];

/**
 * Inputs worth a reviewer's attention: what decides who can connect where (ports, CIDRs, principals,
 * subscriptions, acceptance), private DNS, deletion safety, and where it lives. Everything else
 * (tags, descriptions, names) is in the JSON.
 */
const KEY_INPUT =
  /(^|\.)(region|location|vpcId|subnetIds|serviceName|vpcEndpointType|privateDnsEnabled|privateDnsZone|acceptanceRequired|allowedPrincipals|principalArn|vpcEndpointId|vpcEndpointServiceId|networkLoadBalancerArns|internal|loadBalancerType|enableDeletionProtection|enableCrossZoneLoadBalancing|port|protocol|targetPort|targetId|targetType|fromPort|toPort|ipProtocol|cidrIpv4|cidrIpv6|referencedSecurityGroupId|frontendPort|backendPort|sku|visibility|autoApproval|subscriptions|privateLinkServiceId|requestMessage|groupIds|status|peConnectionName|sourceAddressPrefix|sourceAddressPrefixes|destinationAddressPrefix|destinationPortRange|destinationPortRanges|access|direction|privateIPAddress|privateIPAllocationMethod|enableProxyProtocol|ipAddress|subnet\.id|sku\.name)$/;

type Flat = [path: string, value: string][];

function scalar(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function flatten(value: unknown, path: string, out: Flat): void {
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== "object" || item === null)) {
      if (KEY_INPUT.test(path)) out.push([path, `[${value.map(scalar).join(", ")}]`]);
      return;
    }
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out));
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "tags") continue;
      flatten(item, path === "" ? key : `${path}.${key}`, out);
    }
    return;
  }
  if (value !== undefined && KEY_INPUT.test(path)) out.push([path, scalar(value)]);
}

/** The inputs that matter, as `path: value` pairs, in the order the program set them. */
export function keyInputs(resource: PlannedResource): Flat {
  const out: Flat = [];
  flatten(resource.inputs, "", out);
  return out;
}

/**
 * Wraps at `width`, breaking only at spaces (long ids stay whole); continuation lines keep the line's
 * own prefix (indent, or the `|` of quoted text) and four more spaces.
 */
export function wrap(line: string, width: number): string[] {
  const prefix = /^[\s|]*/.exec(line)?.[0] ?? "";
  // Words with the spaces before them: a break drops those spaces, whatever their number.
  const parts = line.slice(prefix.length).match(/ *[^ ]+/g) ?? [];
  const lines: string[] = [];
  let current = prefix;
  for (const part of parts) {
    // A bullet alone ("-") is not worth a line of its own: the long item stays next to it.
    const hasWord = /[^\s|-]/.test(current.slice(prefix.length));
    if (hasWord && current.length + part.length > width) {
      lines.push(current);
      current = `${prefix}    ${part.trimStart()}`;
    } else {
      current += current.trim() === "" ? part.trimStart() : part;
    }
  }
  lines.push(current);
  return lines;
}

function block(lines: readonly string[]): string[] {
  return lines.flatMap((line) => wrap(line, WIDTH));
}

function heading(title: string): string[] {
  return ["", title, "-".repeat(Math.min(title.length, WIDTH))];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}

function resourceLines(resource: PlannedResource, depth: number, region: string): string[] {
  const flags = [
    resource.custom ? "" : "component",
    resource.protect ? "protected" : "",
    resource.retainOnDelete ? "retained on delete" : "",
  ]
    .filter((flag) => flag !== "")
    .join(", ");
  const pad = "  ".repeat(depth + 1);
  const head = `${pad}+ ${resource.type}  ${resource.name}${flags ? `  [${flags}]` : ""}`;
  // Every resource is pinned to the stack's region; repeating it on each line would hide the rest.
  const shown = keyInputs(resource).filter(
    ([path, value]) => resource.leg === "provider" || !(/^(region|location)$/.test(path) && value === region),
  );
  if (shown.length === 0) return [head];
  return [head, `${pad}    ${shown.map(([path, value]) => `${path}=${value}`).join("  ")}`];
}

function depthWithin(resource: PlannedResource, byUrn: ReadonlyMap<string, PlannedResource>): number {
  let depth = 0;
  for (let at = resource.parent ? byUrn.get(resource.parent) : undefined; at && at.leg === resource.leg;) {
    depth++;
    at = at.parent ? byUrn.get(at.parent) : undefined;
  }
  return depth;
}

function resourcesSection(resources: readonly PlannedResource[], region: string): string[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const out: string[] = [];
  for (const group of GROUP_ORDER) {
    const members = resources.filter((r) => r.leg === group);
    if (members.length === 0) continue;
    const custom = members.filter((r) => r.custom).length;
    out.push("", `${GROUP_TITLES[group]}: ${custom} resource${custom === 1 ? "" : "s"}`);
    for (const r of members) out.push(...resourceLines(r, depthWithin(r, byUrn), region));
  }
  return out;
}

function policiesSection(policies: readonly PolicyFinding[], byUrn: ReadonlyMap<string, PlannedResource>): string[] {
  const mandatory = policies.filter((p) => p.enforcementLevel === "mandatory").length;
  const advisory = policies.length - mandatory;
  const out = heading(`Policy findings: ${mandatory} mandatory, ${advisory} advisory`);
  if (policies.length === 0) out.push("  None: every policy of the pack passes on this plan.");
  for (const p of policies) {
    const about = p.urn === null ? "the stack" : (byUrn.get(p.urn)?.name ?? p.urn);
    out.push(`  ${p.enforcementLevel.toUpperCase()}  ${p.policy}  (${about})`, `      ${p.message}`);
  }
  return out;
}

function outputsSection(outputs: Record<string, unknown>): string[] {
  const out = heading("Stack outputs (identifiers are placeholders)");
  for (const key of ["cloud", "region", "topology", "environment", "accountId"]) {
    if (outputs[key] !== undefined) out.push(`  ${key}: ${str(outputs[key])}`);
  }
  for (const key of ["toAdobe", "fromAdobe"]) {
    const leg = record(outputs[key]);
    if (Object.keys(leg).length === 0) continue;
    out.push(`  ${key}:`);
    for (const [field, value] of Object.entries(leg)) {
      if (value === undefined) continue;
      if (!Array.isArray(value)) out.push(`    ${field}: ${str(value)}`);
      else if (value.length === 0) out.push(`    ${field}: (none)`);
      // Long items (endpoint DNS names) one per line, so that none is broken across lines.
      else if (value.map(str).join(", ").length > 60) out.push(`    ${field}:`, ...value.map((item) => `      - ${str(item)}`));
      else out.push(`    ${field}: ${value.map(str).join(", ")}`);
    }
  }
  return out;
}

function handshakeSection(outputs: Record<string, unknown>): string[] {
  const handshake = record(outputs.handshake);
  const out = heading("Handshake with Adobe");
  for (const [leg, value] of Object.entries(record(handshake.legs))) {
    const state = record(value);
    out.push(`  ${leg}: ${str(state.state)} (waits on step ${str(state.step)})`);
  }
  out.push(`  Next: ${str(handshake.next)}`);
  return out;
}

function ticketSection(outputs: Record<string, unknown>): string[] {
  const request = record(outputs.enablementRequest);
  const out = heading("Enablement request for Adobe Commerce Support (output enablementRequest)");
  const missing = list(request.missing).map(str);
  if (missing.length > 0) out.push(`  Still missing: ${missing.join(", ")}`);
  out.push(
    ...str(request.text)
      .split("\n")
      .map((line) => `  | ${line}`.trimEnd()),
  );
  return out;
}

function verificationSection(outputs: Record<string, unknown>): string[] {
  const targets = list(record(outputs.verification).targets).map(record);
  const out = heading("Verification targets (npm run verify, after pulumi up)");
  if (targets.length === 0) out.push("  None yet: no endpoint exists until Adobe sends its service.");
  // One line per leg and host: the host names are long, the ports short.
  const byHost = new Map<string, string[]>();
  for (const t of targets) {
    const key = `${str(t.leg)} ${str(t.host)}`;
    byHost.set(key, [...(byHost.get(key) ?? []), `${str(t.service)} ${str(t.port)}`]);
  }
  for (const [key, ports] of byHost) {
    const [leg = "", host = ""] = key.split(" ");
    out.push(`  ${leg}: ${ports.join(", ")}`, `      ${host}`);
  }
  return out;
}

function errorsReport(report: PlanReport): string {
  const count = report.errors.length === 1 ? "1 problem" : `${report.errors.length} problems`;
  return [
    `${report.project}: stack ${report.stack} was NOT planned: its configuration has ${count}.`,
    "Nothing below would be created; fix every problem and run the plan again.",
    "",
    ...block(report.errors.map((e) => `  - ${e.key}: ${e.message}`)),
    "",
  ].join("\n");
}

/** The human report of a plan (what `npm start` prints). */
export function renderReport(plan: Plan): string {
  const { report } = plan;
  if (report.errors.length > 0) return errorsReport(report);
  const settings = plan.settings;
  const custom = report.resources.filter((r) => r.custom).length;
  const components = report.resources.length - custom;
  const where = settings ? `${settings.cloud} ${settings.region}, ${settings.topology}, ${settings.adobe.environment}` : "";
  const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
  const mandatory = report.policies.some((p) => p.enforcementLevel === "mandatory");
  const lines = [
    `${report.project} offline plan: stack ${report.stack}, ${where}`,
    "",
    "PLACEHOLDERS: this plan ran the real program under Pulumi's runtime mocks, with no Pulumi CLI, no",
    "cloud account, no credentials and no network. Every id, ARN, DNS name, IP address and account or",
    "subscription id that the cloud would assign is an invented placeholder; the inputs from the stack",
    "file are real.",
    "",
    `pulumi up would create ${custom} cloud resources (and ${components} components):`,
    ...(settings ? [`Every resource below is created in ${settings.region} (the Adobe Commerce cluster's region).`] : []),
    ...resourcesSection(report.resources, settings?.region ?? ""),
    ...policiesSection(report.policies, byUrn),
    ...(plan.warnings.length > 0 ? [...heading("Config warnings"), ...plan.warnings.map((w) => `  - ${w}`)] : []),
    ...outputsSection(report.outputs),
    ...ticketSection(report.outputs),
    ...handshakeSection(report.outputs),
    ...verificationSection(report.outputs),
    "",
    mandatory
      ? "RESULT: a mandatory policy fails; `pulumi up` with the policy pack would refuse this stack."
      : "RESULT: the config is valid and no mandatory policy fails.",
    "",
  ];
  return block(lines).join("\n");
}

// ---------------------------------------------------------------------------------------------------
// The Mermaid diagram

/** Mermaid label text: a quote would end the label, and `<` would start HTML. */
function label(value: string): string {
  return value.replace(/"/g, "#quot;").replace(/</g, "#lt;");
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

function nodeId(prefix: string, value: string): string {
  return `${prefix}_${value.replace(/[^A-Za-z0-9]/g, "_")}`;
}

const LEG_SUBGRAPH: Readonly<Record<Leg, string>> = {
  "customer-to-adobe": "customer -> Adobe",
  "adobe-to-customer": "Adobe -> customer",
};

/** The types an edge starts or ends at, per cloud, in order of preference. */
const TO_ADOBE_ENDPOINT = ["aws:ec2/vpcEndpoint:VpcEndpoint", "azure-native:network:PrivateEndpoint"];
const FROM_ADOBE_SERVICE = ["aws:ec2/vpcEndpointService:VpcEndpointService", "azure-native:network:PrivateLinkService"];
const FROM_ADOBE_BALANCER = ["aws:lb/loadBalancer:LoadBalancer", "azure-native:network:LoadBalancer"];

/**
 * The plan as a Mermaid flowchart: the customer network with one subgraph per leg (the leg's cloud
 * resources, one node per type), Adobe's network, and the traffic between them with its ports.
 */
export function renderDiagram(plan: Plan): string {
  const { report, settings } = plan;
  if (!settings) return "";
  const cloudName = settings.cloud === "aws" ? "AWS" : "Azure";
  const network = settings.cloud === "aws" ? settings.aws.vpcId : settings.azure.resourceGroupName;
  const lines = ["flowchart LR"];
  const typeNode = new Map<string, string>();
  lines.push(`  subgraph customer["Customer network: ${label(`${cloudName} ${settings.region}, ${network}`)}"]`);
  lines.push(`    clients["Customer systems<br/>${settings.clientCidrs.map(label).join("<br/>")}"]`);
  const legs: Leg[] = settings.topology === "bidirectional" ? [...LEGS] : ["customer-to-adobe"];
  for (const leg of legs) {
    const members = report.resources.filter((r) => r.custom && r.leg === leg);
    lines.push(`    subgraph ${nodeId("leg", leg)}["${label(LEG_SUBGRAPH[leg])}"]`);
    const types = [...new Set(members.map((r) => r.type))];
    for (const type of types) {
      const same = members.filter((r) => r.type === type);
      const id = nodeId(leg === "customer-to-adobe" ? "to" : "from", shortType(type));
      typeNode.set(type, id);
      // Up to two names; beyond that the count says enough and the report lists them.
      const names = same.length <= 2 ? `<br/>${same.map((r) => label(r.name)).join("<br/>")}` : "";
      const count = same.length > 1 ? ` x${same.length}` : "";
      lines.push(`      ${id}["${label(shortType(type))}${count}${names}"]`);
    }
    if (types.length === 0) lines.push(`      ${nodeId("empty", leg)}["nothing yet"]`);
    lines.push("    end");
  }
  for (const service of settings.services) {
    // Azure targets are NIC IP configuration ids: the NIC and IP configuration names say enough.
    const targets = service.targets.map((t) => {
      const nic = parseNicIpConfiguration(t);
      return nic ? `${nic.networkInterfaceName}/${nic.ipConfigurationName}` : t;
    });
    lines.push(`    ${nodeId("svc", service.name)}["${label(service.name)}<br/>${label(targets.join(", "))}"]`);
  }
  lines.push("  end");

  const adobe = settings.adobe;
  const adobeService = settings.cloud === "aws" ? settings.aws.endpointService : settings.azure.privateLinkService;
  const serviceWord = settings.cloud === "aws" ? "endpoint service" : "Private Link Service";
  lines.push(
    `  subgraph adobe["${label(`Adobe Commerce network: project ${adobe.projectId} ${adobe.environment}${adobe.clusterId ? `, cluster ${adobe.clusterId}` : ""}`)}"]`,
  );
  lines.push(`    adobe_service["${label(`Adobe's ${serviceWord}`)}<br/>${label(adobeService ?? "not sent yet")}"]`);
  if (settings.topology === "bidirectional") {
    const consumer = settings.cloud === "aws" ? "Adobe's endpoint" : "Adobe's private endpoint";
    const connections = adobe.connections.length > 0 ? adobe.connections.map(label).join("<br/>") : "not connected yet";
    lines.push(`    adobe_consumer["${label(consumer)}<br/>${connections}"]`);
  }
  lines.push("  end");

  const first = (types: readonly string[]): string | undefined =>
    types.map((type) => typeNode.get(type)).find((id): id is string => id !== undefined);
  const adobePorts = adobe.ports.map((p) => `${p.port} ${p.name}`).join(", ");
  const endpoint = first(TO_ADOBE_ENDPOINT);
  if (endpoint) {
    lines.push(`  clients -->|"${label(`TCP ${adobePorts}`)}"| ${endpoint}`);
    lines.push(`  ${endpoint} -->|"${label(`PrivateLink ${adobePorts}`)}"| adobe_service`);
  } else {
    lines.push(`  clients -.->|"${label(`TCP ${adobePorts}, once Adobe sends its ${serviceWord}`)}"| adobe_service`);
  }
  if (settings.topology === "bidirectional") {
    const service = first(FROM_ADOBE_SERVICE);
    const balancer = first(FROM_ADOBE_BALANCER);
    const servicePorts = settings.services.map((s) => `${s.port} ${s.name}`).join(", ");
    const arrow = adobe.connections.length > 0 ? "-->" : "-.->";
    if (service) lines.push(`  adobe_consumer ${arrow}|"${label(`PrivateLink ${servicePorts}`)}"| ${service}`);
    if (service && balancer) lines.push(`  ${service} --> ${balancer}`);
    const from = balancer ?? service;
    if (from) {
      for (const s of settings.services) {
        const ports = s.port === s.targetPort ? `TCP ${s.port}` : `TCP ${s.port} -> ${s.targetPort}`;
        lines.push(`  ${from} -->|"${label(ports)}"| ${nodeId("svc", s.name)}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
