/**
 * Stack configuration -> typed, validated Settings. Pure: it takes the key/value map Pulumi hands a
 * program (top-level scalars as strings, objects and lists as JSON) and returns either Settings or
 * every problem found, each naming the key path, the value, the rule and the fix.
 */
import {
  AWS_QUOTAS,
  AZURE_QUOTAS,
  CLOUDS,
  type Cloud,
  DISCOURAGED_PORTS,
  ENVIRONMENTS,
  type Environment,
  forbiddenPort,
  type Leg,
  TOPOLOGIES,
  type Topology,
  UNSUPPORTED_ENVIRONMENTS,
} from "../rules/adobe";
import { AWS_REGION, AZURE_REGIONS, isAwsRegion, isAzureRegion } from "../rules/regions";
import { type Cidr, coversInternet, isPrivate, isPrivateAddress, parseCidr } from "../lib/ipv4";
import { planIngressRules } from "../lib/ports";
import { nearest } from "../lib/suggest";
import {
  ADOBE_KEYS,
  CLOUD_ONLY_KEYS,
  DEFAULT_TOPOLOGY,
  NETWORK_KEYS,
  PROJECT,
  STRUCTURED_KEYS,
  TOP_LEVEL_KEYS,
  type TopLevelKey,
} from "./keys";
import { azurePlacementProblems, azureTargetProblems, PROVIDER_SUBSCRIPTION_KEY, rawTargets } from "./azure";
import type { ConfigProblem } from "./problems";
import type { AdobePort, AwsSettings, AzureSettings, CustomerService, Settings } from "./settings";

export type Validation =
  | { readonly ok: true; readonly settings: Settings; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = "00000000-0000-0000-0000-000000000000";
const AWS_ID = (prefix: string): RegExp => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
const VPC_ID = AWS_ID("vpc");
const SUBNET_ID = AWS_ID("subnet");
const ENDPOINT_ID = /^vpce-[0-9a-f]{17}$/;
const ENDPOINT_SERVICE = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-([0-9a-f]{17})$/;
const PROJECT_ID = /^[a-z0-9]{13}$/;
const CLUSTER_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;
const NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const AZURE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$|^[A-Za-z0-9]$/;
const GUID_TEXT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const RG_TEXT = "[-\\w.()]+";
const SUBNET_RESOURCE_ID = new RegExp(
  `^/subscriptions/(${GUID_TEXT})/resourceGroups/(${RG_TEXT})/providers/Microsoft\\.Network/virtualNetworks/([-\\w.]+)/subnets/([-\\w.]+)$`,
  "i",
);
const PLS_RESOURCE_ID = new RegExp(
  `^/subscriptions/(${GUID_TEXT})/resourceGroups/(${RG_TEXT})/providers/Microsoft\\.Network/privateLinkServices/([-\\w.]+)$`,
  "i",
);
const PLS_ALIAS = new RegExp(`^([-\\w]+)\\.(${GUID_TEXT})\\.([a-z0-9]+)\\.azure\\.privatelinkservice$`, "i");
const MAX_COMPANY = 100;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;

type Json = unknown;

/** Collects problems; every check adds to it and none stops the others. */
class Problems {
  readonly list: ConfigProblem[] = [];

  add(key: string, value: unknown, rule: string, fix: string): undefined {
    this.list.push({ key, value, rule, fix });
    return undefined;
  }
}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const YAML_NUMBER_RULE = "must be text, but the stack file holds a YAML number (leading zeros and long digits are lost)";

/**
 * Reads a text value. Numbers are refused, never coerced: YAML turns `0123` into 83 or 123 and an
 * identifier would silently change.
 */
function text(p: Problems, key: string, value: Json, required: boolean, fix: string): string | undefined {
  if (value === undefined || value === null) {
    return required ? p.add(key, value, "is required", fix) : undefined;
  }
  if (typeof value === "number") return p.add(key, value, YAML_NUMBER_RULE, `quote it: '${String(value)}'`);
  if (typeof value !== "string") return p.add(key, value, "must be text", fix);
  if (value.trim() === "") return required ? p.add(key, value, "must not be empty", fix) : undefined;
  if (value !== value.trim()) return p.add(key, value, "has leading or trailing spaces", `write '${value.trim()}'`);
  return value;
}

/** Reads a list; `min` items at least. Returns [] when the list itself is unusable. */
function list(p: Problems, key: string, value: Json, min: number, fix: string): Json[] {
  if (value === undefined || value === null) {
    if (min > 0) p.add(key, value, `is required (a list of at least ${min})`, fix);
    return [];
  }
  if (!Array.isArray(value)) {
    p.add(key, value, "must be a YAML list", fix);
    return [];
  }
  if (value.length < min) p.add(key, value, `must have at least ${min} item${min === 1 ? "" : "s"}`, fix);
  return value;
}

function object(p: Problems, key: string, value: Json, required: boolean, fix: string): Record<string, Json> {
  if (value === undefined || value === null) {
    if (required) p.add(key, value, "is required", fix);
    return {};
  }
  if (!isRecord(value)) {
    p.add(key, value, "must be a YAML mapping (key: value lines)", fix);
    return {};
  }
  return value;
}

function unknownKeys(p: Problems, prefix: string, value: Record<string, Json>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = nearest(key, known);
    p.add(
      `${prefix}.${key}`,
      value[key],
      `is not a key of ${prefix} (known keys: ${known.join(", ")})`,
      guess ? `rename it to ${prefix}.${guess}` : "remove it",
    );
  }
}

