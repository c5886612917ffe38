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
 */
import type { AdobePort } from "../../config/settings";
import { AZURE_QUOTAS } from "../../rules/adobe";

export const FIRST_ALLOW_PRIORITY = 100;
/** The last priority Azure accepts for a rule, kept for the final deny. */
export const DENY_PRIORITY = 4096;
const SLOTS = DENY_PRIORITY - FIRST_ALLOW_PRIORITY;

export interface AllowRule {
  /** The port's stable name: the rule resource is named after it. */
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  /** Client CIDR blocks, sorted so that reordering them in config changes nothing. */
  readonly sources: readonly string[];
}

export type SecurityRulePlan =
  | { readonly ok: true; readonly allow: readonly AllowRule[]; readonly denyPriority: number }
  | { readonly ok: false; readonly problem: string };

/** The most allow rules one group can hold next to the final deny. */
export const MAX_ALLOW_RULES = AZURE_QUOTAS.rulesPerNetworkSecurityGroup - 1;

export function planSecurityRules(ports: readonly AdobePort[], clientCidrs: readonly string[]): SecurityRulePlan {
  if (ports.length > MAX_ALLOW_RULES) {
    return {
      ok: false,
      problem: `${ports.length} ports need ${ports.length + 1} security rules, over Azure's ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup} rules per network security group`,
    };
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
