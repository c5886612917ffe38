/**
 * Every way a resource opens or forwards a port, normalised into one list of openings so that each
 * port policy is written once:
 * - security rules: AWS security group `ingress` / `egress` (inline), `SecurityGroupRule` of either
 *   type, `SecurityGroupIngressRule` / `SecurityGroupEgressRule`; Azure NSG `securityRules` (inline,
 *   flat or in the ARM `properties` shape) and standalone `SecurityRule`;
 * - forwards: AWS listeners, target groups (and their health checks), target group attachments,
 *   classic load balancer listeners; Azure load-balancing rules, inbound NAT rules and pools (inline
 *   or standalone), health probes.
 *
 * AWS egress rules count: the bridged provider removes AWS's default allow-all egress, so an egress
 * rule is a deliberate opening, and the endpoint service's load balancer forwards Adobe's traffic (and
 * its health checks) only where its group's egress rules allow. Azure NSG outbound allow rules do not
 * count: Azure's default rule AllowVnetOutBound already admits every port inside the virtual network,
 * so an outbound allow rule widens nothing on the Private Link path; only inbound rules and the load
 * balancer decide what reaches a host.
 *
 * A value that cannot be read (a port of 22.5, an unknown protocol name, a direction that is neither
 * inbound nor outbound) is read the strictest way: every port, every protocol, inbound allow.
 */
import { type Cidr, parseCidr, parseIpv4 } from "../lib/ipv4";
import type { Leg } from "../rules/adobe";
import { type Props, asInteger, asText, isAbsent, obj, objs, str, strs } from "./props";
import { kindOf } from "./tokens";

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** tcp/udp carry ports; `all` is every protocol and port; `portless` is ICMP, ESP, GRE, ... */
export type Protocol = "tcp" | "udp" | "all" | "portless";

/** inbound/outbound: a security rule; forward: a load balancer carries traffic (or its probes) to the port. */
export type Direction = "inbound" | "outbound" | "forward";

export interface Opening {
  /** Where it is, for messages: `ingress[0]`, `securityRules[2] "allow-mysql"`, `loadBalancingRules[0].backendPort`, `port`. */
  readonly where: string;
  readonly direction: Direction;
  /** The protocol as written. */
  readonly protocolText: string;
  readonly protocol: Protocol;
  /** Destination port ranges; empty for portless protocols. */
  readonly ports: readonly PortRange[];
  /** Source address blocks as written (IPv4, IPv6, Azure tags); inbound rules only. */
  readonly sources: readonly string[];
  /** The legs of the connection the opening can serve: a security rule cannot say, a load balancer serves Adobe -> customer. */
  readonly legs: readonly Leg[];
}

/** The shape the policies on security rules share. */
export type InboundRule = Opening;

const BOTH_LEGS: readonly Leg[] = ["customer-to-adobe", "adobe-to-customer"];
const TO_CUSTOMER: readonly Leg[] = ["adobe-to-customer"];

/** AWS protocol names the provider accepts besides numbers (Terraform AWS provider, security group protocols). */
const AWS_PORTLESS_NAMES = new Set(["icmp", "icmpv6", "ah", "esp", "gre"]);

function awsProtocol(text: string | undefined): Protocol {
  const lowered = (text ?? "").trim().toLowerCase();
  if (lowered === "tcp" || lowered === "6") return "tcp";
  if (lowered === "udp" || lowered === "17") return "udp";
  if (lowered === "-1" || lowered === "all") return "all";
  if (AWS_PORTLESS_NAMES.has(lowered)) return "portless";
  // Any other protocol number carries no TCP/UDP port (EC2 IpPermission: other protocols allow the whole protocol).
  if (/^[0-9]{1,3}$/.test(lowered) && Number(lowered) <= 255) return "portless";
  // Not set (the input is required) or unreadable: every protocol.
  return "all";
}

