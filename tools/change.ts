/**
 * What changes in the cloud between two plans of a stack: each resource added, updated, replaced or
 * deleted, matched by URN as `pulumi up` matches them. Whether a changed input replaces the resource
 * comes from the table of resource types (`replaceOn`, the providers' own rules) and from the
 * resource's `replaceOnChanges` option. Pure: the plans are made elsewhere (`plan-cli.ts`).
 */
import { knownResourceType } from "../lib/resourceTypes";
import type { Group, PlannedResource } from "./plan";

export type CloudAction = "add" | "update" | "replace" | "delete";

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly leg: Group;
  readonly action: CloudAction;
  /** The inputs whose value differs (update, replace); empty for add and delete. */
  readonly inputs: readonly string[];
  /** Why it is replaced, or what a delete leaves behind; absent otherwise. */
  readonly reason?: string;
  /** A delete of a `retainOnDelete` resource: it leaves the stack, the cloud keeps it. */
  readonly retained?: boolean;
  /** Protected in the new plan: `pulumi up` stops before replacing or deleting it. */
  readonly protect: boolean;
  /** The URN it had before a rename (matched through its alias). */
  readonly renamedFrom?: string;
}

/** A JSON text that does not depend on the order of an object's keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
}

/** The top-level inputs whose value differs, in a stable order. */
export function changedInputs(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => canonical(before[key]) !== canonical(after[key]));
}

/** `subnet.id` and `subnet` both name the top-level input `subnet`; `*` names every input. */
function topLevel(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}

function removedElements(before: unknown, after: unknown): boolean {
  if (!Array.isArray(before)) return false;
  const kept = new Set((Array.isArray(after) ? after : []).map(canonical));
  return before.some((item) => !kept.has(canonical(item)));
}

