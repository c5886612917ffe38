/**
 * The `adobe:` section: what identifies the Adobe Commerce project in the ticket, the ports Adobe
 * opens, and what Adobe sends back (endpoint service, Private Link Service, connections).
 */
import { type Cloud, DISCOURAGED_PORTS, ENVIRONMENTS, type Environment, type Topology, UNSUPPORTED_ENVIRONMENTS } from "../rules/adobe";
import { LIMITS } from "../rules/quotas";
import { characterCount } from "../lib/text";
import { choice, duplicates, field, type Json, list, object, type Problems, readName, readPort, text, unknownKeys } from "./check";
import { entryKeys } from "./keys";
import { readFormerNames, withFormerNames } from "./rename";
import type { AdobePort } from "./settings";

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const NIL_GUID = "00000000-0000-0000-0000-000000000000";
export const GUID_TEXT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
export const RG_TEXT = "[-\\w.()]+";
const ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
const ENDPOINT_SERVICE = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-([0-9a-f]{17})$/;
const PROJECT_ID = /^[a-z0-9]{13}$/;
const CLUSTER_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;
const AZURE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$|^[A-Za-z0-9]$/;
const PLS_RESOURCE_ID = new RegExp(
  `^/subscriptions/(${GUID_TEXT})/resourceGroups/(${RG_TEXT})/providers/Microsoft\\.Network/privateLinkServices/([-\\w.]+)$`,
  "i",
);
const PLS_ALIAS = new RegExp(`^([-\\w]+)\\.(${GUID_TEXT})\\.([a-z0-9]+)\\.azure\\.privatelinkservice$`, "i");

export interface AdobeSection {
  readonly company: string | undefined;
  readonly projectId: string | undefined;
  readonly environment: Environment | undefined;
  readonly clusterId: string | undefined;
  readonly ports: AdobePort[];
  readonly connections: string[];
}

/** Reads the cloud-neutral keys of `adobe:`; the cloud's own keys are read by the network readers. */
export function readAdobe(
  p: Problems,
  adobe: Record<string, Json>,
  cloud: Cloud | undefined,
  topology: Topology | undefined,
  warnings: string[],
): AdobeSection {
  const company = text(p, "adobe.company", adobe.company, true, "set the company name for the ticket subject");
  if (company !== undefined && characterCount(company) > LIMITS.company) {
    p.add("adobe.company", company, `must be at most ${LIMITS.company} characters (counted as Azure counts them)`, "shorten it");
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
  const connections = topology === "unidirectional" ? [] : readConnections(p, adobe.connections, cloud);
  return { company, projectId, environment, clusterId, ports, connections };
}

function readAdobePorts(p: Problems, value: Json, cloud: Cloud | undefined, warnings: string[]): AdobePort[] {
  const items = list(p, "adobe.ports", value, 1, "list the Adobe Commerce services to reach, e.g. - { name: mysql, port: 3306 }");
  const ports: AdobePort[] = [];
  items.forEach((item, index) => {
    const key = `adobe.ports[${index}]`;
    const entry = object(p, key, item, true, "write { name: mysql, port: 3306 }");
    unknownKeys(p, key, entry, entryKeys("adobe.ports"));
    const name = readName(p, `${key}.name`, entry.name);
    const port = readPort(p, `${key}.port`, entry.port, cloud, "customer-to-adobe");
    if (name !== undefined && port !== undefined) {
      ports.push({ name, port });
      const discouraged = DISCOURAGED_PORTS[port];
      if (discouraged) warnings.push(`${key}.port ${port}: ${discouraged}.`);
    }
  });
  duplicates(p, "adobe.ports", items, (item) => field(item, "name"), "name");
  duplicates(p, "adobe.ports", items, (item) => field(item, "port"), "port");
  return withFormerNames(ports, readFormerNames(p, "adobe.ports", items, cloud));
}

function readConnections(p: Problems, value: Json, cloud: Cloud | undefined): string[] {
  const key = "adobe.connections";
  if (value === undefined || value === null) return [];
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
        "is not a VPC endpoint id (vpce- and 8 or 17 hex digits)",
        "copy Adobe's endpoint id from the endpoint service's connection list once it shows pendingAcceptance (see the handshake output)",
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

/** `adobe.endpointService` (AWS): Adobe's endpoint service name, in the cluster's region. */
export function readEndpointService(p: Problems, value: Json, region: string | undefined): string | undefined {
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

/** `adobe.privateLinkService` (Azure): a resource id or an alias in the cluster's region. */
export function readPrivateLinkService(p: Problems, value: Json, region: string | undefined): string | undefined {
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

/** `adobe.subscriptionIds` (Azure, bidirectional): Adobe's subscriptions, as GUIDs. */
export function readGuids(p: Problems, key: string, value: Json, min: number): string[] {
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
