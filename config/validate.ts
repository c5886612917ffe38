/**
 * Stack configuration -> typed, validated Settings. Pure: it takes the key/value map Pulumi hands a
 * program (top-level scalars as strings, objects and lists as JSON) and returns either Settings or
 * every problem found, each naming the key path, the value, the rule and the fix.
 *
 * One reader per section (config/toplevel.ts, adobe.ts, network.ts, services.ts, tags.ts,
 * providers.ts, azure.ts); the cross-section rules (cloud-only and bidirectional-only keys, the quotas
 * of rules/quotas.ts, Azure's one subscription) are checked here, from the key table of config/keys.ts.
 */
import { CLOUDS, type Cloud, TOPOLOGIES, type Topology } from "../rules/adobe";
import { awsIngressBreach, awsServiceBreaches, azurePortBreach, azureServiceBreaches, type QuotaBreach } from "../rules/quotas";
import { readAdobe } from "./adobe";
import { checkAzureSubscriptions } from "./azure";
import { choice, type Json, object, Problems, unknownKeys } from "./check";
import { ADOBE_KEYS, BIDIRECTIONAL_ONLY_KEYS, CLOUD_ONLY_KEYS, DEFAULT_TOPOLOGY, NETWORK_KEYS } from "./keys";
import { readAwsNetwork, readAzureNetwork, readCidrs } from "./network";
import type { ConfigProblem } from "./problems";
import { readProviderKeys } from "./providers";
import { readServices } from "./services";
import type { AwsSettings, AzureSettings, Settings } from "./settings";
import { readProtect, readTags } from "./tags";
import { readRegion, readTopLevel } from "./toplevel";

export type Validation =
  | { readonly ok: true; readonly settings: Settings; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

type Sections = Readonly<Record<string, Json>>;

/** The value at a key path of the table (`services`, `adobe.connections`). */
function valueAt(sections: Sections, path: string): Json {
  const [head, rest] = path.split(".") as [string, string | undefined];
  const top = sections[head];
  if (rest === undefined) return top;
  return typeof top === "object" && top !== null && !Array.isArray(top) ? (top as Record<string, Json>)[rest] : undefined;
}

/** Keys of the other cloud, and bidirectional-only keys on a unidirectional stack (config/keys.ts). */
function scopedKeys(p: Problems, cloud: Cloud | undefined, topology: Topology | undefined, sections: Sections): void {
  const wrongCloud = new Set<string>();
  for (const spec of CLOUD_ONLY_KEYS) {
    const value = valueAt(sections, spec.key);
    if (cloud !== undefined && spec.cloud !== cloud && value !== undefined) {
      wrongCloud.add(spec.key);
      p.add(spec.key, value, `is an ${spec.cloud} key, but cloud is ${cloud}`, `remove it, or set cloud: ${spec.cloud}`);
    }
  }
  if (topology !== "unidirectional") return;
  for (const spec of BIDIRECTIONAL_ONLY_KEYS) {
    const value = valueAt(sections, spec.key);
    if (value === undefined || value === null || wrongCloud.has(spec.key)) continue;
    p.add(
      spec.key,
      value,
      `only applies to bidirectional stacks (${spec.bidirectionalOnly})`,
      `remove ${spec.key}, or set topology: bidirectional`,
    );
  }
}

function addBreach(p: Problems, breach: QuotaBreach | undefined): void {
  if (breach) p.add(breach.key, breach.value, breach.rule, breach.fix);
}

/** Validates a stack's configuration (Pulumi's key/value map) and returns Settings or every problem. */
export function validateConfig(raw: Readonly<Record<string, string>>): Validation {
  const p = new Problems();
  const warnings: string[] = [];
  const { values: top, providerKeys, misplaced } = readTopLevel(p, raw);

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
  scopedKeys(p, cloud, topology, { ...top, adobe, network });

  const section = readAdobe(p, adobe, cloud, topology, warnings);
  const cidrs = readCidrs(p, network.clientCidrs);
  const services = readServices(p, top.services, cloud, topology);
  const protect = readProtect(p, top.protect, section.environment);
  const tags = readTags(p, top.tags, cloud);
  const provider = readProviderKeys(p, providerKeys, cloud, region);

  if (cloud === "aws") {
    addBreach(p, awsIngressBreach(section.ports, cidrs.texts));
    for (const breach of awsServiceBreaches(services)) addBreach(p, breach);
  } else if (cloud === "azure") {
    addBreach(p, azurePortBreach(section.ports.length));
    for (const breach of azureServiceBreaches(services)) addBreach(p, breach);
  }

  let settingsCloud: { cloud: "aws"; aws: AwsSettings["aws"] } | { cloud: "azure"; azure: AzureSettings["azure"] } | undefined;
  if (cloud === "aws") {
    const aws = readAwsNetwork(p, adobe, network, region);
    const withProvider = Object.keys(provider.aws).length > 0 ? { provider: provider.aws } : {};
    if (aws) settingsCloud = { cloud, aws: { ...aws, ...withProvider } };
  } else if (cloud === "azure") {
    const azure = readAzureNetwork(p, adobe, network, region, topology);
    checkAzureSubscriptions(p, {
      endpointSubnetId: azure?.endpointSubnetId,
      serviceSubnetId: azure?.serviceSubnetId,
      services: top.services,
      providerSubscription: provider.azure.subscriptionId,
    });
    const withProvider = Object.keys(provider.azure).length > 0 ? { provider: provider.azure } : {};
    if (azure) settingsCloud = { cloud, azure: { ...azure, ...withProvider } };
  }

  // A missing section is one problem, not one per key inside it; a key found under another namespace
  // is named there, not again as missing.
  const missing = p.list.filter((problem) => problem.value === undefined).map((problem) => problem.key);
  const problems = p.list.filter(
    (problem) => !missing.some((key) => problem.key.startsWith(`${key}.`)) && !(problem.value === undefined && misplaced.has(problem.key)),
  );
  const { company, projectId, environment, clusterId, ports, connections } = section;
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
