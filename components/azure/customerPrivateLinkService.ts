/**
 * Adobe -> customer (bidirectional only): a Standard internal load balancer in front of the customer's
 * services, a Private Link Service on its frontend that only Adobe's subscriptions can see, and the
 * approval of exactly the connections Adobe made (named in config).
 *
 * Requirement on the customer's service subnet (not owned by this stack): the Private Link Service's
 * NAT IP lives there, which Azure allows only with `privateLinkServiceNetworkPolicies: Disabled` on
 * the subnet.
 */
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { CustomerService } from "../../config/settings";
import { childName, componentType } from "../naming";
import type { FromAdobeLeg, FromAdobeState } from "../types";
import { backendPools, FRONTEND_NAME, loadBalancingRules, probes } from "./loadBalancerPlan";
import { loadBalancerId, loadBalancerPartId, virtualNetworkIdOf } from "./resourceIds";

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
   * targets must be in its virtual network (backend addresses by IP are resolved in that network).
   */
  readonly subnetId: string;
  /** The customer services Adobe reaches: one pool, probe and rule each, named after the service. */
  readonly services: readonly CustomerService[];
  /** Adobe's subscriptions: the only ones that can see (and request a connection to) the service. */
  readonly visibleToSubscriptionIds: readonly string[];
  /** Names of Adobe's private endpoint connections on the service to approve; nothing else is approved. */
  readonly connections: readonly string[];
  /** Protect the load balancer, the Private Link Service and the approvals. */
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

  constructor(name: string, args: CustomerPrivateLinkServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("azure", "CustomerPrivateLinkService"), name, {}, opts);
    const common = { resourceGroupName: args.resourceGroupName, location: args.region, tags: { ...args.tags } };
    const lbId = pulumi
      .output(args.subscriptionId)
      .apply((subscription) => loadBalancerId(subscription, args.resourceGroupName, args.loadBalancerName));

    const lb = new network.LoadBalancer(
      childName(name, "lb"),
      {
        ...common,
        loadBalancerName: args.loadBalancerName,
        // Standard: the only SKU a Private Link Service can front, and IP-addressed backends need it.
        sku: { name: network.LoadBalancerSkuName.Standard, tier: network.LoadBalancerSkuTier.Regional },
        // Internal only: a private frontend in the service subnet, never a public IP.
        frontendIPConfigurations: [
          {
            name: FRONTEND_NAME,
            subnet: { id: args.subnetId },
            privateIPAllocationMethod: network.IPAllocationMethod.Dynamic,
            privateIPAddressVersion: network.IPVersion.IPv4,
          },
        ],
        backendAddressPools: backendPools(args.services, virtualNetworkIdOf(args.subnetId)).map((pool) => ({
          name: pool.name,
          loadBalancerBackendAddresses: pool.loadBalancerBackendAddresses.map((address) => ({ ...address })),
        })),
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
            subnet: { id: args.subnetId },
            privateIPAllocationMethod: network.IPAllocationMethod.Dynamic,
            privateIPAddressVersion: network.IPVersion.IPv4,
          },
        ],
        visibility: { subscriptions: [...args.visibleToSubscriptionIds] },
        // Never auto-approve, not even Adobe's subscriptions: the customer approves each connection by
        // name, so a connection nobody expected stays pending.
        autoApproval: { subscriptions: [] },
        // Off: the customer's services would receive a PROXY header they do not expect.
        enableProxyProtocol: false,
      },
      { parent: this, protect: args.protect },
    );

    for (const connection of args.connections) {
      new network.PrivateLinkServicePrivateEndpointConnection(
        childName(name, "approval", connection),
        {
          resourceGroupName: args.resourceGroupName,
          serviceName: pls.name,
          peConnectionName: connection,
          privateLinkServiceConnectionState: {
            status: "Approved",
            description: "Approved for Adobe Commerce by the commerce-privatelink stack",
            actionsRequired: "None",
          },
        },
        // Deleting this resource deletes Adobe's live connection; a refactor or `destroy` must leave it.
        { parent: this, protect: args.protect, retainOnDelete: true },
      );
    }

    this.serviceName = pls.alias;
    this.serviceId = pls.id;
    this.allowedConsumers = pls.visibility.apply((visibility) => visibility?.subscriptions ?? []);
    this.loadBalancerAddress = lb.frontendIPConfigurations.apply(
      (frontends) => frontends?.find((frontend) => frontend.name === FRONTEND_NAME)?.privateIPAddress,
    );
    // Azure frontends have no AWS zone ids; Adobe needs none to connect to a Private Link Service.
    this.zoneIds = pulumi.output<string[]>([]);
    this.acceptedConnections = [...args.connections];
    this.state = pulumi.output<FromAdobeState>(args.connections.length > 0 ? "accepted" : "awaiting-adobe-connection");
    this.loadBalancerId = lb.id;

    this.registerOutputs({
      serviceName: this.serviceName,
      serviceId: this.serviceId,
      allowedConsumers: this.allowedConsumers,
      loadBalancerAddress: this.loadBalancerAddress,
      zoneIds: this.zoneIds,
      acceptedConnections: this.acceptedConnections,
      state: this.state,
      loadBalancerId: this.loadBalancerId,
    });
  }
}
