/**
 * `npm start -- --since`: the change between the old and the new plan of a stack, as report lines and
 * as the JSON's `changeRequest`. The cloud diff is `change.ts`, Adobe's side `handshake/changeTicket.ts`.
 */
import { type ChangeRefusal, type ChangeRequest, changeRequest, removalRequest } from "../handshake/changeTicket";
import { type CreateConflict, createConflicts, diffResources, renderCloudChanges, type ResourceChange } from "./change";
import type { Plan } from "./plan";
import { block, GROUP_ORDER, GROUP_TITLES, heading } from "./plan-report";

export interface ChangeOutcome {
  /** Added to the plan's JSON. */
  readonly json: {
    readonly changeRequest: Omit<ChangeRequest, "needed" | "approvals"> | null;
    readonly cloudChanges: readonly ResourceChange[];
    readonly changeErrors: readonly { key: string; message: string }[];
  };
  /** Added to the report. */
  readonly text: string;
  /** The old version could not be planned, or the change is refused. */
  readonly failed: boolean;
}

function failure(label: string, errors: readonly { key: string; message: string }[], why: string): ChangeOutcome {
  return {
    json: { changeRequest: null, cloudChanges: [], changeErrors: errors },
    text: block([...heading(`Change since ${label}`), `  ${why}`, ...errors.map((e) => `  - ${e.key}: ${e.message}`), ""]).join("\n"),
    failed: true,
  };
}

function conflictErrors(conflicts: readonly CreateConflict[]): { key: string; message: string }[] {
  return conflicts.map((conflict) => ({
    key: "adobe.ports[].formerName / services[].formerName",
    message: `${conflict.urn} would be created while ${conflict.duplicates} still exists with the same ${conflict.inputs.join(", ")}: AWS refuses the duplicate, as pulumi up creates before it deletes. Fix: if the entry was renamed, set formerName: <its old name> on it (its resources are then renamed, not replaced); otherwise remove the old entry in one pulumi up and add the new one in the next.`,
  }));
}

function refusalErrors(refusals: readonly ChangeRefusal[]): { key: string; message: string }[] {
  return refusals.map((refusal) => ({ key: refusal.key, message: refusal.message }));
}

/** The ticket's lines, indented under its heading. */
function ticketLines(request: ChangeRequest, title: string): string[] {
  return [...heading(title), ...request.text.split("\n").map((line) => (line === "" ? "" : `  ${line}`)), ""];
}

/**
 * `--removal`: removing the stack's connection, before `pulumi destroy`. What the destroy deletes (every
 * planned resource; retained ones stay in the cloud), the steps the engine and the clouds need first,
 * and Adobe's ticket; nothing when the stack was not planned.
 */
export function removalOf(plan: Plan): ChangeOutcome | undefined {
  if (plan.settings === undefined) return undefined;
  const cloud = diffResources(plan.report.resources, []);
  const request = removalRequest({ settings: plan.settings, enablement: plan.outputs.enablementRequest });
  const teardown = plan.outputs.handshake.legs["adobe-to-customer"]?.teardown;
  const steps = [
    "send the removal ticket below to Adobe Commerce Support and wait until Adobe confirms the removal",
    ...(plan.settings.protect
      ? [
          "pulumi config set protect false, then pulumi up: the engine refuses to delete a protected resource, and protect lives in the state",
        ]
      : []),
    ...(teardown === undefined ? [] : [teardown]),
    "pulumi destroy, then pulumi stack rm once nothing is left",
  ];
  const { needed, approvals, ...json } = request;
  const lines = [
    ...heading("Removal: what pulumi destroy deletes"),
    ...renderCloudChanges(cloud, GROUP_ORDER, GROUP_TITLES),
    ...heading("In this order"),
    ...steps.map((step, i) => `  ${i + 1}. ${step}`),
    ...ticketLines(request, "Removal ticket for Adobe Commerce Support"),
  ];
  return { json: { changeRequest: json, cloudChanges: cloud, changeErrors: [] }, text: block(lines).join("\n"), failed: false };
}

/** The change from `before` (labelled `label`) to `after`; nothing when the new version was not planned. */
export function changeSince(label: string, before: Plan | undefined, after: Plan): ChangeOutcome | undefined {
  if (after.settings === undefined) return undefined;
  if (before?.settings === undefined)
    return failure(label, before?.report.errors ?? [], "the old version could not be planned, so there is nothing to compare");
  const cloud = diffResources(before.report.resources, after.report.resources, after);
  const conflicts = createConflicts(cloud, before.report.resources, after.report.resources);
  if (conflicts.length > 0) return failure(label, conflictErrors(conflicts), "REFUSED: the cloud would refuse this update");
  const request = changeRequest(
    { settings: before.settings, enablement: before.outputs.enablementRequest },
    { settings: after.settings, enablement: after.outputs.enablementRequest },
    cloud,
  );
  if ("refusals" in request)
    return failure(label, refusalErrors(request.refusals), "REFUSED: this is a new connection, not a change Adobe makes in one step");
  const { needed, approvals, ...json } = request;
  const lines = [
    ...heading(`Change since ${label}: what changes in the cloud`),
    ...renderCloudChanges(cloud, GROUP_ORDER, GROUP_TITLES),
    ...heading("What changes for Adobe"),
    ...(request.changes.length === 0
      ? ["  nothing"]
      : request.changes.map((c) => `  - ${c.what}: ${c.before} -> ${c.after}. Adobe: ${c.adobeAction ?? "nothing to do"}`)),
    ...heading("Live connections that need a new approval"),
    ...(approvals.length === 0 ? ["  none"] : approvals.map((line) => `  - ${line}`)),
    ...ticketLines(request, needed ? "Change ticket for Adobe Commerce Support" : "Change ticket: none needed"),
  ];
  return { json: { changeRequest: json, cloudChanges: cloud, changeErrors: [] }, text: block(lines).join("\n"), failed: false };
}