function duplicates<T>(p: Problems, key: string, items: readonly T[], what: (item: T) => string | number | undefined, label: string): void {
  const seen = new Map<string | number, number>();
  items.forEach((item, index) => {
    const id = what(item);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, index);
    } else {
      p.add(`${key}[${index}]`, id, `repeats the ${label} of ${key}[${first}]`, `remove one of them or use a different ${label}`);
    }
  });
}

function choice<T extends string>(
  p: Problems,
  key: string,
  value: Json,
  choices: readonly T[],
  required: boolean,
  explain: (value: string) => string | undefined = () => undefined,
): T | undefined {
  const raw = text(p, key, value, required, `set it to one of ${choices.join(", ")}`);
  if (raw === undefined) return undefined;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const reason = explain(raw);
  const guess = nearest(raw, choices);
  const rule = reason ?? `must be one of ${choices.join(", ")}`;
  return p.add(key, raw, rule, guess && !reason ? `write ${guess}` : `use one of ${choices.join(", ")}`);
}

// ---------------------------------------------------------------------------------------------------
// Sections

function readTopLevel(p: Problems, raw: Readonly<Record<string, string>>): Partial<Record<TopLevelKey, Json>> {
  const out: Partial<Record<TopLevelKey, Json>> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    const key = fullKey.startsWith(`${PROJECT}:`) ? fullKey.slice(PROJECT.length + 1) : undefined;
    if (key === undefined) continue;
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      const guess = nearest(key, TOP_LEVEL_KEYS);
      p.add(
        key === "" ? fullKey : key,
        value,
        `is not a config key of ${PROJECT}`,
        guess ? `rename it to ${guess}` : `remove it (keys: ${TOP_LEVEL_KEYS.join(", ")})`,
      );
      continue;
    }
    const topKey = key as TopLevelKey;
    if (STRUCTURED_KEYS.includes(topKey)) {
      try {
        out[topKey] = JSON.parse(value) as Json;
      } catch {
        p.add(key, value, "must be a YAML mapping or list, not text", "write it as a mapping or list in the stack file (see README)");
      }
    } else {
      out[topKey] = value;
    }
  }
  return out;
}

