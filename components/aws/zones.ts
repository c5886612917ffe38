/**
 * Availability-zone placement for both AWS legs, as pure functions over what the plan-time lookups
 * returned, so the rules are tested without mocks.
 *
 * AWS puts an interface endpoint only in zones the endpoint service is offered in, and both an
 * endpoint and a load balancer take at most one subnet per zone. Applying both rules here turns what
 * would be an API error halfway through an update into a plan that names what it left out.
 */

/** A configured subnet and the zone AWS put it in (looked up with `ec2.getSubnet`). */
export interface SubnetZone {
  readonly id: string;
  /** Zone name as this account sees it (`us-east-1a`); names map to different zones in each account. */
  readonly zone: string;
  /** Zone id (`use1-az1`): the same physical zone in every account. */
  readonly zoneId: string;
}

/** A configured subnet a leg does not use, and why (for a warning). */
export interface SkippedSubnet {
  readonly subnet: SubnetZone;
  readonly reason: string;
}

export type EndpointPlacement =
  | { readonly ok: true; readonly subnetIds: readonly string[]; readonly skipped: readonly SkippedSubnet[] }
  | { readonly ok: false; readonly message: string };

export interface LoadBalancerPlacement {
  readonly subnetIds: readonly string[];
  /** Zone ids, in the order of `subnetIds`: Adobe needs ids (not names) to connect from matching zones. */
  readonly zoneIds: readonly string[];
  readonly skipped: readonly SkippedSubnet[];
}

function describe(subnet: SubnetZone): string {
  return `${subnet.id} (${subnet.zone}, ${subnet.zoneId})`;
}

/** The first subnet of each zone, in config order; later subnets of a zone are skipped. */
export function onePerZone(subnets: readonly SubnetZone[], what: string): { kept: SubnetZone[]; skipped: SkippedSubnet[] } {
  const first = new Map<string, SubnetZone>();
  const skipped: SkippedSubnet[] = [];
  for (const subnet of subnets) {
    const earlier = first.get(subnet.zoneId);
    if (earlier) skipped.push({ subnet, reason: `${what} takes one subnet per zone and ${earlier.id} is listed first for ${subnet.zone}` });
    else first.set(subnet.zoneId, subnet);
  }
  return { kept: [...first.values()], skipped };
}

/**
 * The subnets the endpoint to Adobe goes into: the first configured subnet of each zone Adobe's
 * endpoint service is offered in, in config order. No usable subnet at all is an error.
 *
 * Zone names are compared, not ids: `getVpcEndpointService` reports the service's zones by name as the
 * calling account sees them, which is the same mapping `getSubnet` uses for the account's subnets.
 */
export function placeEndpoint(subnets: readonly SubnetZone[], serviceZones: readonly string[], serviceName: string): EndpointPlacement {
  const offered = new Set(serviceZones);
  const outside: SkippedSubnet[] = subnets
    .filter((subnet) => !offered.has(subnet.zone))
    .map((subnet) => ({ subnet, reason: `Adobe's endpoint service is not offered in ${subnet.zone}` }));
  const usable = subnets.filter((subnet) => offered.has(subnet.zone));
  if (usable.length === 0) {
    const zones = serviceZones.length > 0 ? [...serviceZones].sort().join(", ") : "none";
    return {
      ok: false,
      message:
        `network.subnetIds: none of the subnets is in an availability zone that Adobe's endpoint service ${serviceName} is offered in ` +
        `(subnets: ${subnets.map(describe).join(", ")}; service zones: ${zones}). ` +
        "Add a subnet of the VPC in one of the service's zones to network.subnetIds, or ask Adobe on the ticket to offer the service in your zones.",
    };
  }
  const { kept, skipped } = onePerZone(usable, "an interface endpoint");
  return { ok: true, subnetIds: kept.map((subnet) => subnet.id), skipped: [...outside, ...skipped] };
}

/** The load balancer's subnets (the first configured subnet of each zone) and their zone ids. */
export function placeLoadBalancer(subnets: readonly SubnetZone[]): LoadBalancerPlacement {
  const { kept, skipped } = onePerZone(subnets, "a network load balancer");
  return { subnetIds: kept.map((subnet) => subnet.id), zoneIds: kept.map((subnet) => subnet.zoneId), skipped };
}
