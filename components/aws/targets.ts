/**
 * Pure rules of the Adobe -> customer leg's targets and zones, tested without mocks.
 */
import { parseCidr, parseIpv4 } from "../../lib/ipv4";
import type { LoadBalancerPlacement, SubnetZone } from "./zones";

/** True when the IPv4 address lies inside one of the CIDR blocks. */
export function insideAny(address: string, cidrs: readonly string[]): boolean {
  const value = parseIpv4(address);
  if (value === undefined) return false;
  return cidrs.some((text) => {
    const parsed = parseCidr(text);
    return parsed.ok && value >= parsed.cidr.start && value <= parsed.cidr.end;
  });
}

/**
 * The `availabilityZone` of an IP target: AWS registers an IP target outside the VPC's CIDR blocks
 * (on premises over Direct Connect or VPN, a peered VPC) only with `all` ("RegisterTargets":
 * "If the IP address is outside the VPC, this parameter is required ... specify all"); inside the
 * VPC AWS finds the zone itself, so nothing is set.
 */
export function targetZone(target: string, vpcCidrs: readonly string[]): "all" | undefined {
  return insideAny(target, vpcCidrs) ? undefined : "all";
}

/** The zones of Adobe's service (by name, in this account) that the load balancer has no subnet in, sorted. */
export function uncoveredZones(placement: LoadBalancerPlacement, subnets: readonly SubnetZone[], adobeZones: readonly string[]): string[] {
  const used = new Set(subnets.filter((subnet) => placement.subnetIds.includes(subnet.id)).map((subnet) => subnet.zone));
  return [...new Set(adobeZones)].filter((zone) => !used.has(zone)).sort();
}
