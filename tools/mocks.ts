/**
 * Pulumi runtime mocks that answer like AWS and Azure would, with placeholder identifiers in the
 * stack's region, account and resource group. Used by the unit tests and by the offline plan: what
 * the program registers is recorded so that it can be shown, checked and evaluated by the policy pack.
 *
 * A resource type missing from lib/resourceTypes.ts (which holds each type's placeholder outputs) and
 * an invoke this file does not know both fail loudly: a new type or data source is mocked on purpose.
 * What each cloud would refuse fails here too (tools/mock-rules-aws.ts, tools/mock-rules-azure.ts,
 * where a test can also set the Azure lookups' answers).
 */
import type * as pulumi from "@pulumi/pulumi";
import { knownResourceType, type MockAnswer, type Placeholders, type ResourceTypeEntry } from "../lib/resourceTypes";
import { awsMockRefusal, OTHER_VPC, OTHER_VPC_SUBNET, REMOVED_VPC_BLOCK } from "./mock-rules-aws";
import { azureRefusal, mockConnectionStates, mockSubnet, mockVirtualNetwork } from "./mock-rules-azure";

/** What the placeholders are made of. */
export interface MockContext {
  region: string;
  /** AWS account id of the customer. */
  accountId: string;
  /** Azure subscription id of the customer. */
  subscriptionId: string;
  /** Azure resource group the program creates its resources in. */
  resourceGroup: string;
  /** First two octets of the customer network, for placeholder private addresses (e.g. "10.40"). */
  network: string;
  /** The customer's AWS VPC (network.vpcId): the configured subnets are in it, except OTHER_VPC_SUBNET. */
  vpcId: string;
  /** Zones Adobe's endpoint service is offered in; undefined: every zone of the region. */
  serviceZones?: readonly string[];
}

export const DEFAULT_MOCK_CONTEXT: MockContext = {
  region: "us-east-1",
  accountId: "123456789012",
  subscriptionId: "11111111-2222-4333-8444-555555555555",
  resourceGroup: "rg-commerce-link",
  network: "10.20",
  vpcId: "vpc-0a1b2c3d4e5f67890",
};

/** A resource as the mocks saw it registered. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** False for component resources. */
  custom: boolean;
  /** The inputs after SDK-side defaults, as the provider would receive them. */
  inputs: Record<string, unknown>;
  /** The placeholder id and state the mocks answered with. */
  id: string | undefined;
  state: Record<string, unknown>;
  /** `<provider urn>::<provider id>` for resources with an explicit provider. */
  provider: string | undefined;
}

/** A data source call as the mocks saw it. */
export interface RecordedCall {
  token: string;
  inputs: Record<string, unknown>;
}

