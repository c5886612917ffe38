import type { Cloud, Environment, Topology } from "../rules/adobe";
import type { AwsProviderConfig, AzureProviderConfig } from "./providers";

/** A port Adobe opens on the Adobe Commerce cluster for the customer (customer -> Adobe leg). */
export interface AdobePort {
  /** Stable key of the port: resources derived from it are named after it. */
  readonly name: string;
  readonly port: number;
  /** AWS: the name the port had before a rename; its resources keep their identity through aliases. */
  readonly formerName?: string;
}

/** A customer service that Adobe Commerce reaches (Adobe -> customer leg). */
export interface CustomerService {
  /** Stable key of the service: resources derived from it are named after it. */
  readonly name: string;
  /** Port Adobe connects to, on the load balancer. */
  readonly port: number;
  /** Port the targets listen on; the same as `port` unless set. */
  readonly targetPort: number;
  /** The service's hosts: private IPv4 addresses on AWS, network interface IP configuration ids on Azure. */
  readonly targets: readonly string[];
  /** AWS: the name the service had before a rename; its resources keep their identity through aliases. */
  readonly formerName?: string;
}

export interface AdobeSettings {
  readonly company: string;
  readonly projectId: string;
  readonly environment: Environment;
  /** From `cat /etc/platform_cluster` on the cluster; optional until known, listed as missing in the ticket. */
  readonly clusterId?: string;
  readonly ports: readonly AdobePort[];
  /** Adobe's connections to the customer's service to accept (empty until Adobe connects). */
  readonly connections: readonly string[];
}

interface CommonSettings {
  readonly region: string;
  readonly topology: Topology;
  readonly adobe: AdobeSettings;
  /** Customer networks allowed to use the endpoint to Adobe. */
  readonly clientCidrs: readonly string[];
  /** Customer services Adobe reaches; empty for unidirectional. */
  readonly services: readonly CustomerService[];
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface AwsNetwork {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** Adobe's endpoint service name; absent until Adobe sends it. */
  readonly endpointService?: string;
  /** `aws:` stack keys passed to the explicit provider (config/providers.ts); absent when none is set. */
  readonly provider?: AwsProviderConfig;
}

export interface AzureNetwork {
  readonly resourceGroupName: string;
  readonly endpointSubnetId: string;
  /** Subnet of the load balancer frontend and the Private Link Service NAT IP (bidirectional). */
  readonly serviceSubnetId?: string;
  /** Adobe's Private Link Service (resource id or alias); absent until Adobe sends it. */
  readonly privateLinkService?: string;
  /** Adobe's subscriptions allowed to see the customer's Private Link Service (bidirectional). */
  readonly subscriptionIds: readonly string[];
  /** `azure-native:` stack keys passed to the explicit provider (config/providers.ts); absent when none is set. */
  readonly provider?: AzureProviderConfig;
}

export interface AwsSettings extends CommonSettings {
  readonly cloud: "aws";
  readonly aws: AwsNetwork;
}

export interface AzureSettings extends CommonSettings {
  readonly cloud: "azure";
  readonly azure: AzureNetwork;
}

/** A stack's configuration, validated: every value here obeys Adobe's rules. */
export type Settings = AwsSettings | AzureSettings;

export type { Cloud, Environment, Topology };