/** A from/to pair as the provider reads it; unset, negative or unreadable bounds mean every port. */
function awsRange(protocol: Protocol, fromValue: unknown, toValue: unknown): PortRange[] {
  if (protocol === "portless") return [];
  const from = asInteger(fromValue);
  const to = asInteger(toValue);
  if (protocol === "all" || from === undefined || to === undefined || from < 0 || to < 0) return [ALL_PORTS];
  return [{ from: Math.min(from, to), to: Math.min(Math.max(from, to), ALL_PORTS.to) }];
}

/** Values of the keys as text; a value that is set but not text is kept as its JSON (and judged as such). */
function texts(props: Props, single: string, list?: string): string[] {
  const out: string[] = [];
  const value = props[single];
  if (!isAbsent(value)) out.push(asText(value) ?? JSON.stringify(value));
  if (list !== undefined) out.push(...(strs(props, list) ?? []));
  return out;
}

function awsRule(where: string, direction: Direction, rule: Props, protocolKey: string, sources: string[]): Opening {
  const protocolText = str(rule, protocolKey);
  const protocol = awsProtocol(protocolText);
  return {
    where,
    direction,
    protocolText: protocolText ?? "not set",
    protocol,
    ports: awsRange(protocol, rule.fromPort, rule.toPort),
    sources: direction === "inbound" ? sources : [],
    legs: BOTH_LEGS,
  };
}

const awsBlocks = (rule: Props): string[] => [...(strs(rule, "cidrBlocks") ?? []), ...(strs(rule, "ipv6CidrBlocks") ?? [])];

/** The rules of an AWS security group or rule resource, both directions; undefined for other types. */
export function awsSecurityRules(type: string, props: Props): Opening[] | undefined {
  switch (kindOf(type)) {
    case "aws-security-group":
      return [
        ...objs(props, "ingress").map((rule, i) => awsRule(`ingress[${i}]`, "inbound", rule, "protocol", awsBlocks(rule))),
        ...objs(props, "egress").map((rule, i) => awsRule(`egress[${i}]`, "outbound", rule, "protocol", awsBlocks(rule))),
      ];
    case "aws-security-group-rule":
      // The provider accepts "ingress" or "egress"; anything else is read as ingress, the stricter reading.
      return [awsRule("rule", str(props, "type") === "egress" ? "outbound" : "inbound", props, "protocol", awsBlocks(props))];
    case "aws-security-group-ingress-rule":
    case "aws-security-group-egress-rule": {
      const direction = kindOf(type) === "aws-security-group-ingress-rule" ? "inbound" : "outbound";
      return [awsRule("rule", direction, props, "ipProtocol", [...texts(props, "cidrIpv4"), ...texts(props, "cidrIpv6")])];
    }
    default:
      return undefined;
  }
}

/** The inbound rules of an AWS security group or rule resource; undefined for other types. */
export function awsInboundRules(type: string, props: Props): InboundRule[] | undefined {
  return awsSecurityRules(type, props)?.filter((rule) => rule.direction === "inbound");
}

function azureProtocol(text: string | undefined): Protocol {
  switch ((text ?? "*").trim().toLowerCase()) {
    case "tcp":
      return "tcp";
    case "udp":
      return "udp";
    case "icmp":
    case "esp":
    case "ah":
      return "portless";
    default:
      // "*", "Any", "All" and anything unreadable: every protocol.
      return "all";
  }
}

