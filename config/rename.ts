/**
 * `formerName` of the entries of `adobe.ports` and `services` (AWS): the name an entry had before a
 * rename, so that its resources keep their identity through aliases instead of being replaced (AWS
 * refuses a second listener on a port or a duplicate rule, so create-before-delete would fail).
 */
import type { Cloud } from "../rules/adobe";
import { NAME } from "../rules/quotas";
import { isRecord, type Json, type Problems } from "./check";

/**
 * Checks each entry's `formerName`: AWS only, a valid name, not the entry's own name, not the current
 * name of another entry, not repeated. Returns the valid former name per current name.
 */
export function readFormerNames(
  p: Problems,
  listKey: "adobe.ports" | "services",
  items: readonly Json[],
  cloud: Cloud | undefined,
): Map<string, string> {
  const byName = new Map<string, string>();
  const names = items.map((item) => (isRecord(item) ? item.name : undefined));
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const former = isRecord(item) ? item.formerName : undefined;
    if (former === undefined) return;
    const key = `${listKey}[${index}].formerName`;
    const name = names[index];
    if (cloud !== "aws") {
      p.add(key, former, "keeps resources through a rename on AWS stacks only", "remove it");
    } else if (typeof former !== "string" || !NAME.test(former)) {
      p.add(key, former, "must be the entry's previous name (a valid name)", "write the name the entry had before, or remove formerName");
    } else if (former === name) {
      p.add(key, former, "is the entry's own name", "remove formerName");
    } else if (names.includes(former)) {
      p.add(
        key,
        former,
        `is the current name of ${listKey}[${names.indexOf(former)}]: two entries cannot share one identity`,
        "remove formerName, or rename in two steps (first the other entry)",
      );
    } else if (seen.has(former)) {
      p.add(key, former, `repeats the formerName of ${listKey}[${seen.get(former) ?? 0}]`, "keep it on one entry only");
    } else {
      seen.set(former, index);
      if (typeof name === "string") byName.set(name, former);
    }
  });
  return byName;
}

/** The entries with their valid `formerName` attached. */
export function withFormerNames<T extends { readonly name: string }>(entries: readonly T[], byName: ReadonlyMap<string, string>): T[] {
  return entries.map((entry) => {
    const formerName = byName.get(entry.name);
    return formerName === undefined ? entry : { ...entry, formerName };
  });
}
