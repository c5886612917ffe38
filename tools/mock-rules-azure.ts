/**
 * What Azure and azure-native refuse, for the mocks: a program that would fail at `pulumi up` fails
 * under the mocks too, so its own tests catch it. Pure functions of the resource type, its inputs and
 * the resources registered before it; plus the answers to the Azure subnet lookups, which tools/mocks.ts
 * gives for the program's invokes.
 */
import { LIMITS } from "../rules/quotas";

/** A resource the mocks recorded earlier in the same run. */
export interface RegisteredResource {
  readonly type: string;
  readonly inputs: Record<string, unknown>;
  readonly id: string | undefined;
}

const LB = "azure-native:network:LoadBalancer";
const PLS = "azure-native:network:PrivateLinkService";
const APPROVAL = "azure-native:network:PrivateLinkServicePrivateEndpointConnection";

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];
}

function idOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string"
    ? (value as { id: string }).id
    : undefined;
}

/**
 * Azure: "A load balancer with an IP-based backend pool can't function as a Private Link service"
 * (Load Balancer docs, backend pool management; ARM error PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer).
 */
function ipBasedLoadBalancer(inputs: Record<string, unknown>, registered: readonly RegisteredResource[]): string | undefined {
  const frontends = records(inputs.loadBalancerFrontendIpConfigurations).flatMap((f) => idOf(f) ?? []);
  for (const frontend of frontends) {
    const lb = registered.find((r) => r.type === LB && r.id !== undefined && frontend.toLowerCase().startsWith(`${r.id.toLowerCase()}/`));
    const ipBased = records(lb?.inputs.backendAddressPools).some((pool) =>
      records(pool.loadBalancerBackendAddresses).some((address) => address.ipAddress !== undefined),
    );
    if (ipBased) {
      return `PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer: the Private Link Service's load balancer ${lb?.id ?? ""} has an IP-based backend pool; a Private Link Service needs NIC-based pools`;
    }
  }
  return undefined;
}

/**
 * azure-native reads a resource before creating it and refuses when it exists. A connection on a
 * Private Link Service is created by the consumer's private endpoint (Pending): by the time its name
 * is known, it exists, so creating an approval resource for it always fails.
 */
function existingConnection(inputs: Record<string, unknown>): string {
  const name = typeof inputs.peConnectionName === "string" ? inputs.peConnectionName : "(unnamed)";
  return `cannot create already existing resource: private endpoint connection ${name} was created by the consumer's private endpoint; import it or approve it with az network private-link-service connection update`;
}

/** The error Azure (or azure-native) would answer a create with; undefined when it would accept it. */
export function azureRefusal(type: string, inputs: Record<string, unknown>, registered: readonly RegisteredResource[]): string | undefined {
  // Azure Resource Manager, "Tag limitations": at most 50 tag name/value pairs per resource.
  const tags = inputs.tags;
  if (typeof tags === "object" && tags !== null && Object.keys(tags).length > LIMITS.azureTagsPerResource) {
    return `${Object.keys(tags).length} tags: Azure allows ${LIMITS.azureTagsPerResource} tag name/value pairs per resource`;
  }
  if (type === PLS) return ipBasedLoadBalancer(inputs, registered);
  if (type === APPROVAL) return existingConnection(inputs);
  return undefined;
}

/** A subnet as the lookups answer it; tests override one to show a refusal. */
export interface MockSubnet {
  location?: string;
  networkSecurityGroupId?: string;
  privateEndpointNetworkPolicies?: string;
  privateLinkServiceNetworkPolicies?: string;
}

/**
 * Subnet answers by `<resource group>/<virtual network>/<subnet>` (lowercase). Any other subnet is a
 * prepared one: in the stack's region, no NSG yet, NSG network policies on for private endpoints and
 * private link service network policies off.
 */
export const mockSubnets = new Map<string, MockSubnet>();

function subnetKey(inputs: Record<string, unknown>): string {
  return [inputs.resourceGroupName, inputs.virtualNetworkName, inputs.subnetName].map((part) => String(part).toLowerCase()).join("/");
}

function subnetOf(inputs: Record<string, unknown>): MockSubnet {
  return mockSubnets.get(subnetKey(inputs)) ?? {};
}

/** `azure-native:network:getVirtualNetwork`: its region is the first override of one of its subnets that names one. */
export function mockVirtualNetwork(inputs: Record<string, unknown>, region: string): Record<string, unknown> {
  const vnet = String(inputs.virtualNetworkName);
  const prefix = `${String(inputs.resourceGroupName).toLowerCase()}/${vnet.toLowerCase()}/`;
  const override = [...mockSubnets.entries()].find(([key, subnet]) => key.startsWith(prefix) && subnet.location);
  return { name: vnet, location: override?.[1].location ?? region };
}

/** `azure-native:network:getSubnet`: a prepared subnet unless a test overrides it. */
export function mockSubnet(inputs: Record<string, unknown>): Record<string, unknown> {
  const subnet = subnetOf(inputs);
  return {
    name: inputs.subnetName,
    privateEndpointNetworkPolicies: subnet.privateEndpointNetworkPolicies ?? "NetworkSecurityGroupEnabled",
    privateLinkServiceNetworkPolicies: subnet.privateLinkServiceNetworkPolicies ?? "Disabled",
    ...(subnet.networkSecurityGroupId ? { networkSecurityGroup: { id: subnet.networkSecurityGroupId } } : {}),
  };
}

/**
 * Connections on the customer's Private Link Service as Azure reports them, by name -> status; none
 * unless a test says so (a new service has none until Adobe's endpoint connects). The Private Link
 * Service's entry in lib/resourceTypes.ts answers with them.
 */
export const mockConnectionStates = new Map<string, string>();

/** Clears what tests set; call after each test that sets a subnet or a connection. */
export function resetMockAzure(): void {
  mockSubnets.clear();
  mockConnectionStates.clear();
}
