/**
 * The plan as a Mermaid flowchart (`npm start -- --diagram <file>`, and docs/diagrams): the customer
 * network with one subgraph per leg, Adobe's network, and the traffic between them with its ports.
 * Which resources the edges start and end at is each type's diagram role in lib/resourceTypes.ts.
 */
import { parseNicIpConfiguration } from "../config/azure";
import { type DiagramRole, tokensWithRole } from "../lib/resourceTypes";
import { LEGS, type Leg } from "../rules/adobe";
import type { Plan } from "./plan";

/** Mermaid label text: a quote would end the label, and `<` would start HTML. */
function label(value: string): string {
  return value.replace(/"/g, "#quot;").replace(/</g, "#lt;");
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

function nodeId(prefix: string, value: string): string {
  return `${prefix}_${value.replace(/[^A-Za-z0-9]/g, "_")}`;
}

const LEG_SUBGRAPH: Readonly<Record<Leg, string>> = {
  "customer-to-adobe": "customer -> Adobe",
  "adobe-to-customer": "Adobe -> customer",
};

/**
 * The plan as a Mermaid flowchart: the customer network with one subgraph per leg (the leg's cloud
 * resources, one node per type), Adobe's network, and the traffic between them with its ports.
 */
export function renderDiagram(plan: Plan): string {
  const { report, settings } = plan;
  if (!settings) return "";
  const cloudName = settings.cloud === "aws" ? "AWS" : "Azure";
  const network = settings.cloud === "aws" ? settings.aws.vpcId : settings.azure.resourceGroupName;
  const lines = ["flowchart LR"];
  const typeNode = new Map<string, string>();
  lines.push(`  subgraph customer["Customer network: ${label(`${cloudName} ${settings.region}, ${network}`)}"]`);
  lines.push(`    clients["Customer systems<br/>${settings.clientCidrs.map(label).join("<br/>")}"]`);
  const legs: Leg[] = settings.topology === "bidirectional" ? [...LEGS] : ["customer-to-adobe"];
  for (const leg of legs) {
    const members = report.resources.filter((r) => r.custom && r.leg === leg);
    lines.push(`    subgraph ${nodeId("leg", leg)}["${label(LEG_SUBGRAPH[leg])}"]`);
    const types = [...new Set(members.map((r) => r.type))];
    for (const type of types) {
      const same = members.filter((r) => r.type === type);
      const id = nodeId(leg === "customer-to-adobe" ? "to" : "from", shortType(type));
      typeNode.set(type, id);
      // Up to two names; beyond that the count says enough and the report lists them.
      const names = same.length <= 2 ? `<br/>${same.map((r) => label(r.name)).join("<br/>")}` : "";
      const count = same.length > 1 ? ` x${same.length}` : "";
      lines.push(`      ${id}["${label(shortType(type))}${count}${names}"]`);
    }
    if (types.length === 0) lines.push(`      ${nodeId("empty", leg)}["nothing yet"]`);
    lines.push("    end");
  }
  for (const service of settings.services) {
    // Azure targets are NIC IP configuration ids: the NIC and IP configuration names say enough.
    const targets = service.targets.map((t) => {
      const nic = parseNicIpConfiguration(t);
      return nic ? `${nic.networkInterfaceName}/${nic.ipConfigurationName}` : t;
    });
    lines.push(`    ${nodeId("svc", service.name)}["${label(service.name)}<br/>${label(targets.join(", "))}"]`);
  }
  lines.push("  end");

  const adobe = settings.adobe;
  const adobeService = settings.cloud === "aws" ? settings.aws.endpointService : settings.azure.privateLinkService;
  const serviceWord = settings.cloud === "aws" ? "endpoint service" : "Private Link Service";
  lines.push(
    `  subgraph adobe["${label(`Adobe Commerce network: project ${adobe.projectId} ${adobe.environment}${adobe.clusterId ? `, cluster ${adobe.clusterId}` : ""}`)}"]`,
  );
  lines.push(`    adobe_service["${label(`Adobe's ${serviceWord}`)}<br/>${label(adobeService ?? "not sent yet")}"]`);
  if (settings.topology === "bidirectional") {
    const consumer = settings.cloud === "aws" ? "Adobe's endpoint" : "Adobe's private endpoint";
    const connections = adobe.connections.length > 0 ? adobe.connections.map(label).join("<br/>") : "not connected yet";
    lines.push(`    adobe_consumer["${label(consumer)}<br/>${connections}"]`);
  }
  lines.push("  end");

  /** The node of the first planned type with the role (one cloud per stack, so at most one). */
  const first = (role: DiagramRole): string | undefined =>
    tokensWithRole(role)
      .map((type) => typeNode.get(type))
      .find((id): id is string => id !== undefined);
  const adobePorts = adobe.ports.map((p) => `${p.port} ${p.name}`).join(", ");
  const endpoint = first("endpoint-to-adobe");
  if (endpoint) {
    lines.push(`  clients -->|"${label(`TCP ${adobePorts}`)}"| ${endpoint}`);
    lines.push(`  ${endpoint} -->|"${label(`PrivateLink ${adobePorts}`)}"| adobe_service`);
  } else {
    lines.push(`  clients -.->|"${label(`TCP ${adobePorts}, once Adobe sends its ${serviceWord}`)}"| adobe_service`);
  }
  if (settings.topology === "bidirectional") {
    const service = first("service-for-adobe");
    const balancer = first("load-balancer");
    const servicePorts = settings.services.map((s) => `${s.port} ${s.name}`).join(", ");
    const arrow = adobe.connections.length > 0 ? "-->" : "-.->";
    if (service) lines.push(`  adobe_consumer ${arrow}|"${label(`PrivateLink ${servicePorts}`)}"| ${service}`);
    if (service && balancer) lines.push(`  ${service} --> ${balancer}`);
    const from = balancer ?? service;
    if (from) {
      for (const s of settings.services) {
        const ports = s.port === s.targetPort ? `TCP ${s.port}` : `TCP ${s.port} -> ${s.targetPort}`;
        lines.push(`  ${from} -->|"${label(ports)}"| ${nodeId("svc", s.name)}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
