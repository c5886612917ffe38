/**
 * Azure resource ids, parsed and built. The load balancer's rules must name its own frontend, pools and
 * probes by full resource id before the load balancer exists, so those ids are built here from names
 * the program chooses.
 */

const SUBNET_ID =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i;
const RESOURCE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/** The virtual network a subnet belongs to (the deploying identity reads it at plan time, tools/permissions.ts). */
export function virtualNetworkIdOf(subnetId: string): string {
  const match = SUBNET_ID.exec(subnetId);
  if (!match?.[1]) throw new Error(`${subnetId} is not a subnet resource id (.../virtualNetworks/<vnet>/subnets/<subnet>)`);
  return match[1];
}

export interface ResourceRef {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
}

/** Subscription, resource group and name of a top-level resource id; undefined when it is not one. */
export function parseResourceId(id: string): ResourceRef | undefined {
  const match = RESOURCE_ID.exec(id);
  if (!match?.[1] || !match[2] || !match[5]) return undefined;
  return { subscriptionId: match[1], resourceGroupName: match[2], name: match[5] };
}

export function loadBalancerId(subscriptionId: string, resourceGroupName: string, loadBalancerName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/loadBalancers/${loadBalancerName}`;
}

export type LoadBalancerPart = "frontendIPConfigurations" | "backendAddressPools" | "probes";

/** The id of a frontend, pool or probe inside a load balancer. */
export function loadBalancerPartId(lbId: string, part: LoadBalancerPart, name: string): string {
  return `${lbId}/${part}/${name}`;
}
