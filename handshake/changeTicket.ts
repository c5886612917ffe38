/**
 * Adobe's change ticket: what changes for Adobe between two versions of a stack, as Adobe's guide
 * asks ("Submit an Adobe Commerce Support ticket to change an existing PrivateLink configuration":
 * remove the connection from an environment, change the customer cloud account, add or remove
 * connections from Adobe's VPC to other endpoint services, and the ports Adobe opens on its side).
 * Pure: computed from the two plans' settings, their enablement requests and the cloud changes
 * (`tools/change.ts`). A change Adobe's workflow does not make in one step is refused, key named.
 */
import type { Settings } from "../config/settings";
import { resourceType } from "../lib/resourceTypes";
import { ticketSubject } from "../rules/adobe";
import { CLUSTER_ID_MISSING, type EnablementRequest, fieldLines, type PortEntry } from "./ticket";

/** One version of the stack as the change ticket needs it. */
export interface StackVersion {
  readonly settings: Settings;
  readonly enablement: EnablementRequest;
}

/** A resource the cloud plan changes (the fields of `tools/change.ts` ResourceChange this needs). */
export interface CloudChangeInput {
  readonly urn: string;
  readonly type: string;
  readonly action: "add" | "update" | "replace" | "delete";
  readonly reason?: string;
  readonly retained?: boolean;
}

export interface AdobeChange {
  readonly what: string;
  readonly before: string;
  readonly after: string;
  /** What Adobe has to do; null when Adobe has nothing to do (listed for the reviewer only). */
  readonly adobeAction: string | null;
}

export interface Replacement {
  readonly urn: string;
  readonly reason: string;
}

export interface ChangeRequest {
  readonly subject: string;
  readonly changes: readonly AdobeChange[];
  /** Resources the change replaces, and why (a replaced endpoint or service means a new approval). */
  readonly replacements: readonly Replacement[];
  /** Live connections that need a new approval, in words. */
  readonly approvals: readonly string[];
  /** Whether Adobe has anything to do: a ticket is needed. */
  readonly needed: boolean;
  /** The ticket body, ready to paste; says that no ticket is needed when none is. */
  readonly text: string;
  /** The enablement ticket's missing fields, for the new version. */
  readonly missing: readonly string[];
}

/** A change Adobe's workflow does not allow in one step. */
export interface ChangeRefusal {
  readonly key: string;
  readonly before: string;
  readonly after: string;
  readonly message: string;
}

const NEW_CONNECTION =
  "a PrivateLink connection is enabled for one account, region and environment: create a new stack for the new value, run its enablement ticket (npm start prints it), move your clients, then remove this stack: npm start -- --stack <this stack> --removal prints the steps and the ticket that removes its connection";

/** The keys whose change is a new connection, not a change of this one. */
function refusals(before: Settings, after: Settings): ChangeRefusal[] {
  const out: ChangeRefusal[] = [];
  const check = (key: string, a: string, b: string, rule: string): void => {
    if (a !== b) out.push({ key, before: a, after: b, message: `${key} changes from ${a} to ${b}: ${rule}. Fix: ${NEW_CONNECTION}.` });
  };
  check("cloud", before.cloud, after.cloud, "moving to another cloud is a new connection, not a change");
  check("region", before.region, after.region, "moving to another region is a new connection (Adobe's service is regional)");
  check(
    "adobe.environment",
    before.adobe.environment,
    after.adobe.environment,
    "a connection belongs to one Pro environment; Adobe removes it from one and enables another, never moves it",
  );
  check("adobe.projectId", before.adobe.projectId, after.adobe.projectId, "a connection belongs to one Adobe Commerce project");
  if (before.cloud === "aws" && after.cloud === "aws")
    check(
      "network.vpcId",
      before.aws.vpcId,
      after.aws.vpcId,
      "every resource of the connection lives in the VPC: all of it would be replaced",
    );
  if (before.cloud === "azure" && after.cloud === "azure")
    check(
      "network.resourceGroupName",
      before.azure.resourceGroupName,
      after.azure.resourceGroupName,
      "every resource of the connection lives in the resource group: all of it would be replaced",
    );
  return out;
}

