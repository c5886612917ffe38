/**
 * The network security rules that give the private endpoint to Adobe the same least privilege as the
 * AWS endpoint's security group: TCP on exactly Adobe's ports from exactly the customer's client CIDR
 * blocks, everything else to the endpoint denied.
 *
 * Priorities: Azure needs a distinct priority per inbound rule (100..4096; lower wins). The allow rules
 * do not overlap, so their order does not matter, only that each keeps its priority when other ports
 * are added, removed or reordered. A port's priority is therefore a function of its port number
 * (100 + (port - 1) mod 3996). Only when two ports fall on the same slot (ports 3996 apart) does the
 * higher port move to the next free slot. The final deny takes 4096, below every allow rule.
 *
 * The rules live inline in the network security group (`securityRules`), not as standalone
 * `SecurityRule` resources: the component owns the group, so nothing else adds rules to it, and one
 * resource holds the whole list (each standalone rule carries ~60 type aliases the Pulumi SDK works
 * through per resource, about 25 ms and 2.7 MB of plan per port). Each entry is keyed by its name,
 * which is derived from the port's name, and its content depends only on that port and the client
 * blocks: adding, removing or reordering a port changes the list by exactly that port's entry.
 */
import type { AdobePort } from "../../config/settings";
import { azurePortBreach, describeBreach } from "../../rules/quotas";

export const FIRST_ALLOW_PRIORITY = 100;
/** The last priority Azure accepts for a rule, kept for the final deny. */
export const DENY_PRIORITY = 4096;
const SLOTS = DENY_PRIORITY - FIRST_ALLOW_PRIORITY;

export interface AllowRule {
  /** The port's stable name: the rule is named after it (`allowRuleName`). */
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  /** Client CIDR blocks, sorted so that reordering them in config changes nothing. */
  readonly sources: readonly string[];
}

export type SecurityRulePlan =
  | { readonly ok: true; readonly allow: readonly AllowRule[]; readonly denyPriority: number }
  | { readonly ok: false; readonly problem: string };

export function planSecurityRules(ports: readonly AdobePort[], clientCidrs: readonly string[]): SecurityRulePlan {
  const breach = azurePortBreach(ports.length);
  if (breach) return { ok: false, problem: describeBreach(breach) };
  const names = new Set<string>();
  for (const port of ports) {
    if (names.has(port.name))
      return { ok: false, problem: `two ports are named ${port.name}: each port's security rule is named after its port` };
    names.add(port.name);
  }
  const sources = [...clientCidrs].sort();
  const taken = new Set<number>();
  const allow: AllowRule[] = [];
  // Ascending port order makes the collision rule independent of the order ports are listed in.
  for (const port of [...ports].sort((a, b) => a.port - b.port)) {
    let slot = (port.port - 1) % SLOTS;
    while (taken.has(slot)) slot = (slot + 1) % SLOTS;
    taken.add(slot);
    allow.push({ name: port.name, port: port.port, priority: FIRST_ALLOW_PRIORITY + slot, sources });
  }
  return { ok: true, allow, denyPriority: DENY_PRIORITY };
}

/** The name of a port's allow rule in the group: the port's key in the rule list. */
export function allowRuleName(portName: string): string {
  return `allow-${portName}`;
}

export const DENY_RULE_NAME = "deny-other";

/**
 * One entry of the group's inline `securityRules`, in the shape of azure-native's
 * `inputs.network.SecurityRuleArgs`; `Destination` is the application security group reference.
 */
export interface InlineSecurityRule<Destination> {
  readonly name: string;
  readonly description: string;
  readonly direction: "Inbound";
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "*";
  readonly priority: number;
  readonly sourceAddressPrefix?: "*";
  readonly sourceAddressPrefixes?: string[];
  readonly sourcePortRange: "*";
  readonly destinationApplicationSecurityGroups: Destination[];
  readonly destinationPortRange: string;
}

/**
 * The group's whole rule list: one allow rule per port, then the final deny, in priority order (the
 * order Azure evaluates them in). Every rule targets only `destination`, the endpoint's application
 * security group.
 */
export function inlineSecurityRules<Destination>(
  plan: Extract<SecurityRulePlan, { ok: true }>,
  destination: Destination,
): InlineSecurityRule<Destination>[] {
  const allow = [...plan.allow]
    .sort((a, b) => a.priority - b.priority)
    .map((rule): InlineSecurityRule<Destination> => ({
      name: allowRuleName(rule.name),
      description: `Adobe Commerce ${rule.name} (TCP ${rule.port}) from the client networks only`,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      priority: rule.priority,
      sourceAddressPrefixes: [...rule.sources],
      sourcePortRange: "*",
      destinationApplicationSecurityGroups: [destination],
      destinationPortRange: String(rule.port),
    }));
  const deny: InlineSecurityRule<Destination> = {
    name: DENY_RULE_NAME,
    description: "Everything else to the endpoint to Adobe Commerce is denied",
    direction: "Inbound",
    access: "Deny",
    protocol: "*",
    priority: plan.denyPriority,
    sourceAddressPrefix: "*",
    sourcePortRange: "*",
    destinationApplicationSecurityGroups: [destination],
    destinationPortRange: "*",
  };
  return [...allow, deny];
}
