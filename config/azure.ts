/**
 * Azure rules of the stack configuration that a new user would otherwise learn from a failed
 * `pulumi up`. Pure: each function returns problems in the common format and registers nothing.
 *
 * - A Private Link Service cannot front a load balancer whose backend pool is IP-based (Azure Load
 *   Balancer docs, "Backend pool management", limitations; ARM error
 *   PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer). So on Azure a service target is the
 *   network interface IP configuration of a host, which joins a NIC-based pool.
 * - A private endpoint, a load balancer frontend and a Private Link Service NAT address live in their
 *   virtual network's subscription. The program's provider deploys into the subscription of the
 *   subnets (read from their ids), so both subnets and every target must share it.
 */
import type { ConfigProblem } from "./problems";

const GUID_TEXT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** A network interface IP configuration: the only target a NIC-based backend pool takes. */
const NIC_IP_CONFIGURATION = new RegExp(
  `^/subscriptions/(${GUID_TEXT})/resourceGroups/([-\\w.()]+)/providers/Microsoft\\.Network/networkInterfaces/([-\\w.]+)/ipConfigurations/([-\\w.]+)$`,
  "i",
);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const SUBSCRIPTION = new RegExp(`^/subscriptions/(${GUID_TEXT})/`, "i");

/** The Azure provider key that would point deployments at another subscription. */
export const PROVIDER_SUBSCRIPTION_KEY = "azure-native:subscriptionId";

export interface NicIpConfiguration {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly networkInterfaceName: string;
  readonly ipConfigurationName: string;
}

/** The parts of a network interface IP configuration id; undefined when it is not one. */
export function parseNicIpConfiguration(id: string): NicIpConfiguration | undefined {
  const match = NIC_IP_CONFIGURATION.exec(id);
  if (!match?.[1] || !match[2] || !match[3] || !match[4]) return undefined;
  return {
    id,
    subscriptionId: match[1].toLowerCase(),
    resourceGroupName: match[2],
    networkInterfaceName: match[3],
    ipConfigurationName: match[4],
  };
}

/** A network interface IP configuration id (for examples, generated stacks and tests). */
export function nicIpConfigurationId(
  subscriptionId: string,
  resourceGroupName: string,
  nic: string,
  ipConfiguration = "ipconfig1",
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/networkInterfaces/${nic}/ipConfigurations/${ipConfiguration}`;
}

/** The subscription an Azure resource id names, lowercase; undefined when it names none. */
export function subscriptionOf(resourceId: string): string | undefined {
  return SUBSCRIPTION.exec(resourceId)?.[1]?.toLowerCase();
}

const FIND_IP_CONFIGURATION = (address: string): string =>
  `az network nic list --query "[].ipConfigurations[?privateIPAddress=='${address}'].id" --output tsv`;

/** Problems of one `services[].targets[]` entry on Azure. */
export function azureTargetProblems(key: string, target: string): ConfigProblem[] {
  if (IPV4.test(target)) {
    return [
      {
        key,
        value: target,
        rule: "is an IP address: Azure refuses a Private Link Service in front of a load balancer with an IP-based backend pool (PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer), so on Azure targets join the pool by network interface",
        fix: `write the host's network interface IP configuration id, found with: ${FIND_IP_CONFIGURATION(target)}`,
      },
    ];
  }
  if (!parseNicIpConfiguration(target)) {
    return [
      {
        key,
        value: target,
        rule: "is not a network interface IP configuration id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/networkInterfaces/<nic>/ipConfigurations/<name>)",
        fix: "copy it with: az network nic ip-config list --resource-group <rg> --nic-name <nic> --query [].id --output tsv",
      },
    ];
  }
  return [];
}

/** Every text entry of `services[].targets` in the raw config, by its key. */
export function rawTargets(services: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(services)) return out;
  services.forEach((service: unknown, i) => {
    const targets = typeof service === "object" && service !== null ? (service as { targets?: unknown }).targets : undefined;
    if (!Array.isArray(targets)) return;
    targets.forEach((target: unknown, t) => {
      if (typeof target === "string") out.set(`services[${i}].targets[${t}]`, target);
    });
  });
  return out;
}

export interface AzurePlacement {
  /** network.endpointSubnetId, when valid. */
  readonly endpointSubnetId?: string | undefined;
  /** network.serviceSubnetId, when valid. */
  readonly serviceSubnetId?: string | undefined;
  /** Valid targets by their key (`services[0].targets[1]`). */
  readonly targets: ReadonlyMap<string, string>;
  /** The stack's `azure-native:subscriptionId`, if set. */
  readonly providerSubscription?: string | undefined;
}

/**
 * One subscription for everything: the subnets', the targets' and, if set, the provider's. The
 * endpoint subnet's subscription is the reference, as the provider deploys there.
 */
export function azurePlacementProblems(placement: AzurePlacement): ConfigProblem[] {
  const home = placement.endpointSubnetId ? subscriptionOf(placement.endpointSubnetId) : undefined;
  if (home === undefined) return [];
  const problems: ConfigProblem[] = [];
  const why = `the program deploys into the subscription of network.endpointSubnetId (${home}), and Azure keeps a private endpoint, a load balancer frontend and its backends in their virtual network's subscription`;
  if (placement.serviceSubnetId && subscriptionOf(placement.serviceSubnetId) !== home) {
    problems.push({
      key: "network.serviceSubnetId",
      value: placement.serviceSubnetId,
      rule: `is in another subscription than network.endpointSubnetId: ${why}`,
      fix: "use subnets of one subscription, or split the two legs over two stacks",
    });
  }
  for (const [key, target] of placement.targets) {
    const nic = parseNicIpConfiguration(target);
    if (nic && nic.subscriptionId !== home) {
      problems.push({
        key,
        value: target,
        rule: `is a network interface in another subscription than the subnets: ${why}`,
        fix: "list hosts in the service subnet's virtual network only",
      });
    }
  }
  const provider = placement.providerSubscription?.toLowerCase();
  if (provider !== undefined && provider !== home) {
    problems.push({
      key: PROVIDER_SUBSCRIPTION_KEY,
      value: placement.providerSubscription,
      rule: `names another subscription than the subnets: ${why}`,
      fix: `remove ${PROVIDER_SUBSCRIPTION_KEY} from the stack file (the program takes the subscription from the subnet ids)`,
    });
  }
  return problems;
}
