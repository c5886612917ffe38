/**
 * Azure rules of the stack configuration that a new user would otherwise learn from a failed
 * `pulumi up`. Pure: nothing here registers a resource.
 *
 * - A Private Link Service cannot front a load balancer whose backend pool is IP-based (Azure Load
 *   Balancer docs, "Backend pool management", limitations; ARM error
 *   PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer). So on Azure a service target is the
 *   network interface IP configuration of a host, which joins a NIC-based pool.
 * - A private endpoint, a load balancer frontend and a Private Link Service NAT address live in their
 *   virtual network's subscription. The program's provider deploys into the subscription of the
 *   subnets (read from their ids), so both subnets and every target must share it.
 *
 * Readers in the style of the other sections: each check adds its problem to `p` and the readers go
 * on. `readAzureTarget` is the Azure half of config/services.ts; `checkAzureSubscriptions` is a
 * cross-section rule that config/validate.ts applies.
 */
import { GUID_TEXT, RG_TEXT } from "./adobe";
import { isRecord, type Json, type Problems, text } from "./check";

/** A network interface IP configuration: the only target a NIC-based backend pool takes. */
const NIC_IP_CONFIGURATION = new RegExp(
  `^/subscriptions/(${GUID_TEXT})/resourceGroups/(${RG_TEXT})/providers/Microsoft\\.Network/networkInterfaces/([-\\w.]+)/ipConfigurations/([-\\w.]+)$`,
  "i",
);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const SUBSCRIPTION = new RegExp(`^/subscriptions/(${GUID_TEXT})/`, "i");

/** The Azure provider key that would point deployments at another subscription (config/providers.ts). */
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

const TARGET_FIX = "write the host's network interface IP configuration id (az network nic ip-config list --query [].id)";

/**
 * What Azure refuses about one `services[].targets[]` entry, with the fix; undefined for a network
 * interface IP configuration id. Shared by the config reader and the component's last-line check.
 */
export function azureTargetRule(target: string): { readonly rule: string; readonly fix: string } | undefined {
  if (IPV4.test(target)) {
    return {
      rule: "is an IP address: Azure refuses a Private Link Service in front of a load balancer with an IP-based backend pool (PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer), so on Azure targets join the pool by network interface",
      fix: `write the host's network interface IP configuration id, found with: ${FIND_IP_CONFIGURATION(target)}`,
    };
  }
  if (!parseNicIpConfiguration(target)) {
    return {
      rule: "is not a network interface IP configuration id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/networkInterfaces/<nic>/ipConfigurations/<name>)",
      fix: "copy it with: az network nic ip-config list --resource-group <rg> --nic-name <nic> --query [].id --output tsv",
    };
  }
  return undefined;
}

/** Reads one `services[].targets[]` entry of an Azure stack: a network interface IP configuration id. */
export function readAzureTarget(p: Problems, key: string, value: Json): string | undefined {
  const target = text(p, key, value, true, TARGET_FIX);
  if (target === undefined) return undefined;
  const wrong = azureTargetRule(target);
  return wrong ? p.add(key, target, wrong.rule, wrong.fix) : target;
}

/** Every text entry of `services[].targets` in the raw config, by its key. */
function rawTargets(services: Json): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(services)) return out;
  services.forEach((service: Json, i) => {
    const targets = isRecord(service) ? service.targets : undefined;
    if (!Array.isArray(targets)) return;
    targets.forEach((target: Json, t) => {
      if (typeof target === "string") out.set(`services[${i}].targets[${t}]`, target);
    });
  });
  return out;
}

export interface AzurePlacement {
  /** network.endpointSubnetId, when valid. */
  readonly endpointSubnetId: string | undefined;
  /** network.serviceSubnetId, when valid. */
  readonly serviceSubnetId: string | undefined;
  /** The raw `services` list: its targets are checked by their keys (`services[0].targets[1]`). */
  readonly services: Json;
  /** The stack's `azure-native:subscriptionId`, when valid. */
  readonly providerSubscription: string | undefined;
}

/**
 * One subscription for everything: the subnets', the targets' and, if set, the provider's. The
 * endpoint subnet's subscription is the reference, as the provider deploys there.
 */
export function checkAzureSubscriptions(p: Problems, placement: AzurePlacement): void {
  const home = placement.endpointSubnetId ? subscriptionOf(placement.endpointSubnetId) : undefined;
  if (home === undefined) return;
  const why = `the program deploys into the subscription of network.endpointSubnetId (${home}), and Azure keeps a private endpoint, a load balancer frontend and its backends in their virtual network's subscription`;
  if (placement.serviceSubnetId && subscriptionOf(placement.serviceSubnetId) !== home) {
    p.add(
      "network.serviceSubnetId",
      placement.serviceSubnetId,
      `is in another subscription than network.endpointSubnetId: ${why}`,
      "use subnets of one subscription, or split the two legs over two stacks",
    );
  }
  for (const [key, target] of rawTargets(placement.services)) {
    const nic = parseNicIpConfiguration(target);
    if (nic && nic.subscriptionId !== home) {
      p.add(
        key,
        target,
        `is a network interface in another subscription than the subnets: ${why}`,
        "list hosts in the service subnet's virtual network only",
      );
    }
  }
  const provider = placement.providerSubscription;
  if (provider !== undefined && provider.toLowerCase() !== home) {
    p.add(
      PROVIDER_SUBSCRIPTION_KEY,
      provider,
      `names another subscription than the subnets: ${why}`,
      `remove ${PROVIDER_SUBSCRIPTION_KEY} from the stack file (the program takes the subscription from the subnet ids), or set it to ${home}`,
    );
  }
}
