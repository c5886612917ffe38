/**
 * Adobe's enablement ticket, exactly as the guide's "Gather the following data required for
 * PrivateLink enablement" asks, as a structured object and as ready-to-paste text. A field the program
 * cannot know yet is listed as missing, never invented.
 */
import type { Settings } from "../config/settings";
import { ADOBE_AWS_PRINCIPAL, ticketSubject } from "../rules/adobe";
import type { LinkFacts } from "./facts";

export interface PortEntry {
  readonly name: string;
  readonly port: number;
}

export interface EnablementFields {
  readonly cloudAccount: string;
  readonly region: string;
  /** Ports Adobe opens on the cluster (customer -> Adobe). */
  readonly servicesAndPorts: readonly PortEntry[];
  readonly projectId: string;
  readonly connectionType: string;
  readonly environment: string;
  readonly clusterId: string | undefined;
  /** Bidirectional AWS: the customer's endpoint service Adobe connects to. */
  readonly endpointService?: string | undefined;
  /** Bidirectional AWS: read back from the endpoint service's allowed principals. */
  readonly endpointServiceAccessGranted?: boolean;
  /** Bidirectional AWS: zones of the customer's load balancer, as zone ids (names differ between accounts). */
  readonly availabilityZoneIds?: readonly string[];
  /** Bidirectional: the customer services Adobe connects to. */
  readonly customerServices?: readonly PortEntry[];
  /** Azure: ports on the Pro cluster to expose to the customer's private endpoint. */
  readonly portsToExpose?: readonly PortEntry[];
  /** Azure: subscriptions the private endpoint connections come from. */
  readonly azureSubscriptionIds?: readonly string[];
  /** Azure bidirectional: the customer's Private Link Service resource ids (and alias) Adobe connects to. */
  readonly privateLinkServiceIds?: readonly string[];
  readonly privateLinkServiceAlias?: string | undefined;
}

export interface EnablementRequest {
  readonly subject: string;
  readonly fields: EnablementFields;
  /** Fields still unknown, in words, with how to get them. */
  readonly missing: readonly string[];
  /** The ticket body, ready to paste. */
  readonly text: string;
}

function ports(entries: readonly PortEntry[]): string {
  return entries.map((entry) => `${entry.name} ${entry.port}/tcp`).join(", ");
}

/** What the ticket says while adobe.clusterId is not set: Adobe needs the cluster for every ticket. */
export const CLUSTER_ID_MISSING = "Cluster ID: run `cat /etc/platform_cluster` on the cluster over SSH, then set adobe.clusterId";

/** The ticket's lines for the fields, in Adobe's order: the enablement and the change ticket share them. */
export function fieldLines(fields: EnablementFields, aws: boolean): string[] {
  const account = aws ? "Customer cloud account (AWS account number)" : "Customer cloud account (Azure subscription ID)";
  const lines = [
    `${account}: ${fields.cloudAccount}`,
    `Cloud region: ${fields.region}`,
    `Services and ports to open on the Adobe Commerce cluster: ${ports(fields.servicesAndPorts)}`,
    `Project ID: ${fields.projectId}`,
    `Connection type: ${fields.connectionType}`,
    `Environment: ${fields.environment}`,
    `Cluster ID: ${fields.clusterId ?? "(missing)"}`,
  ];
  if (fields.portsToExpose) lines.push(`Ports on the Pro cluster to expose to our private endpoint: ${ports(fields.portsToExpose)}`);
  if (fields.azureSubscriptionIds)
    lines.push(`Azure subscription IDs for the private endpoint connections: ${fields.azureSubscriptionIds.join(", ")}`);
  if (fields.endpointService !== undefined) {
    lines.push(
      `Endpoint service for Adobe to connect to: ${fields.endpointService}`,
      `Endpoint service access granted to ${ADOBE_AWS_PRINCIPAL}: ${fields.endpointServiceAccessGranted === true ? "yes" : "no"}`,
      `Availability zone IDs of the endpoint service: ${(fields.availabilityZoneIds ?? []).join(", ")}`,
    );
  }
  if (fields.privateLinkServiceIds) {
    lines.push(`Private Link Service resource IDs for Adobe to connect to: ${fields.privateLinkServiceIds.join(", ")}`);
    if (fields.privateLinkServiceAlias !== undefined) lines.push(`Private Link Service alias: ${fields.privateLinkServiceAlias}`);
  }
  if (fields.customerServices) lines.push(`Our services Adobe connects to: ${ports(fields.customerServices)}`);
  return lines;
}

export function enablementRequest(settings: Settings, facts: LinkFacts): EnablementRequest {
  const { adobe } = settings;
  const aws = settings.cloud === "aws";
  const from = facts.fromAdobe;
  const servicesAndPorts = adobe.ports.map(({ name, port }) => ({ name, port }));
  const customerServices = settings.services.map(({ name, port }) => ({ name, port }));
  const fields: EnablementFields = {
    cloudAccount: facts.accountId,
    region: settings.region,
    servicesAndPorts,
    projectId: adobe.projectId,
    connectionType: settings.topology,
    environment: adobe.environment,
    clusterId: adobe.clusterId,
    ...(aws && from
      ? {
          endpointService: from.serviceName,
          endpointServiceAccessGranted: from.allowedConsumers.includes(ADOBE_AWS_PRINCIPAL),
          availabilityZoneIds: from.zoneIds,
          customerServices,
        }
      : {}),
    ...(!aws ? { portsToExpose: servicesAndPorts, azureSubscriptionIds: [facts.accountId] } : {}),
    ...(!aws && from ? { privateLinkServiceIds: [from.serviceId], privateLinkServiceAlias: from.serviceName, customerServices } : {}),
  };

  const missing: string[] = [];
  if (fields.clusterId === undefined) missing.push(CLUSTER_ID_MISSING);
  if (fields.endpointServiceAccessGranted === false) {
    missing.push(
      `Endpoint service access: ${ADOBE_AWS_PRINCIPAL} is not an allowed principal of ${from?.serviceName ?? "the endpoint service"}`,
    );
  }

  if (settings.cloud === "azure" && settings.topology === "bidirectional" && settings.azure.subscriptionIds.length === 0) {
    missing.push(
      "Adobe's Azure subscription IDs (Adobe sends them): the subscriptions Adobe's private endpoints connect from; set adobe.subscriptionIds and run pulumi up, until then no subscription can see the Private Link Service",
    );
  }

  const lines = [
    `Subject: ${ticketSubject(adobe.company)}`,
    "",
    `Please enable ${settings.topology} PrivateLink between our ${aws ? "AWS" : "Azure"} account and our Adobe Commerce on cloud infrastructure Pro ${adobe.environment} environment.`,
    "",
    ...fieldLines(fields, aws),
  ];
  if (missing.length > 0) lines.push("", "Missing before this ticket can be sent:", ...missing.map((item) => `- ${item}`));

  return { subject: ticketSubject(adobe.company), fields, missing, text: lines.join("\n") };
}
