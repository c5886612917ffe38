/**
 * Customer -> Adobe: a private endpoint in the customer's subnet with a manual connection request to
 * Adobe's Private Link Service, plus the security rules that restrict who may use it.
 *
 * Least privilege, and what Azure lets this program enforce. On AWS the endpoint carries its own
 * security group. Azure has no such thing for a private endpoint: its network interface is managed by
 * Azure and cannot get a network security group of its own. Traffic to a private endpoint is filtered
 * only by the network security group of its *subnet*, and only when the subnet has private endpoint
 * network policies enabled (`privateEndpointNetworkPolicies: Enabled` or `NetworkSecurityGroupEnabled`;
 * the Azure default is `Disabled`, which bypasses every NSG rule for private endpoints).
 * The subnet and its NSG association belong to the customer's network, not to this stack: taking the
 * subnet over with an azure-native `Subnet` would rewrite every other setting of it. So this leg:
 *  - puts the endpoint in an application security group of its own, so rules can name exactly this
 *    endpoint and nothing else in the subnet;
 *  - creates a network security group whose inline rules are one allow rule per Adobe port (TCP,
 *    sources = exactly the client CIDR blocks, destination = that application security group) and a
 *    final deny of every other flow to the endpoint (without it, Azure's default AllowVnetInBound would
 *    let the whole virtual network and its peers in);
 *  - reads the endpoint subnet at plan time (its region, its NSG, its network policies) and leaves
 *    the rest to the customer, as exact commands in the handshake: a subnet has one NSG, so when it
 *    already has one the same rules are added to that NSG (associating this group would replace it
 *    for every other workload on the subnet); only a subnet without an NSG gets this group. Until
 *    then, and until private endpoint network policies are on, the rules are inert, which is why the
 *    group's id is an output of its own and not hidden behind a claim of parity.
 * Because every rule targets the endpoint's application security group, the rules do not change what
 * reaches other workloads on the subnet.
 *
 * No private DNS zone group: Adobe offers no PrivateDNS; clients use the endpoint's IP addresses.
 */
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { AdobePort } from "../../config/settings";
import { fitsRequestMessage, LIMITS } from "../../rules/quotas";
import { characterCount } from "../../lib/text";
import { childName, componentType } from "../naming";
import type { ToAdobeLeg, ToAdobeState } from "../types";
import { toAdobeState } from "./connectionState";
import { parseResourceId } from "./resourceIds";
import { inlineSecurityRules, planSecurityRules } from "./securityRules";
import { checkedSubnet, type SubnetState } from "./subnets";

export interface AdobePrivateEndpointArgs {
  /** Azure region of the Adobe Commerce cluster; every resource of the leg is created there. */
  readonly region: string;
  /** Resource group the leg's resources are created in. */
  readonly resourceGroupName: string;
  /**
   * Subnet resource id of the endpoint. Azure cannot move an endpoint to another subnet: changing it
   * replaces the endpoint (a new connection request, a new approval by Adobe).
   */
  readonly subnetId: string;
  /**
   * Adobe's Private Link Service, as its resource id or its alias. Both go into `privateLinkServiceId`:
   * ARM accepts an alias there for a connection to a Private Link Service (Azure's "connect by resource
   * ID or alias"; the AzureRM provider sends `private_connection_resource_alias` in the same field),
   * and an alias only ever works with a manual connection, which this leg always uses.
   */
  readonly privateLinkService: string;
  /** Shown to Adobe next to the pending request; at most 140 characters (Azure's limit). */
  readonly requestMessage: string;
  /** Adobe's ports: one allow rule each, named after the port's name. */
  readonly ports: readonly AdobePort[];
  /** The only sources allowed to reach the endpoint. */
  readonly clientCidrs: readonly string[];
  /** Protect the endpoint: replacing it means a new connection request and a new approval by Adobe. */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The name of the manual connection on the endpoint (not a resource). */
export function connectionName(legName: string): string {
  return childName(legName, "connection");
}

export class AdobePrivateEndpoint extends pulumi.ComponentResource implements ToAdobeLeg {
  readonly endpointId: pulumi.Output<string | undefined>;
  readonly hosts: pulumi.Output<string[]>;
  readonly connectionState: pulumi.Output<string | undefined>;
  readonly state: pulumi.Output<ToAdobeState>;
  /** Associate with the endpoint subnet (and enable private endpoint network policies) to enforce the rules. */
  readonly networkSecurityGroupId: pulumi.Output<string>;

