/**
 * Azure steps the program cannot take as code, as exact commands with this stack's real ids: the
 * endpoint subnet's NSG and network policies, the hosts joining the NIC-based pools, and the approval
 * of Adobe's connection. Pure functions of the settings and the facts read back.
 */
import { parseNicIpConfiguration } from "../config/azure";
import type { AzureSettings } from "../config/settings";
import { parseResourceId } from "../components/azure/resourceIds";
import { inlineSecurityRules, planSecurityRules } from "../components/azure/securityRules";
import type { FromAdobeFacts, LinkFacts } from "./facts";

/** Private endpoint network policies under which NSG rules apply to the endpoint. */
const NSG_POLICIES = ["enabled", "networksecuritygroupenabled"];

function quote(text: string): string {
  return `"${text}"`;
}

/**
 * The endpoint subnet: network policies on, and the endpoint's rules on the subnet's NSG. A subnet has
 * one NSG; when it already has one, the rules are added to it (associating the stack's group would
 * replace it for every other workload on the subnet). Empty when nothing is left to do or nothing was read.
 */
export function endpointSubnetCommands(settings: AzureSettings, facts: LinkFacts): string[] {
  const subnet = facts.azureSetup?.endpointSubnet;
  const own = facts.toAdobe.securityGroupId;
  const asg = facts.azureSetup?.applicationSecurityGroupId;
  if (!subnet || own === undefined || asg === undefined) return [];
  const subnetId = settings.azure.endpointSubnetId;
  const policies = subnet.privateEndpointNetworkPolicies ?? "Disabled";
  const policiesOn = NSG_POLICIES.includes(policies.toLowerCase());
  // RouteTableEnabled keeps its route tables only with Enabled; otherwise NSGs alone are enough.
  const policyFlag = policiesOn
    ? ""
    : ` --private-endpoint-network-policies ${policies.toLowerCase() === "routetableenabled" ? "Enabled" : "NetworkSecurityGroupEnabled"}`;
  const current = subnet.networkSecurityGroupId;
  if (current === undefined) return [`az network vnet subnet update --ids ${subnetId} --network-security-group ${own}${policyFlag}`];
  const commands = policyFlag ? [`az network vnet subnet update --ids ${subnetId}${policyFlag}`] : [];
  if (current.toLowerCase() === own.toLowerCase()) return commands;
  const nsg = parseResourceId(current);
  const plan = planSecurityRules(settings.adobe.ports, settings.clientCidrs);
  if (!nsg || !plan.ok) return commands;
  const target = `--subscription ${nsg.subscriptionId} --resource-group ${nsg.resourceGroupName} --nsg-name ${nsg.name}`;
  for (const rule of inlineSecurityRules(plan, asg)) {
    const sources = rule.sourceAddressPrefixes ?? [rule.sourceAddressPrefix ?? "*"];
    commands.push(
      `az network nsg rule create ${target} --name ${rule.name} --priority ${rule.priority} --direction Inbound --access ${rule.access} --protocol ${quote(rule.protocol)} --source-address-prefixes ${sources.map(quote).join(" ")} --source-port-ranges "*" --destination-asgs ${asg} --destination-port-ranges ${quote(rule.destinationPortRange)} --description ${quote(rule.description)}`,
    );
  }
  return commands;
}

/** The hosts' IP configurations joining their service's NIC-based pool, once each. */
export function poolCommands(facts: LinkFacts): string[] {
  return (facts.azureSetup?.poolMemberships ?? []).flatMap((member) => {
    const nic = parseNicIpConfiguration(member.ipConfigurationId);
    if (!nic) return [];
    return [
      `az network nic ip-config address-pool add --subscription ${nic.subscriptionId} --resource-group ${nic.resourceGroupName} --nic-name ${nic.networkInterfaceName} --ip-config-name ${nic.ipConfigurationName} --address-pool ${member.poolId}`,
    ];
  });
}

/** Approves each connection named in adobe.connections that Azure does not report Approved. */
export function approvalCommands(from: FromAdobeFacts): string[] {
  const service = parseResourceId(from.serviceId);
  if (!service) return [];
  const states = from.connectionStates ?? {};
  return from.acceptedConnections
    .filter((name) => states[name]?.toLowerCase() !== "approved")
    .map(
      (name) =>
        `az network private-link-service connection update --subscription ${service.subscriptionId} --resource-group ${service.resourceGroupName} --service-name ${service.name} --name ${name} --connection-status Approved --description "Approved for Adobe Commerce"`,
    );
}

/** Connections Azure reports that adobe.connections does not name: confirm them with Adobe first. */
export function unnamedConnections(from: FromAdobeFacts): string[] {
  return Object.entries(from.connectionStates ?? {})
    .filter(([name]) => !from.acceptedConnections.includes(name))
    .map(([name, status]) => `${name} (${status})`);
}

/** The Adobe -> customer step on Azure. */
export function azureFromAdobeNext(settings: AzureSettings, facts: LinkFacts, from: FromAdobeFacts): string {
  const pools = poolCommands(facts);
  const join = pools.length > 0 ? ` Once, add each host to its service's pool: ${pools.join(" ; ")}.` : "";
  const unnamed = unnamedConnections(from);
  const seen = unnamed.length > 0 ? ` Connections on the service not in adobe.connections: ${unnamed.join(", ")}.` : "";
  if (settings.azure.subscriptionIds.length === 0) {
    return `Step 6 waits on Adobe: ask Adobe Support for the Azure subscription IDs its private endpoints connect from (enablementRequest.missing), set adobe.subscriptionIds and run pulumi up; until then no subscription can see Private Link Service ${from.serviceName}.${join}`;
  }
  switch (from.state) {
    case "accepted":
      return `Step 6: Adobe's connection ${from.acceptedConnections.join(", ")} is Approved (read back); ask Adobe Support to verify the connection from the Adobe side, and check pool membership and health (verification.cloudChecks).${seen}`;
    case "awaiting-customer-approval":
      return `Step 6: approve Adobe's connection: ${approvalCommands(from).join(" ; ")}; then run pulumi up --refresh (a refresh alone reads the approval but does not recompute these outputs), and fromAdobe.state reads accepted.${join}${seen}`;
    default:
      return `Step 6: Adobe connects to Private Link Service ${from.serviceName}; when Adobe sends its private endpoint connection name, add it to adobe.connections and run pulumi up.${join}${seen}`;
  }
}
