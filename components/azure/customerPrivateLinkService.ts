/**
 * Adobe -> customer (bidirectional only): a Standard internal load balancer in front of the customer's
 * services, with one NIC-based backend pool per service, a Private Link Service on its frontend that
 * only Adobe's subscriptions can see, and the status of Adobe's connections read back from Azure.
 *
 * Not done as code, and why (the handshake gives the exact commands with the real ids):
 *  - Pool membership. Azure refuses a Private Link Service in front of an IP-based pool, and a
 *    NIC-based pool is joined from the network interface's side. azure-native 3.28.0 has no resource
 *    that does that without owning the NIC (`LoadBalancerBackendAddress` takes no IP configuration;
 *    `NetworkInterface` would take over the customer's host NIC); see README "What the program does
 *    not own, and why".
 *  - Approval. Adobe's private endpoint creates its connection (Pending) before anyone can name it,
 *    and azure-native refuses to create a `PrivateLinkServicePrivateEndpointConnection` that exists.
 *
 * Requirement on the customer's service subnet (not owned by this stack), checked at plan time: the
 * Private Link Service's NAT IP lives there, which Azure allows only with
 * `privateLinkServiceNetworkPolicies: Disabled`.
 */
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { CustomerService } from "../../config/settings";
import { childName, componentType } from "../naming";
import type { FromAdobeLeg, FromAdobeState } from "../types";
import { fromAdobeState } from "./connectionState";
import { backendPools, FRONTEND_NAME, loadBalancingRules, type PoolMembership, poolMemberships, probes } from "./loadBalancerPlan";
import { loadBalancerId, loadBalancerPartId } from "./resourceIds";
import { checkedSubnet } from "./subnets";

/**
 * What Azure cannot change on a Private Link Service in place: the load balancer frontend it sits on
 * and the subnet of its NAT address. The provider does not mark them as replacing, so without this a
 * change would fail at `pulumi up` instead of being planned as the replacement it is (README "Changing
 * a live connection safely", kept equal by test/azure.spec.ts).
 */
export const PLS_REPLACE_ON_CHANGES = ["loadBalancerFrontendIpConfigurations[*].id", "ipConfigurations[*].subnet.id"] as const;