  /** The contract's name for what guards the endpoint. */
  get securityGroupId(): pulumi.Output<string | undefined> {
    return this.networkSecurityGroupId;
  }
  readonly applicationSecurityGroupId: pulumi.Output<string>;
  /** The endpoint subnet as read at plan time (region checked). */
  readonly subnet: pulumi.Output<SubnetState>;

  constructor(name: string, args: AdobePrivateEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("azure", "AdobePrivateEndpoint"), name, {}, opts);
    if (!fitsRequestMessage(args.requestMessage)) {
      throw new pulumi.ResourceError(
        `the request message has ${characterCount(args.requestMessage)} characters; Azure allows ${LIMITS.requestMessage}`,
        this,
      );
    }
    const rules = planSecurityRules(args.ports, args.clientCidrs);
    if (!rules.ok) throw new pulumi.ResourceError(rules.problem, this);

    const common = { resourceGroupName: args.resourceGroupName, location: args.region, tags: { ...args.tags } };
    const asg = new network.ApplicationSecurityGroup(childName(name, "asg"), common, { parent: this });
    const target = { id: asg.id };
    // The rules are inline: this component creates the group, so no standalone SecurityRule may ever
    // target it (Azure and Pulumi warn against mixing the two, each would undo the other's rules).
    // Adding or removing a port updates this group in place, and its rule list changes by exactly that
    // port's entry (named after the port, priority derived from the port): no other rule, no other
    // resource. The group keeps its id, so the customer's association with the subnet stays as it is.
    const nsg = new network.NetworkSecurityGroup(
      childName(name, "nsg"),
      { ...common, securityRules: inlineSecurityRules(rules, target) },
      { parent: this },
    );

    // Read at plan time; a subnet in another region fails here, before anything is created.
    this.subnet = checkedSubnet("endpoint", args.subnetId, args.region, this);
    const connection = connectionName(name);
    const endpoint = new network.PrivateEndpoint(
      childName(name, "endpoint"),
      {
        ...common,
        subnet: { id: this.subnet.apply(() => args.subnetId) },
        // Manual: Adobe approves each request (rules/adobe ACCEPTANCE_REQUIRED); an automatic connection
        // would also fail, the customer has no rights on Adobe's service.
        manualPrivateLinkServiceConnections: [
          { name: connection, privateLinkServiceId: args.privateLinkService, requestMessage: args.requestMessage },
        ],
        applicationSecurityGroups: [target],
      },
      {
        parent: this,
        protect: args.protect,
        // Azure refuses to move an endpoint or point it at another service, and the provider does not
        // mark these as replacing: without this, such a change would fail at `up` instead of being
        // planned as the replacement (new request, new approval) it is.
        replaceOnChanges: ["subnet.id", "manualPrivateLinkServiceConnections[*].privateLinkServiceId"],
      },
    );

    this.endpointId = endpoint.id.apply((id): string | undefined => id);
    this.connectionState = endpoint.manualPrivateLinkServiceConnections.apply((connections) => {
      const own = connections?.find((c) => c.name === connection) ?? connections?.[0];
      return own?.privateLinkServiceConnectionState?.status;
    });
    this.state = this.connectionState.apply(toAdobeState);
    // The endpoint's addresses live on its Azure-managed network interface, which is read back here
    // (customDnsConfigs stays empty for a Private Link Service without FQDNs).
    this.hosts = endpoint.networkInterfaces.apply((nics) => {
      const ref = nics[0]?.id ? parseResourceId(nics[0].id) : undefined;
      if (!ref) return pulumi.output<string[]>([]);
      return network
        .getNetworkInterfaceOutput({ resourceGroupName: ref.resourceGroupName, networkInterfaceName: ref.name }, { parent: this })
        .apply((nic) => (nic.ipConfigurations ?? []).flatMap((config) => (config.privateIPAddress ? [config.privateIPAddress] : [])));
    });
    this.networkSecurityGroupId = nsg.id;
    this.applicationSecurityGroupId = asg.id;

    this.registerOutputs({
      endpointId: this.endpointId,
      hosts: this.hosts,
      connectionState: this.connectionState,
      state: this.state,
      networkSecurityGroupId: this.networkSecurityGroupId,
      applicationSecurityGroupId: this.applicationSecurityGroupId,
    });
  }
}
