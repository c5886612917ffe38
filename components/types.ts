/**
 * The cloud-neutral contract: what both `AwsPrivateLink` and `AzurePrivateLink` take and return.
 * Everything outside `components/` (stack outputs, the ticket, the handshake, verification) is built
 * on this contract only, so it works the same on both clouds.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AdobePort, CustomerService } from "../config/settings";
import type { Cloud, Environment, Topology } from "../rules/adobe";

/** Where the customer -> Adobe leg stands in Adobe's enablement workflow. */
export type ToAdobeState =
  /** Step 2: Adobe has not yet sent its endpoint service name / Private Link Service. */
  | "awaiting-adobe-service"
  /** Step 4: the endpoint exists; Adobe has not yet approved its connection request. */
  | "awaiting-adobe-approval"
  /** Step 5: Adobe approved; the connection is usable. */
  | "connected"
  /** Adobe rejected the request, or the endpoint failed. */
  | "failed";

/** Where the Adobe -> customer leg stands. */
export type FromAdobeState =
  /** Step 6: the customer's service exists and Adobe's principal may connect; Adobe has not connected yet. */
  | "awaiting-adobe-connection"
  /** Step 6 (Azure): a connection named in adobe.connections is not Approved yet, as read back. */
  | "awaiting-customer-approval"
  /** Step 6: the connections Adobe made are approved (on Azure: read back from the service). */
  | "accepted";

/** Customer -> Adobe: the customer's endpoint to Adobe's service. */
export interface ToAdobeLeg {
  /** Endpoint id (AWS `vpce-...`, Azure private endpoint resource id); undefined until Adobe's service is known. */
  readonly endpointId: pulumi.Output<string | undefined>;
  /** Where customer systems connect: AWS DNS names (regional first), Azure private IP addresses. */
  readonly hosts: pulumi.Output<string[]>;
  /**
   * What guards the endpoint: the AWS security group, or the Azure network security group, which
   * applies only once associated with the endpoint subnet (with private endpoint network policies
   * on); undefined on Azure until Adobe's service is known.
   */
  readonly securityGroupId: pulumi.Output<string | undefined>;
  /** The provider's own word for the connection (AWS endpoint state, Azure connection status). */
  readonly connectionState: pulumi.Output<string | undefined>;
  readonly state: pulumi.Output<ToAdobeState>;
}

/** Adobe -> customer: the customer's service that Adobe connects to (bidirectional only). */
export interface FromAdobeLeg {
  /** What Adobe connects to: the AWS endpoint service name, or the Azure Private Link Service alias. */
  readonly serviceName: pulumi.Output<string>;
  /** The AWS endpoint service id (`vpce-svc-...`), or the Azure Private Link Service resource id. */
  readonly serviceId: pulumi.Output<string>;
  /** Who may connect, read back from the resource: AWS allowed principals, Azure visible subscriptions. */
  readonly allowedConsumers: pulumi.Output<string[]>;
  /** The AWS load balancer DNS name, or the Azure load balancer frontend IP address. */
  readonly loadBalancerAddress: pulumi.Output<string | undefined>;
  /** AWS: the load balancer's security group, which the service targets should allow; none on Azure. */
  readonly securityGroupId?: pulumi.Output<string>;
  /** The AWS load balancer ARN, or the Azure load balancer resource id (for health checks). */
  readonly loadBalancerId?: pulumi.Output<string>;
  /** AWS availability zone ids of the load balancer (Adobe needs them to connect back); [] on Azure. */
  readonly zoneIds: pulumi.Output<string[]>;
  /** The connections approved for Adobe: AWS endpoint ids this stack accepts, Azure connection names the handshake's az command approves. */
  readonly acceptedConnections: readonly string[];
  /**
   * Azure: every private endpoint connection on the Private Link Service and its status (`Pending`,
   * `Approved`, ...), read back from Azure (current after `pulumi up --refresh`); absent on AWS.
   */
  readonly connectionStates?: pulumi.Output<Record<string, string>>;
  readonly state: pulumi.Output<FromAdobeState>;
}

/** A customer -> Adobe leg's values once resolved: what the stack outputs and the handshake read. */
export type ToAdobeValues = pulumi.Unwrap<ToAdobeLeg>;

/** An Adobe -> customer leg's values once resolved. */
export type FromAdobeValues = pulumi.Unwrap<FromAdobeLeg>;

/** One PrivateLink connection to one Adobe Commerce environment, on either cloud. */
export interface PrivateLink {
  readonly cloud: Cloud;
  readonly topology: Topology;
  /** The customer's AWS account id or Azure subscription id, for Adobe's ticket. */
  readonly accountId: pulumi.Output<string>;
  readonly toAdobe: ToAdobeLeg;
  /** Present for bidirectional stacks only. */
  readonly fromAdobe?: FromAdobeLeg;
  /** Azure only: what the customer does by hand, read at plan time (for the handshake). */
  readonly azureSetup?: pulumi.Output<AzureSetup>;
}

/**
 * Azure: what the program cannot do as code and the handshake states as exact commands: the hosts'
 * NIC IP configurations joining the pools (azure-native has no resource that attaches a NIC it does
 * not own to a pool), and the endpoint's rules on the subnet's own NSG.
 */
export interface AzureSetup {
  /** The endpoint subnet as read at plan time; undefined until the endpoint to Adobe exists. */
  readonly endpointSubnet?: {
    readonly networkSecurityGroupId: string | undefined;
    readonly privateEndpointNetworkPolicies: string | undefined;
  };
  /** The application security group the endpoint's rules target. */
  readonly applicationSecurityGroupId?: string;
  /** Each (pool id, NIC IP configuration id) pair the customer's hosts must be in. */
  readonly poolMemberships: readonly { readonly service: string; readonly poolId: string; readonly ipConfigurationId: string }[];
}

/** What both clouds take: the connection, independent of the cloud's network identifiers. */
export interface PrivateLinkArgs {
  /** The Adobe Commerce cluster's region; every resource is created there. */
  readonly region: string;
  readonly environment: Environment;
  /** For the Azure request message and descriptions: who asks Adobe. */
  readonly company: string;
  readonly projectId: string;
  /** Ports Adobe opens on the cluster (customer -> Adobe leg). */
  readonly adobePorts: readonly AdobePort[];
  /** Customer networks allowed to use the endpoint to Adobe. */
  readonly clientCidrs: readonly string[];
  /** Customer services Adobe reaches; empty for unidirectional. */
  readonly services: readonly CustomerService[];
  /** Adobe's connections to the customer's service to approve (AWS: accepted by the stack; Azure: by the handshake's az command). */
  readonly adobeConnections: readonly string[];
  /** Protect stateful resources (and turn on deletion protection where the cloud has it). */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface AwsPrivateLinkArgs extends PrivateLinkArgs {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** Adobe's endpoint service name; undefined until Adobe sends it. */
  readonly adobeEndpointService?: string;
}

export interface AzurePrivateLinkArgs extends PrivateLinkArgs {
  readonly resourceGroupName: string;
  readonly endpointSubnetId: string;
  /** Required when `services` is not empty. */
  readonly serviceSubnetId?: string;
  /** Adobe's Private Link Service resource id or alias; undefined until Adobe sends it. */
  readonly adobePrivateLinkService?: string;
  /** Adobe's subscriptions that may see the customer's Private Link Service. */
  readonly adobeSubscriptionIds: readonly string[];
}
