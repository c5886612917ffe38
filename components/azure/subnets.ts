/**
 * The customer's subnets, read at plan time (a lookup through the stack's explicit provider, so
 * `pulumi preview` already fails on them): what Azure would refuse is refused here first, with the
 * exact command that fixes it; what Azure accepts but leaves insecure is read back for the handshake.
 *
 * - Region: a private endpoint, a load balancer frontend and a Private Link Service NAT address are
 *   in their virtual network's region, which must be the Adobe Commerce cluster's.
 * - Service subnet: the Private Link Service's NAT address needs
 *   `privateLinkServiceNetworkPolicies: Disabled` (Azure's default is Enabled, and Azure refuses the
 *   service then).
 * - Endpoint subnet: its network security group and private endpoint network policies, which decide
 *   whether any NSG rule applies to the endpoint at all (the handshake says what to do).
 */
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";

export interface SubnetRef {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly virtualNetworkName: string;
  readonly subnetName: string;
}

const SUBNET_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

export function parseSubnetId(id: string): SubnetRef | undefined {
  const match = SUBNET_ID.exec(id);
  if (!match?.[1] || !match[2] || !match[3] || !match[4]) return undefined;
  return { subscriptionId: match[1], resourceGroupName: match[2], virtualNetworkName: match[3], subnetName: match[4] };
}

/** What the lookup read of one subnet. */
export interface SubnetState {
  /** Region of the subnet's virtual network. */
  readonly location: string | undefined;
  readonly networkSecurityGroupId: string | undefined;
  readonly privateEndpointNetworkPolicies: string | undefined;
  readonly privateLinkServiceNetworkPolicies: string | undefined;
}

export type SubnetRole = "endpoint" | "service";

const KEY: Record<SubnetRole, string> = { endpoint: "network.endpointSubnetId", service: "network.serviceSubnetId" };

/** Azure's region names compare without case and spaces ("East US" is eastus). */
function sameRegion(a: string, b: string): boolean {
  return a.replace(/\s+/g, "").toLowerCase() === b.replace(/\s+/g, "").toLowerCase();
}

/** What Azure would refuse about a subnet, each with its fix. Pure. */
export function subnetProblems(role: SubnetRole, subnetId: string, state: SubnetState, region: string): string[] {
  const problems: string[] = [];
  if (state.location !== undefined && !sameRegion(state.location, region)) {
    problems.push(
      `${KEY[role]} ${subnetId} is in region ${state.location}, but region is ${region}: Azure keeps a private endpoint, a load balancer and a Private Link Service in their virtual network's region, which must be the Adobe Commerce cluster's. Fix: use a subnet of a virtual network in ${region}.`,
    );
  }
  if (role === "service" && state.privateLinkServiceNetworkPolicies?.toLowerCase() !== "disabled") {
    problems.push(
      `${KEY[role]} ${subnetId} has privateLinkServiceNetworkPolicies ${state.privateLinkServiceNetworkPolicies ?? "unset (Enabled)"}: Azure refuses a Private Link Service NAT address there. Fix: az network vnet subnet update --ids ${subnetId} --private-link-service-network-policies Disabled`,
    );
  }
  return problems;
}

/**
 * Reads a subnet and its virtual network through `parent`'s provider. The result fails with every
 * problem of `subnetProblems` (so whatever depends on it is never sent to Azure), otherwise it is the
 * subnet's state.
 */
export function checkedSubnet(role: SubnetRole, subnetId: string, region: string, parent: pulumi.Resource): pulumi.Output<SubnetState> {
  const ref = parseSubnetId(subnetId);
  if (!ref) throw new pulumi.ResourceError(`${subnetId} is not a subnet resource id`, parent, true);
  const args = { resourceGroupName: ref.resourceGroupName, virtualNetworkName: ref.virtualNetworkName };
  const vnet = network.getVirtualNetworkOutput(args, { parent });
  const subnet = network.getSubnetOutput({ ...args, subnetName: ref.subnetName }, { parent });
  return pulumi.all([vnet, subnet]).apply(([v, s]) => {
    const state: SubnetState = {
      location: v.location,
      networkSecurityGroupId: s.networkSecurityGroup?.id,
      privateEndpointNetworkPolicies: s.privateEndpointNetworkPolicies,
      privateLinkServiceNetworkPolicies: s.privateLinkServiceNetworkPolicies,
    };
    const problems = subnetProblems(role, subnetId, state, region);
    if (problems.length > 0) throw new pulumi.ResourceError(problems.join("\n"), parent, true);
    return state;
  });
}
