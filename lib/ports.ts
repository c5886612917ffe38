/**
 * Security group rules for the endpoint to Adobe: TCP on exactly the configured ports from exactly the
 * configured CIDR blocks. One rule per port and block, keyed by the port's name, so that adding or
 * removing a port touches no other rule. Only when that would exceed the rule quota are consecutive
 * ports merged into one range rule (exact: the range holds no other port).
 */
import type { AdobePort } from "../config/settings";

export interface IngressRule {
  /** Stable key: the port names the rule covers and the CIDR block. */
  readonly key: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: string;
  /** The port names the rule covers, for the rule's description. */
  readonly names: readonly string[];
}

export type IngressPlan = { readonly ok: true; readonly rules: readonly IngressRule[] } | { readonly ok: false; readonly needed: number };

/** Consecutive ports grouped into runs, in port order. */
export function portRuns(ports: readonly AdobePort[]): AdobePort[][] {
  const runs: AdobePort[][] = [];
  for (const port of [...ports].sort((a, b) => a.port - b.port)) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && last.port + 1 === port.port) run.push(port);
    else runs.push([port]);
  }
  return runs;
}

function cidrKey(cidr: string): string {
  return cidr.replace(/[./]/g, "-");
}

export function planIngressRules(ports: readonly AdobePort[], cidrs: readonly string[], quota: number): IngressPlan {
  const groups = ports.length * cidrs.length <= quota ? ports.map((port) => [port]) : portRuns(ports);
  const needed = groups.length * cidrs.length;
  if (needed > quota) return { ok: false, needed };
  const rules = groups.flatMap((group) => {
    const names = group.map((port) => port.name);
    const fromPort = Math.min(...group.map((port) => port.port));
    const toPort = Math.max(...group.map((port) => port.port));
    return cidrs.map((cidr) => ({ key: `${names.join("-")}-${cidrKey(cidr)}`, fromPort, toPort, cidr, names }));
  });
  return { ok: true, rules };
}
