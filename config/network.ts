/**
 * The `network:` section: the customer's client CIDR blocks and the cloud's network ids (AWS VPC and
 * subnets, Azure resource group and subnets), together with the cloud's keys of `adobe:` that name
 * what Adobe sends back.
 */
import type { Topology } from "../rules/adobe";
import { type Cidr, coversInternet, isPrivate, parseCidr } from "../lib/ipv4";
import { GUID_TEXT, NIL_GUID, RG_TEXT, readEndpointService, readGuids, readPrivateLinkService } from "./adobe";
import { duplicates, type Json, list, type Problems, text } from "./check";
import type { AwsNetwork, AzureNetwork } from "./settings";

const AWS_ID = (prefix: string): RegExp => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
const VPC_ID = AWS_ID("vpc");
const SUBNET_ID = AWS_ID("subnet");
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const SUBNET_RESOURCE_ID = new RegExp(
  `^/subscriptions/(${GUID_TEXT})/resourceGroups/(${RG_TEXT})/providers/Microsoft\\.Network/virtualNetworks/([-\\w.]+)/subnets/([-\\w.]+)$`,
  "i",
);

/** `network.clientCidrs`: private, canonical, not covering the internet together, no repeats. */
export function readCidrs(p: Problems, value: Json): { texts: string[]; cidrs: Cidr[] } {
  const items = list(
    p,
    "network.clientCidrs",
    value,
    1,
    "list the private CIDR blocks of the systems that use the connection, e.g. [10.20.0.0/16]",
  );
  const cidrs: Cidr[] = [];
  items.forEach((item, index) => {
    const key = `network.clientCidrs[${index}]`;
    const raw = text(p, key, item, true, "write a private CIDR block such as 10.20.0.0/16");
    if (raw === undefined) return;
    const parsed = parseCidr(raw);
    if (!parsed.ok) {
      p.add(key, raw, parsed.reason, parsed.fix ?? "write a private IPv4 CIDR block such as 10.20.0.0/16");
      return;
    }
    if (parsed.cidr.prefix === 0) {
      p.add(
        key,
        raw,
        "allows every address: the endpoint to Adobe must be reachable only from the customer's own systems",
        "list the private blocks of those systems, e.g. 10.20.0.0/16",
      );
      return;
    }
    if (!isPrivate(parsed.cidr)) {
      p.add(
        key,
        raw,
        "is public or reaches beyond private address space (10/8, 172.16/12, 192.168/16, 100.64/10)",
        "list only the private blocks of the customer systems, e.g. 10.20.0.0/16",
      );
      return;
    }
    cidrs.push(parsed.cidr);
  });
  const all = items.flatMap((item) => {
    const parsed = typeof item === "string" ? parseCidr(item) : undefined;
    return parsed?.ok ? [parsed.cidr] : [];
  });
  if (all.length > 1 && all.every((cidr) => cidr.prefix > 0) && coversInternet(all)) {
    p.add(
      "network.clientCidrs",
      items,
      "together cover every IPv4 address (the internet)",
      "list only the private blocks of the customer systems",
    );
  }
  duplicates(p, "network.clientCidrs", items, (item) => (typeof item === "string" ? item : undefined), "block");
  return { texts: cidrs.map((cidr) => cidr.text), cidrs };
}

function readAwsId(p: Problems, key: string, value: Json, pattern: RegExp, example: string): string | undefined {
  const id = text(p, key, value, true, `set it, e.g. ${example}`);
  if (id === undefined) return undefined;
  if (!pattern.test(id)) {
    return p.add(
      key,
      id,
      `is not an id of the form ${example.replace(/-.*/, "")}-<8 or 17 hex digits>`,
      `copy the id from the AWS console, e.g. ${example}`,
    );
  }
  return id;
}

function readSubnetResourceId(p: Problems, key: string, value: Json, required: boolean): string | undefined {
  const example = "/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>";
  const fix = "copy the subnet's resource id: az network vnet subnet show --query id";
  const id = text(p, key, value, required, `set the subnet's resource id: ${example}`);
  if (id === undefined) return undefined;
  const match = SUBNET_RESOURCE_ID.exec(id);
  if (!match) return p.add(key, id, `is not a subnet resource id (${example})`, fix);
  if ((match[1] ?? "").toLowerCase() === NIL_GUID) return p.add(key, id, "names the nil subscription", fix);
  return id;
}

/** The AWS network (VPC, subnets) and Adobe's endpoint service; undefined when unusable. */
export function readAwsNetwork(
  p: Problems,
  adobe: Record<string, Json>,
  network: Record<string, Json>,
  region: string | undefined,
): Omit<AwsNetwork, "provider"> | undefined {
  const vpcId = readAwsId(p, "network.vpcId", network.vpcId, VPC_ID, "vpc-0123456789abcdef0");
  const subnetItems = list(p, "network.subnetIds", network.subnetIds, 1, "list the subnets for the endpoint, ideally in two or more zones");
  const subnetIds = subnetItems.flatMap(
    (item, index) => readAwsId(p, `network.subnetIds[${index}]`, item, SUBNET_ID, "subnet-0123456789abcdef0") ?? [],
  );
  duplicates(p, "network.subnetIds", subnetItems, (item) => (typeof item === "string" ? item : undefined), "subnet");
  const endpointService = readEndpointService(p, adobe.endpointService, region);
  if (vpcId === undefined) return undefined;
  return { vpcId, subnetIds, ...(endpointService ? { endpointService } : {}) };
}

/** The Azure network (resource group, subnets), Adobe's subscriptions and Private Link Service. */
export function readAzureNetwork(
  p: Problems,
  adobe: Record<string, Json>,
  network: Record<string, Json>,
  region: string | undefined,
  topology: Topology | undefined,
): Omit<AzureNetwork, "provider"> | undefined {
  const bidirectional = topology === "bidirectional";
  const rg = text(p, "network.resourceGroupName", network.resourceGroupName, true, "set the resource group to create the resources in");
  if (rg !== undefined && !RESOURCE_GROUP.test(rg)) {
    p.add(
      "network.resourceGroupName",
      rg,
      "is not a resource group name (1-90 letters, digits, -_.(), not ending in a period)",
      "write the resource group's name, not its id",
    );
  }
  const endpointSubnetId = readSubnetResourceId(p, "network.endpointSubnetId", network.endpointSubnetId, true);
  const serviceSubnetId =
    topology === "unidirectional" ? undefined : readSubnetResourceId(p, "network.serviceSubnetId", network.serviceSubnetId, bidirectional);
  // Optional in phase 1: Adobe sends its subscriptions later; until then nobody sees the service.
  const subscriptionIds = bidirectional ? readGuids(p, "adobe.subscriptionIds", adobe.subscriptionIds, 0) : [];
  const privateLinkService = readPrivateLinkService(p, adobe.privateLinkService, region);
  if (rg === undefined || endpointSubnetId === undefined) return undefined;
  return {
    resourceGroupName: rg,
    endpointSubnetId,
    subscriptionIds,
    ...(serviceSubnetId ? { serviceSubnetId } : {}),
    ...(privateLinkService ? { privateLinkService } : {}),
  };
}