/** Deterministic hex digits from a text: the same resource name always gets the same placeholder id. */
export function placeholderHex(seed: string, digits: number): string {
  let out = "";
  let hash = 0x811c9dc5;
  for (let round = 0; out.length < digits; round++) {
    for (const char of `${seed}#${round}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, "0");
  }
  return out.slice(0, digits);
}

/** The zone id AWS prints for a region's zone: us-east-1 zone 1 -> use1-az1. */
export function awsZoneId(region: string, zone: number): string {
  const [area = "", ...rest] = region.split("-");
  const number = rest.pop() ?? "1";
  const words = rest
    .filter((word) => word !== "gov")
    .map((word) => word.replace(/^(north|south)(east|west)$/, (_m, a: string, b: string) => `${a[0]}${b[0]}`).replace(/^(.).*$/, "$1"))
    .join("");
  return `${area}${words}${number}-az${zone}`;
}

const ZONE_LETTERS = ["a", "b", "c"];

/** The zone name the mocks put a subnet in. */
export function mockSubnetZone(region: string, subnetId: string): string {
  return `${region}${ZONE_LETTERS[zoneOf(subnetId)] ?? "a"}`;
}

function zoneOf(seed: string): number {
  return parseInt(placeholderHex(seed, 2), 16) % ZONE_LETTERS.length;
}

type State = Record<string, unknown>;

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

/** Mocks that record what they see; `reset` before each program run. */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  /** What the cloud would have refused (tools/mock-rules-aws.ts); a run with one fails after it completes. */
  readonly refusals: string[] = [];

  /**
   * A renamed resource's name before the rename (its `{ name }` alias), by its name now: its
   * placeholder outputs are seeded by the former name, as the cloud keeps a renamed resource's ids.
   */
  readonly formerNames = new Map<string, string>();

  constructor(public context: MockContext = DEFAULT_MOCK_CONTEXT) {}

  reset(context: MockContext = this.context): void {
    this.context = context;
    this.resources.length = 0;
    this.calls.length = 0;
    this.refusals.length = 0;
    this.formerNames.clear();
  }

  private azureId(collection: string, name: string): string {
    const { subscriptionId, resourceGroup } = this.context;
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${collection}/${name}`;
  }

  private privateIp(seed: string): string {
    const hex = placeholderHex(seed, 4);
    return `${this.context.network}.${parseInt(hex.slice(0, 2), 16) % 250}.${(parseInt(hex.slice(2), 16) % 250) + 4}`;
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = (args.inputs ?? {}) as State;
    // Components too: the plan shows each type in the group the table gives it.
    const entry = knownResourceType(args.type, "the mocks");
    // AWS's refusals are collected and reported together after the run (tools/run.ts); Azure's fail
    // the registration, as the Azure API fails the create.
    const awsRefusal = awsMockRefusal(args.type, inputs, { resources: this.resources, vpcCidrs: [`${this.context.network}.0.0/16`] });
    if (awsRefusal !== undefined) this.refusals.push(`${args.name}: ${awsRefusal}`);
    const azure = azureRefusal(args.type, inputs, this.resources);
    if (azure) throw Object.assign(new Error(azure), { details: azure });
    const { id, state } =
      args.custom === false
        ? { id: undefined, state: {} }
        : this.answer(entry, args.type, this.formerNames.get(args.name) ?? args.name, inputs);
    const urn = `urn:pulumi:mock::mock::${args.type}::${args.name}`;
    this.resources.push({
      urn,
      type: args.type,
      name: args.name,
      custom: args.custom !== false,
      inputs,
      id,
      state,
      provider: args.provider || undefined,
    });
    return { id, state: { ...inputs, ...state } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as State;
    this.calls.push({ token: args.token, inputs });
    const { region, accountId, subscriptionId } = this.context;
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId, arn: `arn:aws:iam::${accountId}:user/placeholder`, id: accountId, userId: "AIDAPLACEHOLDER" };
      case "aws:ec2/getSubnet:getSubnet": {
        const subnet = str(inputs.id);
        const zone = zoneOf(subnet);
        return {
          id: subnet,
          availabilityZone: `${region}${ZONE_LETTERS[zone] ?? "a"}`,
          availabilityZoneId: awsZoneId(region, zone + 1),
          vpcId: subnet === OTHER_VPC_SUBNET ? OTHER_VPC : this.context.vpcId,
          cidrBlock: `${this.context.network}.${zone}.0/24`,
          region,
        };
      }
      case "aws:ec2/getVpc:getVpc": {
        const cidrBlock = `${this.context.network}.0.0/16`;
        const associationId = `vpc-cidr-assoc-${placeholderHex(str(inputs.id), 17)}`;
        // A block being removed is still listed, as EC2 lists it for a while after the disassociation.
        const removed = { associationId: `${associationId}0`, cidrBlock: REMOVED_VPC_BLOCK, state: "disassociated" };
        return {
          id: str(inputs.id),
          cidrBlock,
          cidrBlockAssociations: [{ associationId, cidrBlock, state: "associated" }, removed],
          region,
        };
      }
      case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
        const serviceName = str(inputs.serviceName);
        return {
          id: serviceName,
          serviceName,
          serviceId: serviceName.replace(/^.*\.(vpce-svc-[0-9a-f]+)$/, "$1"),
          serviceType: "Interface",
          owner: "402592597372",
          acceptanceRequired: true,
          availabilityZones: this.context.serviceZones ?? ZONE_LETTERS.map((letter) => `${region}${letter}`),
          baseEndpointDnsNames: [`${serviceName.replace(/^com\.amazonaws\.vpce\.[^.]+\./, "")}.${region}.vpce.amazonaws.com`],
          privateDnsName: "",
          region,
          serviceRegion: region,
          supportedIpAddressTypes: ["ipv4"],
          tags: {},
        };
      }
      case "azure-native:authorization:getClientConfig":
        return { subscriptionId, tenantId: "22222222-3333-4444-8555-666666666666", clientId: "placeholder", objectId: "placeholder" };
      case "azure-native:network:getVirtualNetwork":
        return mockVirtualNetwork(inputs, region);
      case "azure-native:network:getSubnet":
        return mockSubnet(inputs);
      case "azure-native:network:getNetworkInterface": {
        const nic = str(inputs.networkInterfaceName);
        return { name: nic, ipConfigurations: [{ name: "ipconfig1", privateIPAddress: this.privateIp(nic), primary: true }] };
      }
      default: {
        const message = `the mocks do not know the data source ${args.token}; add it to tools/mocks.ts`;
        throw Object.assign(new Error(message), { details: message });
      }
    }
  }

  /** What a type's placeholder outputs are made of, for one resource. */
  private placeholders(type: string, name: string): Placeholders {
    const { region, accountId } = this.context;
    return {
      region,
      accountId,
      zoneLetters: ZONE_LETTERS,
      hex: (digits) => placeholderHex(`${type}/${name}`, digits),
      hexOf: placeholderHex,
      arn: (service, resource) => `arn:aws:${service}:${region}:${accountId}:${resource}`,
      azureId: (collection, resourceName) => this.azureId(collection, resourceName),
      privateIp: (seed) => this.privateIp(seed),
      linkConnections: Object.fromEntries(mockConnectionStates),
    };
  }

  /**
   * Placeholder id and output state for a custom resource, shaped like the real provider's: the table's
   * mock outputs, else an id (an Azure resource id on Azure) and, on Azure, the name.
   */
  private answer(entry: ResourceTypeEntry, type: string, name: string, inputs: State): MockAnswer {
    const at = this.placeholders(type, name);
    if (entry.mock) return entry.mock(name, inputs, at);
    const explicitName = Object.entries(inputs).find(
      ([key, value]) => key.endsWith("Name") && key !== "resourceGroupName" && typeof value === "string",
    );
    const resourceName = explicitName ? str(explicitName[1]) : name;
    const azureNetwork = /^azure-native:network:(.)(.*)$/.exec(type);
    if (azureNetwork) {
      const collection = `${(azureNetwork[1] ?? "").toLowerCase()}${azureNetwork[2] ?? ""}s`;
      return { id: this.azureId(collection, resourceName), state: { name: resourceName } };
    }
    return { id: `${name}-${at.hex(8)}`, state: type.startsWith("azure-native:") ? { name: resourceName } : {} };
  }
}