function portText(entry: PortEntry): string {
  return `${entry.name} ${entry.port}/tcp`;
}

/** An entry of `adobe.ports` or `services`, with the name it had before a rename (`formerName`). */
type Entry = PortEntry & { readonly formerName?: string | undefined };

/**
 * Entries added, removed, and kept with another port or name, matched by name, or by `formerName` when
 * the entry was renamed (its resources keep their identity, `config/rename.ts`).
 */
function byName(before: readonly Entry[], after: readonly Entry[]): { added: Entry[]; removed: Entry[]; changed: [Entry, Entry][] } {
  const old = new Map(before.map((entry) => [entry.name, entry]));
  const now = new Set(after.map((entry) => entry.name));
  const previousOf = (entry: Entry): Entry | undefined =>
    old.get(entry.name) ?? (entry.formerName !== undefined && !now.has(entry.formerName) ? old.get(entry.formerName) : undefined);
  const matched = new Set(after.flatMap((entry) => previousOf(entry)?.name ?? []));
  return {
    added: after.filter((entry) => previousOf(entry) === undefined),
    removed: before.filter((entry) => !matched.has(entry.name)),
    changed: after.flatMap((entry): [Entry, Entry][] => {
      const previous = previousOf(entry);
      return previous !== undefined && (previous.port !== entry.port || previous.name !== entry.name) ? [[previous, entry]] : [];
    }),
  };
}

/** What Adobe does about a kept entry whose port or name changed. */
function changedAction(old: Entry, now: Entry, moved: string): string {
  const renamed = old.name === now.name ? "" : `${old.name} is now called ${now.name}`;
  if (old.port === now.port) return `${renamed} (${now.port}/tcp): nothing to open or close, please note the new name`;
  return renamed === "" ? moved : `${moved}; ${renamed}`;
}

function list(values: readonly string[] | undefined): string {
  return values === undefined || values.length === 0 ? "(none)" : values.join(", ");
}

function adobeChanges(before: StackVersion, after: StackVersion): AdobeChange[] {
  const a = before.enablement.fields;
  const b = after.enablement.fields;
  const changes: AdobeChange[] = [];
  const aws = after.settings.cloud === "aws";
  const serviceWord = aws ? "endpoint service" : "Private Link Service";

  if (a.cloudAccount !== b.cloudAccount)
    changes.push({
      what: aws ? "customer cloud account (AWS account number)" : "customer cloud account (Azure subscription ID)",
      before: a.cloudAccount,
      after: b.cloudAccount,
      adobeAction: `allow ${b.cloudAccount} instead of ${a.cloudAccount} to connect to Adobe's ${serviceWord}`,
    });

  const ports = byName(before.settings.adobe.ports, after.settings.adobe.ports);
  for (const entry of ports.added)
    changes.push({
      what: `port ${entry.name}`,
      before: "(none)",
      after: portText(entry),
      adobeAction: `open ${entry.port}/tcp on the Adobe Commerce cluster`,
    });
  for (const entry of ports.removed)
    changes.push({
      what: `port ${entry.name}`,
      before: portText(entry),
      after: "(none)",
      adobeAction: `close ${entry.port}/tcp on the Adobe Commerce cluster`,
    });
  for (const [old, now] of ports.changed)
    changes.push({
      what: `port ${now.name}`,
      before: portText(old),
      after: portText(now),
      adobeAction: changedAction(old, now, `open ${now.port}/tcp and close ${old.port}/tcp on the Adobe Commerce cluster`),
    });

  const wasBi = before.settings.topology === "bidirectional";
  const isBi = after.settings.topology === "bidirectional";
  if (wasBi !== isBi)
    changes.push({
      what: "connection type",
      before: before.settings.topology,
      after: after.settings.topology,
      adobeAction: isBi
        ? `connect from Adobe's VPC to our ${serviceWord} ${b.endpointService ?? b.privateLinkServiceAlias ?? "(see the enablement fields)"} for our services ${list(b.customerServices?.map(portText))}`
        : `remove the connections from Adobe's VPC to our ${serviceWord} ${a.endpointService ?? a.privateLinkServiceAlias ?? ""}`.trimEnd(),
    });
  if (wasBi && isBi) {
    const services = byName(before.settings.services, after.settings.services);
    for (const entry of services.added)
      changes.push({
        what: `service ${entry.name}`,
        before: "(none)",
        after: portText(entry),
        adobeAction: `connect from Adobe's VPC to our service ${entry.name} on ${entry.port}/tcp through our ${serviceWord}`,
      });
    for (const entry of services.removed)
      changes.push({
        what: `service ${entry.name}`,
        before: portText(entry),
        after: "(none)",
        adobeAction: `remove the connection from Adobe's VPC to our service ${entry.name} (${entry.port}/tcp)`,
      });
    for (const [old, now] of services.changed)
      changes.push({
        what: `service ${now.name}`,
        before: portText(old),
        after: portText(now),
        adobeAction: changedAction(old, now, `connect to our service ${now.name} on ${now.port}/tcp instead of ${old.port}/tcp`),
      });
  }

  if (before.settings.cloud === "azure" && after.settings.cloud === "azure") {
    const was = before.settings.azure.subscriptionIds;
    const is = after.settings.azure.subscriptionIds;
    if (list(was) !== list(is))
      changes.push({
        what: "Adobe subscriptions that may see our Private Link Service (adobe.subscriptionIds)",
        before: list(was),
        after: list(is),
        adobeAction: null,
      });
  }
  if (a.clusterId !== b.clusterId)
    changes.push({ what: "cluster ID", before: a.clusterId ?? "(missing)", after: b.clusterId ?? "(missing)", adobeAction: null });
  return changes;
}

