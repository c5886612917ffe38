/**
 * Adobe's rules for Adobe Commerce on cloud infrastructure PrivateLink, as data.
 *
 * Every rule cites the sentence of Adobe's guide ("PrivateLink service", Adobe Commerce on cloud
 * infrastructure documentation) it comes from. When Adobe changes a rule, change the one value here
 * and the test that pins it; the config validation, the components and the policy pack all read
 * these values and nothing else. Cloud quotas and name and length limits live beside this file in
 * rules/quotas.ts, regions in rules/regions.ts.
 */
import { LIMITS } from "./quotas";

export { AWS_QUOTAS, AZURE_QUOTAS, LIMITS } from "./quotas";

/** The clouds Adobe offers PrivateLink on. */
export const CLOUDS = ["aws", "azure"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** "Support for unidirectional or bidirectional communication between endpoint services available at Adobe and Customer VPCs." */
export const TOPOLOGIES = ["unidirectional", "bidirectional"] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/**
 * "Support for PrivateLink is available on Pro Production and Staging environments only. It is not
 * available on local or integration environments, or on Starter projects."
 */
export const ENVIRONMENTS = ["production", "staging"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Environment words users try that Adobe does not offer PrivateLink on, with Adobe's reason. */
export const UNSUPPORTED_ENVIRONMENTS: Readonly<Record<string, string>> = {
  integration: "integration environments have no PrivateLink",
  local: "local environments have no PrivateLink",
  starter: "Starter projects have no PrivateLink",
  development: "only Pro Production and Staging have PrivateLink",
};

/**
 * "Endpoint service access granted—To connect to external service, allow the endpoint service access
 * to the following AWS account principal: arn:aws:iam::402592597372:root"
 */
export const ADOBE_AWS_PRINCIPAL = "arn:aws:iam::402592597372:root";

/** "You cannot establish SSH connections using PrivateLink." Applies to every cloud and both legs. */
export const SSH_PORT = 22;

/**
 * "You cannot use the HTTPS protocol (port 443) to connect to Adobe Commerce on cloud infrastructure
 * over Azure Private Link due to Fastly origin cloaking. This limitation does not apply to AWS PrivateLink."
 */
export const HTTPS_PORT = 443;

/** The two legs of a connection. */
export const LEGS = ["customer-to-adobe", "adobe-to-customer"] as const;
export type Leg = (typeof LEGS)[number];

export interface ForbiddenPort {
  readonly port: number;
  readonly clouds: readonly Cloud[];
  readonly legs: readonly Leg[];
  /** Adobe's reason, quoted in every error and policy finding. */
  readonly reason: string;
  readonly fix: string;
}

/** Ports that are refused, per cloud and leg. */
export const FORBIDDEN_PORTS: readonly ForbiddenPort[] = [
  {
    port: SSH_PORT,
    clouds: CLOUDS,
    legs: LEGS,
    reason: "Adobe does not allow SSH connections over PrivateLink",
    fix: "remove it; reach the cluster over SSH with the keys set up for the project (magento-cloud ssh)",
  },
  {
    port: HTTPS_PORT,
    clouds: ["azure"],
    legs: ["customer-to-adobe"],
    reason: "HTTPS (port 443) into Adobe Commerce is not possible over Azure Private Link because of Fastly origin cloaking",
    fix: "remove it; call Adobe Commerce APIs over the public storefront or through Adobe API Mesh",
  },
];

/**
 * The forbidden-port rule that applies to a port on a cloud and leg, if any. With the cloud not (yet)
 * known, only the rules of every cloud apply, so that SSH is still refused next to a mistyped cloud.
 */
export function forbiddenPort(cloud: Cloud | undefined, leg: Leg, port: number): ForbiddenPort | undefined {
  return FORBIDDEN_PORTS.find(
    (f) => f.port === port && f.legs.includes(leg) && (cloud === undefined ? f.clouds.length === CLOUDS.length : f.clouds.includes(cloud)),
  );
}

/**
 * Every forbidden port among a stack's ports and services on `cloud`, in words ("adobePorts ssh (22):
 * <reason>; <fix>"): the components' last-line check, on both clouds.
 */
export function forbiddenPortProblems(
  cloud: Cloud,
  adobePorts: readonly { readonly name: string; readonly port: number }[],
  services: readonly { readonly name: string; readonly port: number; readonly targetPort: number }[],
): string[] {
  const problems: string[] = [];
  for (const port of adobePorts) {
    const rule = forbiddenPort(cloud, "customer-to-adobe", port.port);
    if (rule) problems.push(`adobePorts ${port.name} (${port.port}): ${rule.reason}; ${rule.fix}`);
  }
  for (const service of services) {
    for (const port of new Set([service.port, service.targetPort])) {
      const rule = forbiddenPort(cloud, "adobe-to-customer", port);
      if (rule) problems.push(`services ${service.name} (${port}): ${rule.reason}; ${rule.fix}`);
    }
  }
  return problems;
}

/**
 * "PrivateLink is best used for securing connections for non-HTTP(S) integrations ... If you plan to
 * integrate your application with Adobe Commerce APIs, see ... API Mesh". Allowed on AWS, but warned.
 */
export const DISCOURAGED_PORTS: Readonly<Record<number, string>> = {
  80: "PrivateLink is best used for non-HTTP(S) integrations; for Adobe Commerce APIs Adobe recommends API Mesh",
  443: "PrivateLink is best used for non-HTTP(S) integrations; for Adobe Commerce APIs Adobe recommends API Mesh",
};

/** "PrivateDNS is not available." The endpoint to Adobe never has private DNS enabled. */
export const PRIVATE_DNS_AVAILABLE = false;

/**
 * "Adobe approves the connection request." / "Customer approves the connection request from Adobe to
 * complete the setup." Both sides approve manually: the customer's service requires acceptance and the
 * customer's endpoint to Adobe uses a manual connection.
 */
export const ACCEPTANCE_REQUIRED = true;

/** Azure caps a private endpoint connection's request message at 140 characters (rules/quotas.ts LIMITS.requestMessage). */
export const AZURE_REQUEST_MESSAGE_MAX = LIMITS.requestMessage;

/** "Customer submits a support ticket requesting PrivateLink enablement with the subject line PrivateLink support for <company>." */
export function ticketSubject(company: string): string {
  return `PrivateLink support for ${company}`;
}

/**
 * The data Adobe needs in the enablement ticket ("Gather the following data required for PrivateLink
 * enablement"), in the order of Adobe's list.
 */
export const TICKET_FIELDS = [
  "subject",
  "cloudAccount",
  "region",
  "servicesAndPorts",
  "projectId",
  "connectionType",
  "environment",
  "clusterId",
  "endpointService",
  "endpointServiceAccessGranted",
  "azureSubscriptionIds",
  "privateLinkServiceIds",
] as const;