function readRegion(p: Problems, value: Json, cloud: Cloud | undefined): string | undefined {
  const region = text(p, "region", value, true, "set the Adobe Commerce cluster's region, e.g. us-east-1 (aws) or eastus (azure)");
  if (region === undefined || cloud === undefined) return region;
  if (cloud === "aws" && !isAwsRegion(region)) {
    if (isAzureRegion(region)) {
      return p.add("region", region, "is an Azure region name, but cloud is aws", "use the AWS region code of the cluster, e.g. us-east-1");
    }
    return p.add(
      "region",
      region,
      `is not an AWS region code (${AWS_REGION.source})`,
      "use the cluster's region code, e.g. us-east-1 or eu-west-1",
    );
  }
  if (cloud === "azure" && !isAzureRegion(region)) {
    if (isAwsRegion(region)) {
      return p.add("region", region, "is an AWS region code, but cloud is azure", "use the Azure region name of the cluster, e.g. eastus");
    }
    const guess = nearest(region, AZURE_REGIONS);
    return p.add(
      "region",
      region,
      "is not an Azure region name",
      guess ? `write ${guess}` : "use the cluster's region name, e.g. eastus or westeurope",
    );
  }
  return region;
}

function readName(p: Problems, key: string, value: Json): string | undefined {
  const name = text(p, key, value, true, "give it a short name such as mysql or erp-db");
  if (name === undefined) return undefined;
  if (!NAME.test(name)) {
    return p.add(
      key,
      name,
      "must be 2 to 20 lowercase letters, digits and hyphens, starting with a letter (it names resources)",
      "use a short name such as mysql or erp-db",
    );
  }
  return name;
}

function readPort(p: Problems, key: string, value: Json, cloud: Cloud | undefined, leg: Leg): number | undefined {
  if (value === undefined || value === null) return p.add(key, value, "is required", "set the TCP port, e.g. 3306");
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    return p.add(key, value, "must be a whole number from 1 to 65535", "write the TCP port as a plain number, e.g. 3306");
  }
  const forbidden = forbiddenPort(cloud, leg, value);
  if (forbidden) return p.add(key, value, forbidden.reason, forbidden.fix);
  return value;
}

function readAdobePorts(p: Problems, value: Json, cloud: Cloud | undefined, warnings: string[]): AdobePort[] {
  const items = list(p, "adobe.ports", value, 1, "list the Adobe Commerce services to reach, e.g. - { name: mysql, port: 3306 }");
  const ports: AdobePort[] = [];
  items.forEach((item, index) => {
    const key = `adobe.ports[${index}]`;
    const entry = object(p, key, item, true, "write { name: mysql, port: 3306 }");
    unknownKeys(p, key, entry, ["name", "port"]);
    const name = readName(p, `${key}.name`, entry.name);
    const port = readPort(p, `${key}.port`, entry.port, cloud, "customer-to-adobe");
    if (name !== undefined && port !== undefined) {
      ports.push({ name, port });
      const discouraged = DISCOURAGED_PORTS[port];
      if (discouraged) warnings.push(`${key}.port ${port}: ${discouraged}.`);
    }
  });
  duplicates(p, "adobe.ports", items, (item) => (isRecord(item) && typeof item.name === "string" ? item.name : undefined), "name");
  duplicates(p, "adobe.ports", items, (item) => (isRecord(item) && typeof item.port === "number" ? item.port : undefined), "port");
  return ports;
}

