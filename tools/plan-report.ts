/**
 * The human report of a plan (what `npm start` prints): the resources per group with the inputs a
 * reviewer checks, the policy findings, the warnings, the stack outputs, Adobe's ticket, the next
 * handshake step and the verification targets. Read in terminals and pasted into tickets, so it wraps
 * at a fixed width and never breaks an identifier.
 */
import type { StackOutputValues } from "../handshake/outputs";
import type { Group } from "../lib/resourceTypes";
import { LEGS } from "../rules/adobe";
import type { Plan, PlannedResource, PlanReport, PolicyFinding } from "./plan";

/** The report is read in terminals and pasted into tickets and pull requests. */
export const WIDTH = 100;

export const GROUP_TITLES: Readonly<Record<Group, string>> = {
  provider: "Provider",
  "customer-to-adobe": "Leg customer -> Adobe (customer systems reach Adobe Commerce services)",
  "adobe-to-customer": "Leg Adobe -> customer (Adobe Commerce reaches customer services)",
  shared: "The connection's root component",
};

export const GROUP_ORDER: readonly Group[] = ["provider", ...LEGS, "shared"];

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

export function block(lines: readonly string[]): string[] {
  return lines.flatMap((line) => wrap(line, WIDTH));
}

export function heading(title: string): string[] {
  return ["", title, "-".repeat(Math.min(title.length, WIDTH))];
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

function legLines(name: string, leg: Readonly<Record<string, unknown>> | undefined): string[] {
  if (leg === undefined) return [];
  const out = [`  ${name}:`];
  for (const [field, value] of Object.entries(leg)) {
    if (value === undefined) continue;
    if (!Array.isArray(value)) out.push(`    ${field}: ${str(value)}`);
    else if (value.length === 0) out.push(`    ${field}: (none)`);
    // Long items (endpoint DNS names) one per line, so that none is broken across lines.
    else if (value.map(str).join(", ").length > 60) out.push(`    ${field}:`, ...value.map((item) => `      - ${str(item)}`));
    else out.push(`    ${field}: ${value.map(str).join(", ")}`);
  }
  return out;
}

function outputsSection(outputs: StackOutputValues): string[] {
  const { cloud, region, topology, environment, accountId } = outputs;
  return [
    ...heading("Stack outputs (identifiers are placeholders)"),
    ...Object.entries({ cloud, region, topology, environment, accountId }).map(([key, value]) => `  ${key}: ${value}`),
    ...legLines("toAdobe", outputs.toAdobe),
    ...legLines("fromAdobe", outputs.fromAdobe),
  ];
}

function handshakeSection({ handshake }: StackOutputValues): string[] {
  const out = heading("Handshake with Adobe");
  for (const [leg, state] of Object.entries(handshake.legs)) out.push(`  ${leg}: ${state.state} (waits on step ${state.step})`);
  out.push(`  Next: ${handshake.next}`);
  return out;
}

function ticketSection({ enablementRequest: request }: StackOutputValues): string[] {
  const out = heading("Enablement request for Adobe Commerce Support (output enablementRequest)");
  if (request.missing.length > 0) out.push(`  Still missing: ${request.missing.join(", ")}`);
  out.push(...request.text.split("\n").map((line) => `  | ${line}`.trimEnd()));
  return out;
}

function verificationSection({ verification }: StackOutputValues): string[] {
  const out = heading("Verification targets (npm run verify, after pulumi up)");
  if (verification.targets.length === 0) out.push("  None yet: no endpoint exists until Adobe sends its service.");
  // One line per leg and host: the host names are long, the ports short.
  const byHost = new Map<string, string[]>();
  for (const t of verification.targets) {
    const key = `${t.leg} ${t.host}`;
    byHost.set(key, [...(byHost.get(key) ?? []), `${t.service} ${t.port}`]);
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
  const { report, settings, outputs } = plan;
  if (settings === undefined) return errorsReport(report);
  const custom = report.resources.filter((r) => r.custom).length;
  const components = report.resources.length - custom;
  const where = `${settings.cloud} ${settings.region}, ${settings.topology}, ${settings.adobe.environment}`;
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
    `Every resource below is created in ${settings.region} (the Adobe Commerce cluster's region).`,
    ...resourcesSection(report.resources, settings.region),
    ...policiesSection(report.policies, byUrn),
    ...(plan.warnings.length > 0 ? [...heading("Config warnings"), ...plan.warnings.map((w) => `  - ${w}`)] : []),
    ...outputsSection(outputs),
    ...ticketSection(outputs),
    ...handshakeSection(outputs),
    ...verificationSection(outputs),
    "",
    mandatory
      ? "RESULT: a mandatory policy fails; `pulumi up` with the policy pack would refuse this stack."
      : "RESULT: the config is valid and no mandatory policy fails.",
    "",
  ];
  return block(lines).join("\n");
}