/** The live connections a replacement or deletion touches, and what Adobe does about it. */
function connectionEffects(cloud: readonly CloudChangeInput[], after: StackVersion): { changes: AdobeChange[]; approvals: string[] } {
  const changes: AdobeChange[] = [];
  const approvals: string[] = [];
  const aws = after.settings.cloud === "aws";
  const serviceWord = aws ? "endpoint service" : "Private Link Service";
  for (const change of cloud) {
    const role = resourceType(change.type)?.role;
    if (role === undefined || (change.action !== "replace" && change.action !== "delete")) continue;
    const why = change.reason ?? "it leaves the stack";
    if (role === "endpoint-to-adobe" && change.action === "replace") {
      approvals.push(`${change.urn}: a new endpoint sends a new connection request to Adobe's ${serviceWord} (${why}); Adobe approves it`);
      changes.push({
        what: "our endpoint to Adobe",
        before: "approved endpoint",
        after: "new endpoint, new connection request",
        adobeAction: `approve the new connection request from our endpoint (the old one disappears)`,
      });
    }
    if (role === "service-for-adobe") {
      if (change.action === "replace") {
        approvals.push(
          `${change.urn}: a new ${serviceWord} has a new id, so Adobe connects again (${why}); this stack accepts the new connection once its id is in adobe.connections`,
        );
        changes.push({
          what: `our ${serviceWord}`,
          before: "current id",
          after: "new id after pulumi up (the stack output fromAdobe.serviceName)",
          adobeAction: `connect from Adobe's VPC to our new ${serviceWord} and remove the connection to the old one`,
        });
      }
    }
    if (role === "load-balancer" && change.action === "replace") {
      changes.push({
        what: `the load balancer behind our ${serviceWord}`,
        before: "current load balancer",
        after: "new load balancer",
        adobeAction: `check the connection from Adobe's VPC to our ${serviceWord} after the change window (${why}; the connection stays approved)`,
      });
    }
  }
  return { changes, approvals };
}

function changeLine(change: AdobeChange): string {
  return `- ${change.what}: ${change.before} -> ${change.after}. Adobe: ${change.adobeAction ?? "nothing to do"}`;
}

/**
 * The change request between two versions; the refusals instead when the change is a new connection.
 * `cloud` is the cloud plan's changes between them.
 */
