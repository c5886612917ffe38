/**
 * The config contract of a stack file, as one declarative table: every key, its section, type, the
 * cloud and topology that read it, whether it is required, its default and its documentation. The
 * key lists the validation walks, the cloud-only and bidirectional-only checks, Pulumi.yaml's schema,
 * the README's Configuration table and the policy pack's config keys are derived from it or checked
 * against it (test/config.spec.ts).
 */
import type { Cloud } from "../rules/adobe";

export const PROJECT = "commerce-privatelink";

export type KeyType = "string" | "boolean" | "object" | "string[]" | "object[]";

export interface KeySpec {
  /** Key path under the project namespace. */
  readonly key: string;
  readonly type: KeyType;
  /** The one cloud that reads the key; setting it on the other cloud is an error. */
  readonly cloud?: Cloud;
  /** Set when only bidirectional stacks read the key; the words say why, for the error. */
  readonly bidirectionalOnly?: string;
  /** When the key must be set, in words. */
  readonly required: string;
  /** The default, in words; absent when there is none. */
  readonly default?: string;
  /** Declared with its type and default in Pulumi.yaml (Pulumi's schema types scalars only). */
  readonly schema?: true;
  /** The policy pack config key (policy/config.ts) that carries this key's value, if any. */
  readonly policy?: string;
  /** The keys of each entry of an `object[]` key, in the description's order; `?` marks an optional one. */
  readonly entries?: readonly string[];
  readonly description: string;
}

export const DEFAULT_TOPOLOGY = "unidirectional";

const TABLE = [
  {
    key: "cloud",
    type: "string",
    required: "yes",
    schema: true,
    policy: "cloud",
    description: "`aws` or `azure`: the cloud of the Adobe Commerce cluster.",
  },
  {
    key: "region",
    type: "string",
    required: "yes",
    schema: true,
    policy: "region",
    description:
      "The Adobe Commerce cluster's region: an AWS commercial region code (`us-east-1`) or an Azure public-cloud region name (`eastus`); GovCloud, China and other separate clouds are refused.",
  },
  {
    key: "topology",
    type: "string",
    required: "no",
    default: DEFAULT_TOPOLOGY,
    schema: true,
    description: "`unidirectional` (customer -> Adobe) or `bidirectional` (also Adobe -> customer).",
  },
  {
    key: "adobe.company",
    type: "string",
    required: "yes",
    description:
      "Company name for the ticket subject `PrivateLink support for <company>`: at most 100 characters, one line, no control, format or bidi characters.",
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
    policy: "environment",
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
    policy: "ports",
    entries: ["name", "port", "formerName?"],
    description:
      "Adobe Commerce services the customer reaches: `{name, port, formerName?}` each. Never 22; never 443 on Azure. AWS: ports x `network.clientCidrs` <= 60.",
  },
  {
    key: "adobe.endpointService",
    type: "string",
    cloud: "aws",
    required: "aws, once Adobe sends it",
    description: "Adobe's endpoint service name `com.amazonaws.vpce.<region>.vpce-svc-<17 hex>`; until set, no endpoint is created.",
  },
  {
    key: "adobe.privateLinkService",
    type: "string",
    cloud: "azure",
    required: "azure, once Adobe sends it",
    description: "Adobe's Private Link Service: resource id or alias; until set, no private endpoint is created.",
  },
  {
    key: "adobe.subscriptionIds",
    type: "string[]",
    cloud: "azure",
    bidirectionalOnly: "who may see the customer's Private Link Service",
    required: "azure bidirectional, once Adobe sends them",
    default: "[]",
    policy: "subscriptionIds",
    description:
      "Adobe's Azure subscription IDs allowed to see the customer's Private Link Service; until set, nobody sees it and the ticket lists them as missing.",
  },
  {
    key: "adobe.connections",
    type: "string[]",
    bidirectionalOnly: "Adobe connects to the customer's service only then",
    required: "no (bidirectional, once Adobe connects)",
    default: "[]",
    description:
      "Adobe's connections to approve: AWS endpoint ids (`vpce-<8 or 17 hex>`, once `pendingAcceptance`), Azure private endpoint connection names.",
  },
  {
    key: "network.clientCidrs",
    type: "string[]",
    required: "yes, >= 1",
    description: "Private CIDR blocks of the customer systems allowed to use the endpoint to Adobe, in canonical form (`10.20.0.0/16`).",
  },
  { key: "network.vpcId", type: "string", cloud: "aws", required: "aws", description: "The customer VPC (`vpc-...`)." },
  {
    key: "network.subnetIds",
    type: "string[]",
    cloud: "aws",
    required: "aws, >= 1",
    description: "Subnets for the endpoint and the load balancer, ideally in two or more zones.",
  },
  {
    key: "network.resourceGroupName",
    type: "string",
    cloud: "azure",
    required: "azure",
    description: "Resource group the program creates its resources in.",
  },
  {
    key: "network.endpointSubnetId",
    type: "string",
    cloud: "azure",
    required: "azure",
    description: "Subnet resource id of the private endpoint to Adobe.",
  },
  {
    key: "network.serviceSubnetId",
    type: "string",
    cloud: "azure",
    bidirectionalOnly: "the load balancer and the Private Link Service live there",
    required: "azure bidirectional",
    description: "Subnet resource id of the load balancer frontend and the Private Link Service NAT IP.",
  },
  {
    key: "services",
    type: "object[]",
    bidirectionalOnly: "Adobe -> customer leg",
    required: "bidirectional, >= 1",
    policy: "servicePorts",
    entries: ["name", "port", "targets", "targetPort?", "formerName?"],
    description:
      "Customer services Adobe reaches: `{name, port, targets, targetPort?, formerName?}` each; targets are private IPv4 addresses on AWS, network interface IP configuration ids on Azure.",
  },
  {
    key: "protect",
    type: "boolean",
    required: "no",
    default: "true for production, false for staging",
    description:
      "Protect the endpoint, service and load balancer from deletion (and turn on load balancer deletion protection); AWS approvals are retained on delete instead, Azure approvals are made with the handshake's `az` command.",
  },
  {
    key: "tags",
    type: "object",
    required: "no",
    default: "{}",
    policy: "requiredTags",
    description:
      "Tags added to every resource that takes tags; keys 1-128 and values up to 256 characters. AWS: at most 49, no `Name` (every resource gets its own); Azure: at most 50.",
  },
] as const satisfies readonly KeySpec[];