function readServices(p: Problems, value: Json, cloud: Cloud | undefined, topology: Topology | undefined): CustomerService[] {
  if (topology === "unidirectional") {
    if (value !== undefined && value !== null) {
      p.add(
        "services",
        value,
        "only applies to bidirectional stacks (Adobe -> customer leg)",
        "remove services, or set topology: bidirectional",
      );
    }
    return [];
  }
  const min = topology === "bidirectional" ? 1 : 0;
  const items = list(
    p,
    "services",
    value,
    min,
    "list the customer services Adobe reaches, e.g. - { name: erp-db, port: 5432, targets: [10.20.1.15] }",
  );
  const services: CustomerService[] = [];
  items.forEach((item, index) => {
    const key = `services[${index}]`;
    const entry = object(p, key, item, true, "write { name: erp-db, port: 5432, targets: [10.20.1.15] }");
    unknownKeys(p, key, entry, ["name", "port", "targetPort", "targets"]);
    const name = readName(p, `${key}.name`, entry.name);
    const port = readPort(p, `${key}.port`, entry.port, cloud, "adobe-to-customer");
    const targetPort =
      entry.targetPort === undefined ? port : readPort(p, `${key}.targetPort`, entry.targetPort, cloud, "adobe-to-customer");
    const targetItems = list(p, `${key}.targets`, entry.targets, 1, "list the private IPv4 addresses of the service's hosts");
    const targets: string[] = [];
    targetItems.forEach((target, t) => {
      const address = text(p, `${key}.targets[${t}]`, target, true, "write a private IPv4 address such as 10.20.1.15");
      if (address === undefined) return;
      if (cloud === "azure") {
        const problems = azureTargetProblems(`${key}.targets[${t}]`, address);
        problems.forEach((problem) => p.add(problem.key, problem.value, problem.rule, problem.fix));
        if (problems.length === 0) targets.push(address);
        return;
      }
      if (!isPrivateAddress(address)) {
        p.add(
          `${key}.targets[${t}]`,
          address,
          "must be a private IPv4 address (10/8, 172.16/12, 192.168/16 or 100.64/10): the load balancer reaches targets inside the customer network",
          "write the host's private address, e.g. 10.20.1.15",
        );
        return;
      }
      targets.push(address);
    });
    duplicates(p, `${key}.targets`, targetItems, (target) => (typeof target === "string" ? target : undefined), "address");
    const maxTargets = cloud === "azure" ? AZURE_QUOTAS.backendAddressesPerPool : AWS_QUOTAS.targetsPerTargetGroup;
    if (targetItems.length > maxTargets) {
      p.add(
        `${key}.targets`,
        `${targetItems.length} targets`,
        `exceeds the quota of ${maxTargets} targets per service`,
        "split the service or put the targets behind one address",
      );
    }
    if (name !== undefined && port !== undefined && targetPort !== undefined && targets.length === targetItems.length) {
      services.push({ name, port, targetPort, targets });
    }
  });
  duplicates(p, "services", items, (item) => (isRecord(item) && typeof item.name === "string" ? item.name : undefined), "name");
  duplicates(p, "services", items, (item) => (isRecord(item) && typeof item.port === "number" ? item.port : undefined), "port");
  if (cloud === "aws" && items.length > AWS_QUOTAS.listenersPerLoadBalancer) {
    p.add(
      "services",
      `${items.length} services`,
      `exceeds the quota of ${AWS_QUOTAS.listenersPerLoadBalancer} listeners per Network Load Balancer (one listener per service)`,
      `keep at most ${AWS_QUOTAS.listenersPerLoadBalancer} services per stack, or split them over two stacks`,
    );
  }
  const targetRules = services.reduce((sum, service) => sum + service.targets.length, 0);
  if (cloud === "aws" && targetRules > AWS_QUOTAS.outboundRulesPerSecurityGroup) {
    p.add(
      "services",
      `${targetRules} targets`,
      `needs ${targetRules} outbound rules on the load balancer's security group (one per service target), over the quota of ${AWS_QUOTAS.outboundRulesPerSecurityGroup}`,
      `keep at most ${AWS_QUOTAS.outboundRulesPerSecurityGroup} targets over all services, or split them over two stacks`,
    );
  }
  if (cloud === "azure" && items.length > AZURE_QUOTAS.rulesPerLoadBalancer) {
    p.add(
      "services",
      `${items.length} services`,
      `exceeds the quota of ${AZURE_QUOTAS.rulesPerLoadBalancer} load-balancing rules per Standard Load Balancer`,
      `keep at most ${AZURE_QUOTAS.rulesPerLoadBalancer} services per stack`,
    );
  }
  return services;
}