export function changeRequest(
  before: StackVersion,
  after: StackVersion,
  cloud: readonly CloudChangeInput[],
): ChangeRequest | { refusals: ChangeRefusal[] } {
  const refused = refusals(before.settings, after.settings);
  if (refused.length > 0) return { refusals: refused };
  const effects = connectionEffects(cloud, after);
  const changes = [...adobeChanges(before, after), ...effects.changes];
  const replacements = cloud
    .filter((change) => change.action === "replace")
    .map((change) => ({ urn: change.urn, reason: change.reason ?? "the provider replaces it" }));
  const needed = changes.some((change) => change.adobeAction !== null);
  const { adobe } = after.settings;
  const aws = after.settings.cloud === "aws";
  const subject = `${ticketSubject(adobe.company)}: change request`;
  const missing = needed ? after.enablement.missing : [];
  const text = needed
    ? [
        `Subject: ${subject}`,
        "",
        `Please change our existing ${after.settings.topology} PrivateLink between our ${aws ? "AWS" : "Azure"} account and our Adobe Commerce on cloud infrastructure Pro ${adobe.environment} environment, as follows.`,
        "",
        "Requested changes:",
        ...changes.filter((change) => change.adobeAction !== null).map(changeLine),
        ...(effects.approvals.length > 0
          ? ["", "Connections that need a new approval:", ...effects.approvals.map((line) => `- ${line}`)]
          : []),
        "",
        "The connection after the change:",
        ...fieldLines(after.enablement.fields, aws),
        ...(missing.length > 0 ? ["", "Missing before this ticket can be sent:", ...missing.map((item) => `- ${item}`)] : []),
      ].join("\n")
    : "No change for Adobe: no ticket is needed.";
  return { subject, changes, replacements, approvals: effects.approvals, needed, text, missing };
}

/**
 * The ticket that removes the stack's connection, the first change of Adobe's list ("Remove the
 * PrivateLink connection from the ... Pro Production or Staging environment"): sent before
 * `pulumi destroy`, so that Adobe stops allowing our account on its service, closes our ports and,
 * for a bidirectional stack, removes its endpoints to our service.
 */
export function removalRequest(version: StackVersion): ChangeRequest {
  const { settings, enablement } = version;
  const fields = enablement.fields;
  const aws = settings.cloud === "aws";
  const serviceWord = aws ? "endpoint service" : "Private Link Service";
  const changes: AdobeChange[] = [
    {
      what: "the PrivateLink connection",
      before: `enabled for ${fields.cloudAccount}`,
      after: "removed",
      adobeAction: `remove ${fields.cloudAccount} from the accounts allowed on Adobe's ${serviceWord}, and our endpoint's connection to it`,
    },
    ...settings.adobe.ports.map((entry) => ({
      what: `port ${entry.name}`,
      before: portText(entry),
      after: "(none)",
      adobeAction: `close ${entry.port}/tcp on the Adobe Commerce cluster`,
    })),
    ...(settings.topology === "bidirectional"
      ? [
          {
            what: "connection type",
            before: "bidirectional",
            after: "(none)",
            adobeAction:
              `remove the connections from Adobe's VPC to our ${serviceWord} ${fields.endpointService ?? fields.privateLinkServiceAlias ?? ""}`.trimEnd(),
          },
        ]
      : []),
  ];
  const subject = `${ticketSubject(settings.adobe.company)}: remove the PrivateLink connection`;
  const missing = fields.clusterId === undefined ? [CLUSTER_ID_MISSING] : [];
  const text = [
    `Subject: ${subject}`,
    "",
    `Please remove the ${settings.topology} PrivateLink between our ${aws ? "AWS" : "Azure"} account and our Adobe Commerce on cloud infrastructure Pro ${settings.adobe.environment} environment, as follows.`,
    "",
    "Requested changes:",
    ...changes.map(changeLine),
    "",
    "The connection to remove:",
    ...fieldLines(fields, aws),
    ...(missing.length > 0 ? ["", "Missing before this ticket can be sent:", ...missing.map((item) => `- ${item}`)] : []),
  ].join("\n");
  return { subject, changes, replacements: [], approvals: [], needed: true, text, missing };
}
