/**
 * The config contract of a stack file: every key, its type, whether it is required and its default.
 * The README table, `Pulumi.yaml` and the validation are tested against this list.
 */

export const PROJECT = "commerce-privatelink";

export type KeyType = "string" | "boolean" | "object" | "string[]" | "object[]";

export interface KeySpec {
  /** Key path under the project namespace. */
  readonly key: string;
  readonly type: KeyType;
  /** When the key must be set, in words. */
  readonly required: string;
  /** The default, in words; undefined when there is none. */
  readonly default?: string;
  readonly description: string;
}

/** Top-level keys (what `pulumi config set <key>` takes). */
export const TOP_LEVEL_KEYS = ["cloud", "region", "topology", "adobe", "network", "services", "protect", "tags"] as const;
export type TopLevelKey = (typeof TOP_LEVEL_KEYS)[number];

/** Top-level keys whose value is a YAML object or list, handed to the program as JSON. */
export const STRUCTURED_KEYS: readonly TopLevelKey[] = ["adobe", "network", "services", "tags"];

export const ADOBE_KEYS = [
  "company",
  "projectId",
  "environment",
  "clusterId",
  "ports",
  "endpointService",
  "privateLinkService",
  "subscriptionIds",
  "connections",
] as const;

export const NETWORK_KEYS = ["clientCidrs", "vpcId", "subnetIds", "resourceGroupName", "endpointSubnetId", "serviceSubnetId"] as const;

/** Keys that only one cloud reads; setting them on the other cloud is an error. */
export const CLOUD_ONLY_KEYS: Readonly<Record<string, "aws" | "azure">> = {
  "adobe.endpointService": "aws",
  "network.vpcId": "aws",
  "network.subnetIds": "aws",
  "adobe.privateLinkService": "azure",
  "adobe.subscriptionIds": "azure",
  "network.resourceGroupName": "azure",
  "network.endpointSubnetId": "azure",
  "network.serviceSubnetId": "azure",
};

export const DEFAULT_TOPOLOGY = "unidirectional";

export const KEYS: readonly KeySpec[] = [
  { key: "cloud", type: "string", required: "yes", description: "`aws` or `azure`: the cloud of the Adobe Commerce cluster." },
  {
    key: "region",
    type: "string",
    required: "yes",
    description: "The Adobe Commerce cluster's region: an AWS region code (`us-east-1`) or an Azure region name (`eastus`).",
  },
  {
    key: "topology",
    type: "string",
    required: "no",
    default: DEFAULT_TOPOLOGY,
    description: "`unidirectional` (customer -> Adobe) or `bidirectional` (also Adobe -> customer).",
  },
  {
    key: "adobe.company",
    type: "string",
    required: "yes",
    description: "Company name for the ticket subject `PrivateLink support for <company>`.",
  },
  {
    key: "adobe.projectId",
    type: "string",
    required: "yes",
    description: "Adobe Commerce Pro project ID (`magento-cloud project:info`), 13 lowercase letters and digits.",
  },
  {
    key: "adobe.environment",
    type: "string",
    required: "yes",
    description: "`production` or `staging`: the only Pro environments with PrivateLink.",
  },
  {
    key: "adobe.clusterId",
    type: "string",
    required: "no",
    description: "Cluster ID from `cat /etc/platform_cluster`; listed as missing in the ticket until set.",
  },
  {
    key: "adobe.ports",
    type: "object[]",
    required: "yes, >= 1",
    description: "Adobe Commerce services the customer reaches: `{name, port}` each. Never 22; never 443 on Azure.",
  },
  {
    key: "adobe.endpointService",
    type: "string",
    required: "aws, once Adobe sends it",
    description: "Adobe's endpoint service name `com.amazonaws.vpce.<region>.vpce-svc-<17 hex>`; until set, no endpoint is created.",
  },
  {
    key: "adobe.privateLinkService",
    type: "string",
    required: "azure, once Adobe sends it",
    description: "Adobe's Private Link Service: resource id or alias; until set, no private endpoint is created.",
  },
  {
    key: "adobe.subscriptionIds",
    type: "string[]",
    required: "azure bidirectional, once Adobe sends them",
    default: "[]",
    description:
      "Adobe's Azure subscription IDs allowed to see the customer's Private Link Service; until set, nobody sees it and the ticket lists them as missing.",
  },
  {
    key: "adobe.connections",
    type: "string[]",
    required: "no (bidirectional, once Adobe connects)",
    default: "[]",
    description: "Adobe's connections to approve: AWS endpoint ids (`vpce-<17 hex>`), Azure private endpoint connection names.",
  },
  {
    key: "network.clientCidrs",
    type: "string[]",
    required: "yes, >= 1",
    description: "Private CIDR blocks of the customer systems allowed to use the endpoint to Adobe.",
  },
  { key: "network.vpcId", type: "string", required: "aws", description: "The customer VPC (`vpc-...`)." },
  {
    key: "network.subnetIds",
    type: "string[]",
    required: "aws, >= 1",
    description: "Subnets for the endpoint and the load balancer, ideally in two or more zones.",
  },
  {
    key: "network.resourceGroupName",
    type: "string",
    required: "azure",
    description: "Resource group the program creates its resources in.",
  },
  {
    key: "network.endpointSubnetId",
    type: "string",
    required: "azure",
    description: "Subnet resource id of the private endpoint to Adobe.",
  },
  {
    key: "network.serviceSubnetId",
    type: "string",
    required: "azure bidirectional",
    description: "Subnet resource id of the load balancer frontend and the Private Link Service NAT IP.",
  },
  {
    key: "services",
    type: "object[]",
    required: "bidirectional, >= 1",
    description:
      "Customer services Adobe reaches: `{name, port, targets, targetPort?}` each; targets are private IPv4 addresses on AWS, network interface IP configuration ids on Azure.",
  },
  {
    key: "protect",
    type: "boolean",
    required: "no",
    default: "true for production, false for staging",
    description:
      "Protect the endpoint, service, load balancer and approvals from deletion (and turn on load balancer deletion protection).",
  },
  { key: "tags", type: "object", required: "no", default: "{}", description: "Tags added to every resource that takes tags." },
];