/** Why the change of `inputs` replaces the resource; undefined when it updates in place. */
export function replacementReason(
  type: string,
  inputs: readonly string[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  replaceOnChanges: readonly string[],
): string | undefined {
  const entry = knownResourceType(type, "the change plan");
  const forced = inputs.filter((key) => entry.replaceOn.includes(key));
  if (forced.length > 0) return `${forced.join(", ")} cannot change in place (the provider replaces it)`;
  const removed = inputs.filter((key) => entry.replaceOnRemoval?.includes(key) === true && removedElements(before[key], after[key]));
  if (removed.length > 0) return `an element of ${removed.join(", ")} is removed (the provider replaces it)`;
  const option = replaceOnChanges.map(topLevel);
  const optioned = option.includes("*") ? [...inputs] : inputs.filter((key) => option.includes(key));
  if (optioned.length > 0) return `${optioned.join(", ")} changes and the resource has replaceOnChanges`;
  return undefined;
}

/** What the new plan says about its resources beyond their inputs, by URN (`tools/plan.ts` PlannedStack). */
export interface AfterOptions {
  /** The `replaceOnChanges` option. */
  readonly replaceOnChanges?: ReadonlyMap<string, readonly string[]>;
  /** The URNs a renamed resource had (its aliases): `pulumi up` matches the old resource through them. */
  readonly formerUrns?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The resources of `after` against those of `before`: deleted ones first (in the old order), then the
 * new plan's order. A resource whose URN is new but whose alias names an old one is that old resource,
 * renamed, as `pulumi up` matches them.
 */
export function diffResources(
  before: readonly PlannedResource[],
  after: readonly PlannedResource[],
  options: AfterOptions = {},
): ResourceChange[] {
  const byUrn = new Map(before.map((resource) => [resource.urn, resource]));
  const previousOf = (urn: string): PlannedResource | undefined =>
    byUrn.get(urn) ?? (options.formerUrns?.get(urn) ?? []).map((former) => byUrn.get(former)).find((found) => found !== undefined);
  const kept = new Set(after.flatMap((resource) => [resource.urn, previousOf(resource.urn)?.urn ?? resource.urn]));
  const changes: ResourceChange[] = [];
  for (const resource of before) {
    if (kept.has(resource.urn)) continue;
    changes.push({
      urn: resource.urn,
      type: resource.type,
      leg: resource.leg,
      action: "delete",
      inputs: [],
      protect: resource.protect,
      ...(resource.retainOnDelete
        ? { retained: true, reason: "retainOnDelete: it leaves the stack and stays in the cloud" }
        : resource.protect
          ? { reason: "protected: pulumi up refuses to delete it until protect is lifted" }
          : {}),
    });
  }
  for (const resource of after) {
    const previous = previousOf(resource.urn);
    const renamed = previous !== undefined && previous.urn !== resource.urn ? { renamedFrom: previous.urn } : {};
    const base = { urn: resource.urn, type: resource.type, leg: resource.leg, protect: resource.protect, ...renamed };
    if (previous === undefined) {
      changes.push({ ...base, action: "add", inputs: [] });
      continue;
    }
    const inputs = changedInputs(previous.inputs, resource.inputs);
    if (inputs.length === 0) continue;
    const reason = resource.custom
      ? replacementReason(resource.type, inputs, previous.inputs, resource.inputs, options.replaceOnChanges?.get(resource.urn) ?? [])
      : undefined;
    changes.push(reason === undefined ? { ...base, action: "update", inputs } : { ...base, action: "replace", inputs, reason });
  }
  return changes;
}

const ACTION_WORDS: Readonly<Record<CloudAction, string>> = {
  add: "added",
  update: "updated in place",
  replace: "REPLACED",
  delete: "deleted",
};

/** The cloud changes as report lines, by leg in the given order. */
export function renderCloudChanges(
  changes: readonly ResourceChange[],
  legs: readonly Group[],
  titles: Readonly<Record<Group, string>>,
): string[] {
  if (changes.length === 0) return ["  nothing changes in the cloud"];
  const lines: string[] = [];
  for (const leg of legs) {
    const here = changes.filter((change) => change.leg === leg);
    if (here.length === 0) continue;
    lines.push(`  ${titles[leg]}`);
    for (const change of here) {
      const what = change.retained === true ? "deleted from the stack, retained in the cloud" : ACTION_WORDS[change.action];
      const inputs = change.inputs.length > 0 ? ` (${change.inputs.join(", ")})` : "";
      lines.push(`    ${what}: ${change.urn}${inputs}`);
      if (change.renamedFrom !== undefined) lines.push(`      renamed from: ${change.renamedFrom} (its alias keeps it)`);
      if (change.reason !== undefined && change.retained !== true) lines.push(`      why: ${change.reason}`);
      if (change.protect && (change.action === "replace" || change.action === "delete") && change.retained !== true)
        lines.push("      protected: pulumi up stops here until you lift protect for this change");
    }
  }
  return lines;
}

/** A new resource AWS would refuse because a resource it replaces in the stack still exists. */
export interface CreateConflict {
  readonly urn: string;
  /** The deleted resource it duplicates. */
  readonly duplicates: string;
  readonly inputs: readonly string[];
}

/**
 * New resources equal, on their type's `uniqueBy` inputs, to a resource the same change deletes:
 * `pulumi up` creates before it deletes, so the cloud refuses the create (typically an entry of
 * `adobe.ports` or `services` renamed without `formerName`).
 */
export function createConflicts(
  changes: readonly ResourceChange[],
  before: readonly PlannedResource[],
  after: readonly PlannedResource[],
): CreateConflict[] {
  const inputsOf = new Map([...before, ...after].map((resource) => [resource.urn, resource.inputs]));
  const identity = (change: ResourceChange, keys: readonly string[]): string =>
    `${change.type}|${keys.map((key) => canonical(inputsOf.get(change.urn)?.[key])).join("|")}`;
  const conflicts: CreateConflict[] = [];
  for (const added of changes.filter((change) => change.action === "add")) {
    const keys = knownResourceType(added.type, "the change plan").uniqueBy;
    if (keys === undefined) continue;
    const twin = changes.find(
      (change) => change.action === "delete" && change.type === added.type && identity(change, keys) === identity(added, keys),
    );
    if (twin !== undefined)
      conflicts.push({ urn: added.urn, duplicates: twin.urn, inputs: keys.filter((key) => inputsOf.get(added.urn)?.[key] !== undefined) });
  }
  return conflicts;
}