function readCidrs(p: Problems, value: Json): { texts: string[]; cidrs: Cidr[] } {
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

function readEndpointService(p: Problems, value: Json, region: string | undefined): string | undefined {
  const key = "adobe.endpointService";
  const raw = text(p, key, value, false, "");
  if (raw === undefined) return undefined;
  const fix = `copy the service name from Adobe's ticket update: com.amazonaws.vpce.${region ?? "<region>"}.vpce-svc-<17 hex digits>`;
  const match = ENDPOINT_SERVICE.exec(raw);
  if (!match) {
    if (/^vpce-svc-[0-9a-f]+$/.test(raw)) {
      return p.add(
        key,
        raw,
        "is a bare endpoint service id, not the service name",
        `write com.amazonaws.vpce.${region ?? "<region>"}.${raw}`,
      );
    }
    if (/\.amazonaws\.com$/.test(raw)) return p.add(key, raw, "is a DNS name, not the endpoint service name", fix);
    if (/^com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+$/.test(raw) && !raw.startsWith("com.amazonaws.vpce.")) {
      return p.add(key, raw, "is an AWS service, not Adobe's endpoint service", fix);
    }
    return p.add(key, raw, "is not an endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-<17 hex digits>)", fix);
  }
  if (region !== undefined && match[1] !== region) {
    return p.add(
      key,
      raw,
      `names region ${match[1] ?? ""}, but region is ${region}: PrivateLink works only within one region`,
      `ask Adobe for the service in ${region}, or correct region`,
    );
  }
  return raw;
}

function readPrivateLinkService(p: Problems, value: Json, region: string | undefined): string | undefined {
  const key = "adobe.privateLinkService";
  const raw = text(p, key, value, false, "");
  if (raw === undefined) return undefined;
  const fix =
    "copy it from Adobe's ticket update: /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/privateLinkServices/<name>, or the alias <name>.<guid>.<region>.azure.privatelinkservice";
  const id = PLS_RESOURCE_ID.exec(raw);
  if (id) {
    if ((id[1] ?? "").toLowerCase() === NIL_GUID) return p.add(key, raw, "names the nil subscription", fix);
    return raw;
  }
  const alias = PLS_ALIAS.exec(raw);
  if (alias) {
    const aliasRegion = (alias[3] ?? "").toLowerCase();
    if (region !== undefined && aliasRegion !== region) {
      return p.add(
        key,
        raw,
        `is an alias in region ${aliasRegion}, but region is ${region}: Private Link works only within one region`,
        `ask Adobe for the service in ${region}, or correct region`,
      );
    }
    return raw;
  }
  return p.add(key, raw, "is neither a Microsoft.Network/privateLinkServices resource id nor a Private Link Service alias", fix);
}

function readGuids(p: Problems, key: string, value: Json, min: number): string[] {
  const items = list(p, key, value, min, "list Adobe's Azure subscription IDs from the ticket");
  const out: string[] = [];
  items.forEach((item, index) => {
    const guid = text(p, `${key}[${index}]`, item, true, "write the subscription ID, a GUID such as 3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
    if (guid === undefined) return;
    if (!GUID.test(guid)) {
      p.add(
        `${key}[${index}]`,
        guid,
        "is not a subscription ID (a GUID: 8-4-4-4-12 hex digits)",
        "copy the subscription ID from Adobe's ticket",
      );
    } else if (guid === NIL_GUID) {
      p.add(`${key}[${index}]`, guid, "is the nil GUID, which is no subscription", "copy the subscription ID from Adobe's ticket");
    } else {
      out.push(guid.toLowerCase());
    }
  });
  duplicates(p, key, items, (item) => (typeof item === "string" ? item.toLowerCase() : undefined), "subscription");
  return out;
}

function readConnections(p: Problems, value: Json, cloud: Cloud | undefined, topology: Topology | undefined): string[] {
  const key = "adobe.connections";
  if (value === undefined || value === null) return [];
  if (topology === "unidirectional") {
    p.add(
      key,
      value,
      "only applies to bidirectional stacks: Adobe connects to the customer's service only then",
      "remove adobe.connections, or set topology: bidirectional",
    );
    return [];
  }
  const items = list(p, key, value, 0, "list Adobe's connections from the ticket");
  const out: string[] = [];
  items.forEach((item, index) => {
    const at = `${key}[${index}]`;
    const id = text(p, at, item, true, "write the connection from Adobe's ticket");
    if (id === undefined) return;
    if (cloud === "aws" && !ENDPOINT_ID.test(id)) {
      p.add(
        at,
        id,
        "is not a VPC endpoint id (vpce- and 17 hex digits)",
        "copy Adobe's endpoint id from the endpoint service's connection list",
      );
    } else if (cloud === "azure" && !AZURE_NAME.test(id)) {
      p.add(
        at,
        id,
        "is not a private endpoint connection name",
        "copy the connection name from the Private Link Service's connection list",
      );
    } else {
      out.push(id);
    }
  });
  duplicates(p, key, items, (item) => (typeof item === "string" ? item : undefined), "connection");
  return out;
}

function readAwsId(p: Problems, key: string, value: Json, pattern: RegExp, example: string): string | undefined {
  const id = text(p, key, value, true, `set it, e.g. ${example}`);
  if (id === undefined) return undefined;
  if (!pattern.test(id))
    return p.add(
      key,
      id,
      `is not an id of the form ${example.replace(/-.*/, "")}-<8 or 17 hex digits>`,
      `copy the id from the AWS console, e.g. ${example}`,
    );
  return id;
}

function readSubnetResourceId(p: Problems, key: string, value: Json, required: boolean): string | undefined {
  const example = "/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>";
  const id = text(p, key, value, required, `set the subnet's resource id: ${example}`);
  if (id === undefined) return undefined;
  const match = SUBNET_RESOURCE_ID.exec(id);
  if (!match)
    return p.add(
      key,
      id,
      `is not a subnet resource id (${example})`,
      "copy the subnet's resource id: az network vnet subnet show --query id",
    );
  if ((match[1] ?? "").toLowerCase() === NIL_GUID)
    return p.add(key, id, "names the nil subscription", "copy the subnet's resource id: az network vnet subnet show --query id");
  return id;
}

function readTags(p: Problems, value: Json, cloud: Cloud | undefined): Record<string, string> {
  const tags = object(p, "tags", value, false, 'write tags as a mapping, e.g. { cost-center: "1234" }');
  const out: Record<string, string> = {};
  for (const [key, tagValue] of Object.entries(tags)) {
    const at = `tags.${key}`;
    if (typeof tagValue !== "string") {
      p.add(at, tagValue, "must be text", `quote it: '${String(tagValue)}'`);
    } else if (key.length > MAX_TAG_KEY) {
      p.add(at, key, `tag keys are at most ${MAX_TAG_KEY} characters`, "shorten the key");
    } else if (tagValue.length > MAX_TAG_VALUE) {
      p.add(at, tagValue, `tag values are at most ${MAX_TAG_VALUE} characters`, "shorten the value");
    } else if (cloud === "aws" && /^aws:/i.test(key)) {
      p.add(at, key, "the aws: prefix is reserved by AWS", "use another key");
    } else {
      out[key] = tagValue;
    }
  }
  return out;
}

function readProtect(p: Problems, value: Json, environment: Environment | undefined): boolean {
  if (value === undefined) return environment !== "staging";
  if (value === "true") return true;
  if (value === "false") return false;
  p.add("protect", value, "must be true or false", "write protect: true (or false to allow deleting the connection)");
  return environment !== "staging";
}

function crossCloudKeys(p: Problems, cloud: Cloud | undefined, adobe: Record<string, Json>, network: Record<string, Json>): void {
  if (cloud === undefined) return;
  const sections: Record<string, Record<string, Json>> = { adobe, network };
  for (const [path, owner] of Object.entries(CLOUD_ONLY_KEYS)) {
    const [section, key] = path.split(".") as [string, string];
    const value = sections[section]?.[key];
    if (owner !== cloud && value !== undefined) {
      p.add(path, value, `is an ${owner} key, but cloud is ${cloud}`, `remove it, or set cloud: ${owner}`);
    }
  }
}

/** Validates a stack's configuration (Pulumi's key/value map) and returns Settings or every problem. */
export function validateConfig(raw: Readonly<Record<string, string>>): Validation {
  const p = new Problems();
  const warnings: string[] = [];
  const top = readTopLevel(p, raw);

  const cloud = choice(p, "cloud", top.cloud, CLOUDS, true);
  const region = readRegion(p, top.region, cloud);
  const topology = choice(p, "topology", top.topology ?? DEFAULT_TOPOLOGY, TOPOLOGIES, true);

  const adobe = object(p, "adobe", top.adobe, true, "add an adobe: mapping with company, projectId, environment and ports (see README)");
  unknownKeys(p, "adobe", adobe, ADOBE_KEYS);
  const network = object(
    p,
    "network",
    top.network,
    true,
    "add a network: mapping with clientCidrs and the cloud's network ids (see README)",
  );
  unknownKeys(p, "network", network, NETWORK_KEYS);
  crossCloudKeys(p, cloud, adobe, network);

  const company = text(p, "adobe.company", adobe.company, true, "set the company name for the ticket subject");
  if (company !== undefined && company.length > MAX_COMPANY) {
    p.add("adobe.company", company, `must be at most ${MAX_COMPANY} characters`, "shorten it");
  }
  const projectId = text(p, "adobe.projectId", adobe.projectId, true, "set the Pro project ID (magento-cloud project:info)");
  if (projectId !== undefined && !PROJECT_ID.test(projectId)) {
    p.add(
      "adobe.projectId",
      projectId,
      "is not an Adobe Commerce project ID (13 lowercase letters and digits)",
      "copy the ID from magento-cloud project:info",
    );
  }
  const environment = choice(p, "adobe.environment", adobe.environment, ENVIRONMENTS, true, (value) => {
    const reason = UNSUPPORTED_ENVIRONMENTS[value.toLowerCase()];
    return reason ? `PrivateLink is available on Pro Production and Staging only: ${reason}` : undefined;
  });
  const clusterId = text(p, "adobe.clusterId", adobe.clusterId, false, "");
  if (clusterId !== undefined && !CLUSTER_ID.test(clusterId)) {
    p.add(
      "adobe.clusterId",
      clusterId,
      "is not a cluster ID (lowercase letters, digits and hyphens)",
      "copy the output of cat /etc/platform_cluster on the cluster",
    );
  }
  const ports = readAdobePorts(p, adobe.ports, cloud, warnings);
  const connections = readConnections(p, adobe.connections, cloud, topology);
  const cidrs = readCidrs(p, network.clientCidrs);
  const services = readServices(p, top.services, cloud, topology);
  const protect = readProtect(p, top.protect, environment);
  const tags = readTags(p, top.tags, cloud);

  const ingressRules = cloud === "aws" ? planIngressRules(ports, cidrs.texts, AWS_QUOTAS.inboundRulesPerSecurityGroup) : undefined;
  if (ingressRules !== undefined && !ingressRules.ok) {
    p.add(
      "adobe.ports",
      `${ports.length} ports x ${cidrs.texts.length} CIDR blocks`,
      `needs ${ingressRules.needed} security group rules even with consecutive ports merged, over the quota of ${AWS_QUOTAS.inboundRulesPerSecurityGroup} inbound rules per group`,
      "list fewer ports or fewer, wider private CIDR blocks (or raise the quota and split the stack)",
    );
  }
  // Azure: one allow rule per port plus the final deny, in one network security group.
  if (cloud === "azure" && ports.length + 1 > AZURE_QUOTAS.rulesPerNetworkSecurityGroup) {
    p.add(
      "adobe.ports",
      `${ports.length} ports`,
      `need ${ports.length + 1} security rules (one per port and a final deny), over Azure's ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup} rules per network security group`,
      `keep at most ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup - 1} ports per stack`,
    );
  }

  let settingsCloud: { cloud: "aws"; aws: AwsSettings["aws"] } | { cloud: "azure"; azure: AzureSettings["azure"] } | undefined;
  if (cloud === "aws") {
    const vpcId = readAwsId(p, "network.vpcId", network.vpcId, VPC_ID, "vpc-0123456789abcdef0");
    const subnetItems = list(
      p,
      "network.subnetIds",
      network.subnetIds,
      1,
      "list the subnets for the endpoint, ideally in two or more zones",
    );
    const subnetIds = subnetItems.flatMap(
      (item, index) => readAwsId(p, `network.subnetIds[${index}]`, item, SUBNET_ID, "subnet-0123456789abcdef0") ?? [],
    );
    duplicates(p, "network.subnetIds", subnetItems, (item) => (typeof item === "string" ? item : undefined), "subnet");
    const endpointService = readEndpointService(p, adobe.endpointService, region);
    if (vpcId !== undefined) {
      settingsCloud = { cloud, aws: { vpcId, subnetIds, ...(endpointService ? { endpointService } : {}) } };
    }
  } else if (cloud === "azure") {
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
    const serviceSubnetId = readSubnetResourceId(p, "network.serviceSubnetId", network.serviceSubnetId, topology === "bidirectional");
    if (topology === "unidirectional" && network.serviceSubnetId !== undefined) {
      p.add(
        "network.serviceSubnetId",
        network.serviceSubnetId,
        "only applies to bidirectional stacks",
        "remove it, or set topology: bidirectional",
      );
    }
    // Optional in phase 1: Adobe sends its subscriptions later; until then nobody sees the service.
    const subscriptionIds = topology === "bidirectional" ? readGuids(p, "adobe.subscriptionIds", adobe.subscriptionIds, 0) : [];
    if (topology === "unidirectional" && adobe.subscriptionIds !== undefined) {
      p.add(
        "adobe.subscriptionIds",
        adobe.subscriptionIds,
        "only applies to bidirectional stacks (who may see the customer's Private Link Service)",
        "remove it, or set topology: bidirectional",
      );
    }
    const privateLinkService = readPrivateLinkService(p, adobe.privateLinkService, region);
    const placement = {
      endpointSubnetId,
      serviceSubnetId,
      targets: rawTargets(top.services),
      providerSubscription: raw[PROVIDER_SUBSCRIPTION_KEY],
    };
    p.list.push(...azurePlacementProblems(placement));
    if (rg !== undefined && endpointSubnetId !== undefined) {
      settingsCloud = {
        cloud,
        azure: {
          resourceGroupName: rg,
          endpointSubnetId,
          subscriptionIds,
          ...(serviceSubnetId ? { serviceSubnetId } : {}),
          ...(privateLinkService ? { privateLinkService } : {}),
        },
      };
    }
  }

  // A missing section is one problem, not one per key inside it.
  const missing = p.list.filter((problem) => problem.value === undefined).map((problem) => problem.key);
  const problems = p.list.filter((problem) => !missing.some((key) => problem.key.startsWith(`${key}.`)));
  if (problems.length > 0 || !settingsCloud || !region || !topology || !company || !projectId || !environment) {
    return { ok: false, problems };
  }
  const settings: Settings = {
    ...settingsCloud,
    region,
    topology,
    adobe: { company, projectId, environment, ...(clusterId ? { clusterId } : {}), ports, connections },
    clientCidrs: cidrs.texts,
    services,
    protect,
    tags,
  };
  return { ok: true, settings, warnings };
}
