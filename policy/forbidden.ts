/**
 * Forbidden ports, read from rules/adobe.ts (FORBIDDEN_PORTS) at every check, never copied: a port
 * added there, for a cloud and a leg, is refused by the pack at once. The two port policies split the
 * list: `no-ssh-over-privatelink` takes the ports forbidden on every leg, `no-https-into-adobe-on-azure`
 * the ports forbidden on some legs only.
 */
import { FORBIDDEN_PORTS, LEGS, type Cloud, type ForbiddenPort, type Leg } from "../rules/adobe";
import type { PolicyConfig } from "./config";
import { explain, notApplicable, type Subject, verdict, type Verdict } from "./rule";
import { cloudOfType } from "./tokens";
import { covers, type Opening, portOpenings, showRange } from "./traffic";

/**
 * The sentence of Adobe's guide behind a rule, quoted in findings, and the port's usual name. Which
 * ports are forbidden, where, comes from FORBIDDEN_PORTS only; a port without a quote here is reported
 * with the rule's reason alone.
 */
const GUIDE: Readonly<Record<number, { readonly service: string; readonly quote: string }>> = {
  22: { service: "SSH", quote: "You cannot establish SSH connections using PrivateLink" },
  443: {
    service: "HTTPS",
    quote:
      "You cannot use the HTTPS protocol (port 443) to connect to Adobe Commerce on cloud infrastructure over Azure Private Link due to Fastly origin cloaking",
  },
};

export function onEveryLeg(rule: ForbiddenPort): boolean {
  return LEGS.every((leg) => rule.legs.includes(leg));
}

/** The rules of a cloud the policy takes: every-leg rules or some-leg rules. */
export function rulesFor(cloud: Cloud, everyLeg: boolean): ForbiddenPort[] {
  return FORBIDDEN_PORTS.filter((rule) => rule.clouds.includes(cloud) && onEveryLeg(rule) === everyLeg);
}

/** "SSH port 22" / "port 3389". */
export function portName(port: number): string {
  const service = GUIDE[port]?.service;
  return service ? `${service} port ${port}` : `port ${port}`;
}

function why(rule: ForbiddenPort): string {
  const quote = GUIDE[rule.port]?.quote;
  return quote ? `Adobe's guide: "${quote}" (${rule.reason})` : `Adobe's rule: ${rule.reason}`;
}

const otherLeg = (leg: Leg): Leg => (leg === "customer-to-adobe" ? "adobe-to-customer" : "customer-to-adobe");

/**
 * A rule limited to some legs is excused on an opening that may serve another leg when the port is
 * configured for that other leg: an NSG rule opening 443 serves the Adobe -> customer leg when 443 is
 * a customer service port (`servicePorts`), where Adobe's guide allows it.
 */
function excused(rule: ForbiddenPort, config: PolicyConfig): Leg | undefined {
  for (const leg of LEGS) {
    if (rule.legs.includes(leg)) continue;
    const configured = leg === "adobe-to-customer" ? config.servicePorts : config.ports;
    if (configured?.includes(rule.port)) return leg;
  }
  return undefined;
}

function verb(opening: Opening): string {
  switch (opening.direction) {
    case "inbound":
      return "opens";
    case "outbound":
      return "allows outbound traffic to";
    case "forward":
      return "forwards";
  }
}

/** The findings of the forbidden ports (every-leg or some-leg ones) on a resource's openings. */
export function checkForbiddenPorts(subject: Subject, config: PolicyConfig, everyLeg: boolean): Verdict {
  const openings = portOpenings(subject.type, subject.props);
  if (openings === undefined) return notApplicable("carries no ports");
  const cloud = cloudOfType(subject.type);
  if (cloud === undefined) return notApplicable("not an AWS or Azure resource");
  const rules = rulesFor(cloud, everyLeg);
  if (rules.length === 0) return notApplicable(`no port is forbidden on ${everyLeg ? "every leg" : "some legs only"} on ${cloud}`);
  const ambiguous = openings.every((o) => o.legs.length > 1);
  if (ambiguous && rules.every((rule) => excused(rule, config) !== undefined))
    return notApplicable(
      rules.map((rule) => `${rule.port} is configured for the ${excused(rule, config)} leg, where Adobe allows it`).join("; "),
    );
  const problems: string[] = [];
  for (const opening of openings) {
    if (opening.protocol === "portless") continue;
    for (const rule of rules) {
      if (!opening.legs.some((leg) => rule.legs.includes(leg))) continue;
      if (opening.legs.length > 1 && !onEveryLeg(rule) && excused(rule, config) !== undefined) continue;
      const range = opening.ports.find((r) => covers(r, rule.port));
      if (range === undefined) continue;
      const advice = onEveryLeg(rule)
        ? rule.fix
        : `${rule.fix}; if ${rule.port} is a port of the ${otherLeg(rule.legs[0] as Leg)} leg, add it to policy config ${rule.legs.includes("customer-to-adobe") ? "servicePorts" : "ports"}`;
      problems.push(
        explain(`${opening.where} ${verb(opening)} ${showRange(range)}, which includes ${portName(rule.port)}`, why(rule), advice),
      );
    }
  }
  return verdict(problems);
}

/** A policy description naming the ports of the list today. */
export function describePorts(everyLeg: boolean): string {
  const ports = FORBIDDEN_PORTS.filter((rule) => onEveryLeg(rule) === everyLeg).map(
    (rule) => `${portName(rule.port)}${everyLeg ? "" : ` (${rule.clouds.join(", ")}, ${rule.legs.join(", ")})`}`,
  );
  return ports.join(", ");
}