export interface CustomerPrivateLinkServiceArgs {
  /** Azure region of the Adobe Commerce cluster; every resource of the leg is created there. */
  readonly region: string;
  /** Resource group the leg's resources are created in. */
  readonly resourceGroupName: string;
  /**
   * The customer's subscription, in which the load balancer is created: its rules name the load
   * balancer's own parts by full resource id.
   */
  readonly subscriptionId: pulumi.Input<string>;
  /**
   * Physical name of the load balancer. It must be known before the load balancer exists (see
   * `subscriptionId`), so it is not auto-named; it must differ between stacks sharing a resource group.
   */
  readonly loadBalancerName: string;
  /**
   * Subnet resource id for the load balancer frontend and the Private Link Service NAT IP. The
   * targets' network interfaces must be in its virtual network.
   */
  readonly subnetId: string;
  /** The customer services Adobe reaches: one pool, probe and rule each, named after the service. */
  readonly services: readonly CustomerService[];
  /** Adobe's subscriptions: the only ones that can see (and request a connection to) the service. */
  readonly visibleToSubscriptionIds: readonly string[];
  /** Names of Adobe's private endpoint connections the customer approves (with the handshake's az command); their state is read back. */
  readonly connections: readonly string[];
  /** Protect the load balancer and the Private Link Service. */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export class CustomerPrivateLinkService extends pulumi.ComponentResource implements FromAdobeLeg {
  readonly serviceName: pulumi.Output<string>;
  readonly serviceId: pulumi.Output<string>;
  readonly allowedConsumers: pulumi.Output<string[]>;
  readonly loadBalancerAddress: pulumi.Output<string | undefined>;
  readonly zoneIds: pulumi.Output<string[]>;
  readonly acceptedConnections: readonly string[];
  readonly state: pulumi.Output<FromAdobeState>;
  readonly loadBalancerId: pulumi.Output<string>;
  readonly connectionStates: pulumi.Output<Record<string, string>>;
  /** The (pool, NIC IP configuration) pairs the customer's hosts must join. */
  readonly poolMemberships: pulumi.Output<PoolMembership[]>;

  constructor(name: string, args: CustomerPrivateLinkServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("azure", "CustomerPrivateLinkService"), name, {}, opts);
    const common = { resourceGroupName: args.resourceGroupName, location: args.region, tags: { ...args.tags } };
    const lbId = pulumi
      .output(args.subscriptionId)
      .apply((subscription) => loadBalancerId(subscription, args.resourceGroupName, args.loadBalancerName));

    // Read at plan time; a region or policy Azure would refuse fails here, before anything is created.
    const subnetId = checkedSubnet("service", args.subnetId, args.region, this).apply(() => args.subnetId);

    const lb = new network.LoadBalancer(
      childName(name, "lb"),
      {
        ...common,
        loadBalancerName: args.loadBalancerName,
        // Standard: the only SKU a Private Link Service can front.
        sku: { name: network.LoadBalancerSkuName.Standard, tier: network.LoadBalancerSkuTier.Regional },
        // Internal only: a private frontend in the service subnet, never a public IP.
        frontendIPConfigurations: [
          {
            name: FRONTEND_NAME,
            subnet: { id: subnetId },
            privateIPAllocationMethod: network.IPAllocationMethod.Dynamic,
            privateIPAddressVersion: network.IPVersion.IPv4,
          },
        ],
        // NIC-based pools, no addresses: the hosts' IP configurations join them (handshake step 6).
        backendAddressPools: backendPools(args.services).map((pool) => ({ name: pool.name })),
        probes: probes(args.services),
        loadBalancingRules: lbId.apply((id) => loadBalancingRules(args.services, id)),
      },
      { parent: this, protect: args.protect },
    );

    const pls = new network.PrivateLinkService(
      childName(name, "pls"),
      {
        ...common,
        // Read from the load balancer (not built): the service then waits for the frontend to exist.
        loadBalancerFrontendIpConfigurations: [
          { id: lb.id.apply((id) => loadBalancerPartId(id, "frontendIPConfigurations", FRONTEND_NAME)) },
        ],
        ipConfigurations: [
          {
            name: childName(name, "nat"),
            primary: true,
            subnet: { id: subnetId },
            privateIPAllocationMethod: network.IPAllocationMethod.Dynamic,
            privateIPAddressVersion: network.IPVersion.IPv4,
          },
        ],
        // Empty until Adobe sends its subscriptions (phase 1): then nobody can see the service.
        visibility: { subscriptions: [...args.visibleToSubscriptionIds] },
        // Never auto-approve, not even Adobe's subscriptions: the customer approves each connection by
        // name, so a connection nobody expected stays pending.
        autoApproval: { subscriptions: [] },
        // Off: the customer's services would receive a PROXY header they do not expect.
        enableProxyProtocol: false,
      },
      { parent: this, protect: args.protect, replaceOnChanges: [...PLS_REPLACE_ON_CHANGES] },
    );

    this.serviceName = pls.alias;
    this.serviceId = pls.id;
    this.allowedConsumers = pls.visibility.apply((visibility) => visibility?.subscriptions ?? []);
    this.loadBalancerAddress = lb.frontendIPConfigurations.apply(
      (frontends) => frontends?.find((frontend) => frontend.name === FRONTEND_NAME)?.privateIPAddress,
    );
    // Azure frontends have no AWS zone ids; Adobe needs none to connect to a Private Link Service.
    this.zoneIds = pulumi.output<string[]>([]);
    this.acceptedConnections = [...args.connections];
    // Read back from Azure, never taken from config: after `pulumi up --refresh` this is what Azure says.
    this.connectionStates = pls.privateEndpointConnections.apply((connections) =>
      Object.fromEntries(connections.flatMap((c) => (c.name ? [[c.name, c.privateLinkServiceConnectionState?.status ?? "Unknown"]] : []))),
    );
    this.state = this.connectionStates.apply((states) => fromAdobeState(args.connections, states));
    this.loadBalancerId = lb.id;
    this.poolMemberships = lb.id.apply((id) => poolMemberships(args.services, id));

    this.registerOutputs({
      serviceName: this.serviceName,
      serviceId: this.serviceId,
      allowedConsumers: this.allowedConsumers,
      loadBalancerAddress: this.loadBalancerAddress,
      zoneIds: this.zoneIds,
      acceptedConnections: this.acceptedConnections,
      state: this.state,
      loadBalancerId: this.loadBalancerId,
      connectionStates: this.connectionStates,
      poolMemberships: this.poolMemberships,
    });
  }
}
