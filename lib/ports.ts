/**
 * Security group rules for the endpoint to Adobe: TCP on exactly the configured ports from exactly the
 * configured CIDR blocks. One rule per port and block, keyed by the port's name and the block, always:
 * rules are never merged into ranges, because a merge past the quota would re-key rules of ports that
 * did not change (create-before-delete then overshoots the quota halfway through an update). What does
 * not fit the quota is refused by the config validation instead.
 */
import type { AdobePort } from "../config/settings";

export interface IngressRule {
  /**
   * Stable key: the port's name and the block (`mysql-10-20-0-0-16`). The block part always has five
   * parts, so two different (name, block) pairs never share a key.
   */
  readonly key: string;
  /** The key under the port's former name, when it was renamed (an alias keeps the rule's identity). */
  readonly formerKey: string | undefined;
  readonly port: number;
  readonly cidr: string;
  /** The port's name, for the rule's description. */
  readonly name: string;
}

export type IngressPlan = { readonly ok: true; readonly rules: readonly IngressRule[] } | { readonly ok: false; readonly needed: number };

export function cidrKey(cidr: string): string {
  return cidr.replace(/[./]/g, "-");
}

/** One rule per port and block, or the number needed when that is over the quota. */
export function planIngressRules(ports: readonly AdobePort[], cidrs: readonly string[], quota: number): IngressPlan {
  const needed = ports.length * cidrs.length;
  if (needed > quota) return { ok: false, needed };
  const rules = ports.flatMap((port) =>
    cidrs.map((cidr) => ({
      key: `${port.name}-${cidrKey(cidr)}`,
      formerKey: port.formerName === undefined ? undefined : `${port.formerName}-${cidrKey(cidr)}`,
      port: port.port,
      cidr,
      name: port.name,
    })),
  );
  return { ok: true, rules };
}