/** Every key of the contract, in the order the README lists them. */
export const KEYS: readonly KeySpec[] = TABLE;

export type KeyPath = (typeof TABLE)[number]["key"];
type Head<K extends string> = K extends `${infer H}.${string}` ? H : K;
/** Top-level keys (what `pulumi config set <key>` takes). */
export type TopLevelKey = Head<KeyPath>;

const SPECS = KEYS;

function head(key: string): string {
  return key.split(".")[0] as string;
}

export const TOP_LEVEL_KEYS: readonly TopLevelKey[] = [...new Set(SPECS.map((spec) => head(spec.key)))] as TopLevelKey[];

/** Top-level keys whose value is a YAML mapping or list, handed to the program as JSON. */
export const STRUCTURED_KEYS: readonly TopLevelKey[] = TOP_LEVEL_KEYS.filter((top) =>
  SPECS.some((spec) => spec.key.startsWith(`${top}.`) || (spec.key === top && spec.type !== "string" && spec.type !== "boolean")),
);

/** The keys of a section (`adobe`, `network`), without the section's prefix. */
export function sectionKeys(section: TopLevelKey): readonly string[] {
  return SPECS.filter((spec) => spec.key.startsWith(`${section}.`)).map((spec) => spec.key.slice(section.length + 1));
}

export const ADOBE_KEYS = sectionKeys("adobe");
export const NETWORK_KEYS = sectionKeys("network");

/** Keys that only one cloud reads; setting them on the other cloud is an error. */
export const CLOUD_ONLY_KEYS: readonly (KeySpec & { readonly cloud: Cloud })[] = SPECS.filter(
  (spec): spec is KeySpec & { readonly cloud: Cloud } => spec.cloud !== undefined,
);

/** Keys that only bidirectional stacks read; setting them on a unidirectional stack is an error. */
export const BIDIRECTIONAL_ONLY_KEYS: readonly (KeySpec & { readonly bidirectionalOnly: string })[] = SPECS.filter(
  (spec): spec is KeySpec & { readonly bidirectionalOnly: string } => spec.bidirectionalOnly !== undefined,
);

/** The keys an entry of an `object[]` key takes (`formerName`, not `formerName?`), for the readers. */
export function entryKeys(key: "adobe.ports" | "services"): readonly string[] {
  return (keySpec(key)?.entries ?? []).map((entry) => entry.replace(/\?$/, ""));
}

export function keySpec(key: string): KeySpec | undefined {
  return SPECS.find((spec) => spec.key === key);
}