/** `*`, `22`, `1000-2000`; undefined when unreadable. */
export function parseAzurePortRange(text: string): PortRange | undefined {
  const trimmed = text.trim();
  if (trimmed === "*") return ALL_PORTS;
  const match = /^([0-9]{1,5})(?:\s*-\s*([0-9]{1,5}))?$/.exec(trimmed);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

/** An Azure sub-resource in either SDK shape: flat, or the ARM `{ name, properties: { ... } }`. */
function azurePart(item: Props): Props {
  return obj(item, "properties") ?? item;
}

function label(where: string, item: Props): string {
  const name = str(item, "name");
  return name ? `${where} ${JSON.stringify(name)}` : where;
}

function azureRule(where: string, rule: Props): Opening | undefined {
  // Only allow rules open anything; outbound allow rules widen nothing (see the module comment).
  // A direction or access that is not set or unreadable is read as inbound allow, the stricter reading.
  if ((str(rule, "direction") ?? "").trim().toLowerCase() === "outbound") return undefined;
  if ((str(rule, "access") ?? "").trim().toLowerCase() === "deny") return undefined;
  const protocolText = str(rule, "protocol");
  const protocol = azureProtocol(protocolText);
  const portTexts = texts(rule, "destinationPortRange", "destinationPortRanges");
  // An unreadable range is read as every port: the policy must not pass what it cannot read.
  const ports =
    protocol === "portless" ? [] : portTexts.length === 0 ? [ALL_PORTS] : portTexts.map((t) => parseAzurePortRange(t) ?? ALL_PORTS);
  return {
    where,
    direction: "inbound",
    protocolText: protocolText ?? "*",
    protocol,
    ports,
    sources: texts(rule, "sourceAddressPrefix", "sourceAddressPrefixes"),
    legs: BOTH_LEGS,
  };
}

/** The inbound allow rules of an Azure NSG or security rule resource; undefined for other types. */
export function azureInboundRules(type: string, props: Props): InboundRule[] | undefined {
  switch (kindOf(type)) {
    case "azure-network-security-group":
      return objs(props, "securityRules")
        .map((rule, i) => azureRule(label(`securityRules[${i}]`, rule), azurePart(rule)))
        .filter((r): r is Opening => r !== undefined);
    case "azure-security-rule": {
      const rule = azureRule("rule", props);
      return rule ? [rule] : [];
    }
    default:
      return undefined;
  }
}

/** Inbound rules of any security group / NSG resource; undefined when the type has none. */
export function inboundRules(type: string, props: Props): InboundRule[] | undefined {
  return awsInboundRules(type, props) ?? azureInboundRules(type, props);
}

/** One forwarded port (or range); a set value that is not a whole number is read as every port. */
function forward(where: string, protocolText: string, value: unknown, to?: unknown): Opening[] {
  if (isAbsent(value) && isAbsent(to)) return [];
  const from = asInteger(isAbsent(value) ? to : value);
  const end = asInteger(isAbsent(to) ? value : to);
  const range = from === undefined || end === undefined ? ALL_PORTS : { from: Math.min(from, end), to: Math.max(from, end) };
  const protocol: Protocol = protocolText.toLowerCase() === "udp" ? "udp" : "tcp";
  return [{ where, direction: "forward", protocolText, protocol, ports: [range], sources: [], legs: TO_CUSTOMER }];
}

/** Azure inbound NAT rules and pools: single ports, and the frontend range of the newer range form. */
function azureNat(where: string, item: Props): Opening[] {
  const nat = azurePart(item);
  const protocol = str(nat, "protocol") ?? "Tcp";
  return [
    ...forward(`${where}.frontendPort`, protocol, nat.frontendPort),
    ...forward(`${where}.backendPort`, protocol, nat.backendPort),
    ...forward(`${where} frontend port range`, protocol, nat.frontendPortRangeStart, nat.frontendPortRangeEnd),
  ];
}

/** The ports a load balancer (or one of its parts) carries to the customer's hosts; undefined for other types. */
export function forwardedPorts(type: string, props: Props): Opening[] | undefined {
  switch (kindOf(type)) {
    case "aws-listener":
    case "aws-target-group-attachment":
      return forward("port", str(props, "protocol") ?? "TCP", props.port);
    case "aws-target-group": {
      const health = obj(props, "healthCheck");
      const healthPort = health?.port;
      // "traffic-port" (the default) probes the target group's own port, judged already.
      const probe = isAbsent(healthPort) || healthPort === "traffic-port" ? [] : forward("healthCheck.port", "TCP", healthPort);
      return [...forward("port", str(props, "protocol") ?? "TCP", props.port), ...probe];
    }
    case "aws-classic-load-balancer":
      return objs(props, "listeners").flatMap((listener, i) => [
        ...forward(`listeners[${i}].lbPort`, str(listener, "lbProtocol") ?? "TCP", listener.lbPort),
        ...forward(`listeners[${i}].instancePort`, str(listener, "instanceProtocol") ?? "TCP", listener.instancePort),
      ]);
    case "azure-load-balancer":
      return [
        ...objs(props, "loadBalancingRules").flatMap((item, i) => {
          const rule = azurePart(item);
          const where = label(`loadBalancingRules[${i}]`, item);
          const protocol = str(rule, "protocol") ?? "All";
          // HA-ports rules (protocol All, port 0) carry every port of every protocol.
          if (protocol.toLowerCase() === "all" && asInteger(rule.frontendPort) === 0)
            return [
              {
                where,
                direction: "forward" as const,
                protocolText: protocol,
                protocol: "all" as const,
                ports: [ALL_PORTS],
                sources: [],
                legs: TO_CUSTOMER,
              },
            ];
          return [
            ...forward(`${where}.frontendPort`, protocol, rule.frontendPort),
            ...forward(`${where}.backendPort`, protocol, rule.backendPort),
          ];
        }),
        ...objs(props, "inboundNatRules").flatMap((item, i) => azureNat(label(`inboundNatRules[${i}]`, item), item)),
        ...objs(props, "inboundNatPools").flatMap((item, i) => azureNat(label(`inboundNatPools[${i}]`, item), item)),
        ...objs(props, "probes").flatMap((item, i) => forward(`${label(`probes[${i}]`, item)}.port`, "Tcp", azurePart(item).port)),
      ];
    case "azure-inbound-nat-rule":
      return azureNat("rule", props);
    default:
      return undefined;
  }
}

/** Every opening of a resource: security rules (AWS both directions, Azure inbound) and forwards; undefined when the type has none. */
export function portOpenings(type: string, props: Props): Opening[] | undefined {
  return awsSecurityRules(type, props) ?? azureInboundRules(type, props) ?? forwardedPorts(type, props);
}

export function covers(range: PortRange, port: number): boolean {
  return range.from <= port && port <= range.to;
}

/** Ports of the range that are not in `allowed` (at most `limit` of them, for the message). */
export function portsOutside(range: PortRange, allowed: ReadonlySet<number>, limit = 5): { count: number; sample: number[] } {
  const inside = [...allowed].filter((p) => covers(range, p)).length;
  const count = range.to - range.from + 1 - inside;
  const sample: number[] = [];
  for (let p = range.from; p <= range.to && sample.length < limit; p++) if (!allowed.has(p)) sample.push(p);
  return { count, sample };
}

export function showRange(range: PortRange): string {
  if (range.from === ALL_PORTS.from && range.to === ALL_PORTS.to) return "all ports";
  return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}

/** An IPv4 CIDR block or a single address (Azure accepts `10.0.0.5`), parsed; undefined otherwise. */
export function parseSourceBlock(text: string): Cidr | undefined {
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  // A block with host bits set still admits its whole network: judge the network it opens.
  const hostBits = /^([^/]+)\/([0-9]{1,2})$/.exec(text);
  if (hostBits) {
    const address = parseIpv4(hostBits[1] as string);
    const prefix = Number(hostBits[2]);
    if (address !== undefined && prefix <= 32) {
      const size = 2 ** (32 - prefix);
      const start = Math.floor(address / size) * size;
      return { start, end: start + size - 1, prefix, text };
    }
  }
  const address = parseIpv4(text);
  return address === undefined ? undefined : { start: address, end: address, prefix: 32, text };
}

/** Text shaped like an IPv6 address or block (hex digits and colons), not any text with a colon. */
export function isIpv6(text: string): boolean {
  return text.includes(":") && /^[0-9a-f:.]+(\/[0-9]{1,3})?$/i.test(text);
}
