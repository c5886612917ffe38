/**
 * Inbound traffic rules of AWS security groups and Azure network security groups, normalised: the
 * three AWS shapes (inline `ingress`, `SecurityGroupRule` of type ingress, `SecurityGroupIngressRule`)
 * and the two Azure shapes (inline `securityRules`, standalone `SecurityRule`) become one list of
 * rules with a protocol, a port range and source blocks, so each policy is written once.
 */
import { type Cidr, parseCidr, parseIpv4 } from "../lib/ipv4";
import { type Props, num, obj, objs, str, strs } from "./props";
import { kindOf } from "./tokens";

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** tcp/udp carry ports; `all` is every protocol and port; `portless` is ICMP, ESP, GRE, ... */
export type Protocol = "tcp" | "udp" | "all" | "portless";

export interface InboundRule {
  /** Where the rule is, for messages: `ingress[0]`, `securityRules[2] "allow-mysql"`, or `rule`. */
  readonly where: string;
  /** The protocol as written. */
  readonly protocolText: string;
  readonly protocol: Protocol;
  /** Destination port ranges; empty for portless protocols. */
  readonly ports: readonly PortRange[];
  /** Source address blocks as written (IPv4, IPv6, Azure tags). */
  readonly sources: readonly string[];
}

function awsProtocol(text: string | undefined): Protocol {
  switch ((text ?? "").toLowerCase()) {
    case "tcp":
    case "6":
      return "tcp";
    case "udp":
    case "17":
      return "udp";
    case "-1":
    case "all":
      return "all";
    default:
      return "portless";
  }
}

function awsRange(protocol: Protocol, fromPort: number | undefined, toPort: number | undefined): PortRange[] {
  if (protocol === "portless") return [];
  // -1 or unset ports on a tcp/udp rule mean every port; read them so rather than assume a narrow rule.
  if (protocol === "all" || fromPort === undefined || toPort === undefined || fromPort < 0 || toPort < 0) return [ALL_PORTS];
  return [{ from: fromPort, to: toPort }];
}

function awsRule(
  where: string,
  protocolText: string | undefined,
  from: number | undefined,
  to: number | undefined,
  sources: string[],
): InboundRule {
  const protocol = awsProtocol(protocolText);
  return { where, protocolText: protocolText ?? "not set", protocol, ports: awsRange(protocol, from, to), sources };
}

/** The inbound rules of an AWS security group resource or rule resource; undefined for other types. */
export function awsInboundRules(type: string, props: Props): InboundRule[] | undefined {
  switch (kindOf(type)) {
    case "aws-security-group":
      return objs(props, "ingress").map((rule, i) =>
        awsRule(`ingress[${i}]`, str(rule, "protocol"), num(rule, "fromPort"), num(rule, "toPort"), [
          ...(strs(rule, "cidrBlocks") ?? []),
          ...(strs(rule, "ipv6CidrBlocks") ?? []),
        ]),
      );
    case "aws-security-group-rule":
      // Egress rules are out of scope: Adobe's rules are about who may reach the endpoint.
      if (str(props, "type") !== "ingress") return [];
      return [
        awsRule("rule", str(props, "protocol"), num(props, "fromPort"), num(props, "toPort"), [
          ...(strs(props, "cidrBlocks") ?? []),
          ...(strs(props, "ipv6CidrBlocks") ?? []),
        ]),
      ];
    case "aws-security-group-ingress-rule":
      return [
        awsRule(
          "rule",
          str(props, "ipProtocol"),
          num(props, "fromPort"),
          num(props, "toPort"),
          [str(props, "cidrIpv4"), str(props, "cidrIpv6")].filter((s): s is string => s !== undefined),
        ),
      ];
    default:
      return undefined;
  }
}

function azureProtocol(text: string | undefined): Protocol {
  switch ((text ?? "*").toLowerCase()) {
    case "tcp":
      return "tcp";
    case "udp":
      return "udp";
    case "*":
    case "any":
      return "all";
    default:
      return "portless";
  }
}

/** `*`, `22`, `1000-2000`; undefined when unreadable. */
export function parseAzurePortRange(text: string): PortRange | undefined {
  const trimmed = text.trim();
  if (trimmed === "*") return ALL_PORTS;
  const match = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(trimmed);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

function azureRule(where: string, rule: Props): InboundRule | undefined {
  // Only inbound allow rules open anything; deny rules and outbound rules only narrow or leave.
  if ((str(rule, "direction") ?? "").toLowerCase() !== "inbound") return undefined;
  if ((str(rule, "access") ?? "").toLowerCase() !== "allow") return undefined;
  const protocolText = str(rule, "protocol");
  const protocol = azureProtocol(protocolText);
  const portTexts = [str(rule, "destinationPortRange"), ...(strs(rule, "destinationPortRanges") ?? [])].filter(
    (s): s is string => s !== undefined,
  );
  // An unreadable range is read as every port: the policy must not pass what it cannot read.
  const ports =
    protocol === "portless" ? [] : portTexts.length === 0 ? [ALL_PORTS] : portTexts.map((t) => parseAzurePortRange(t) ?? ALL_PORTS);
  const sources = [str(rule, "sourceAddressPrefix"), ...(strs(rule, "sourceAddressPrefixes") ?? [])].filter(
    (s): s is string => s !== undefined,
  );
  const name = str(rule, "name");
  return { where: name ? `${where} ${JSON.stringify(name)}` : where, protocolText: protocolText ?? "*", protocol, ports, sources };
}

/** The inbound allow rules of an Azure NSG or security rule resource; undefined for other types. */
export function azureInboundRules(type: string, props: Props): InboundRule[] | undefined {
  switch (kindOf(type)) {
    case "azure-network-security-group":
      return objs(props, "securityRules")
        .map((rule, i) => azureRule(`securityRules[${i}]`, obj(rule, "properties") ?? rule))
        .filter((r): r is InboundRule => r !== undefined);
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

export function isIpv6(text: string): boolean {
  return text.includes(":");
}
