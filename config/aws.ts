/**
 * AWS-only config rules that need the whole validated picture: the inbound rule quota of the endpoint's
 * security group, AWS's tag limits, and renames (`formerName`). Pure: each function returns problems in
 * the format of config/problems.ts, and config/validate.ts adds them to the others.
 */
import type { Cloud } from "../rules/adobe";
import { AWS_QUOTAS, AWS_TAG_LIMITS } from "../rules/adobe";
import type { ConfigProblem } from "./problems";
import type { AdobePort, CustomerService } from "./settings";

/** Entry keys for renames, allowed next to `name` in `adobe.ports[i]` and `services[i]`. */
export const RENAME_KEYS = ["formerName"] as const;

/** The pattern of port and service names (the same as `name`'s): a former name was once a name. */
const FORMER_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;

/**
 * ELBv2 tags allow Unicode letters, digits, spaces and `_ . : / = + - @` only (EC2 allows more); the
 * stack's tags go on both. AWS: "Tag restrictions", Elastic Load Balancing API reference (Tag).
 */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function problem(key: string, value: unknown, rule: string, fix: string): ConfigProblem {
  return { key, value, rule, fix };
}

/**
 * One inbound rule per port and client CIDR block, never merged: past the quota the config is refused
 * with the numbers, so that no change of one port ever re-keys another port's rules.
 */
export function ingressQuotaProblems(ports: readonly AdobePort[], cidrs: readonly string[]): ConfigProblem[] {
  const quota = AWS_QUOTAS.inboundRulesPerSecurityGroup;
  const needed = ports.length * cidrs.length;
  if (needed <= quota || cidrs.length === 0) return [];
  const maxPorts = Math.floor(quota / cidrs.length);
  return [
    problem(
      "adobe.ports",
      `${ports.length} ports x ${cidrs.length} CIDR blocks`,
      `needs ${needed} security group rules (one per port and network.clientCidrs block), over the quota of ${quota} inbound rules per group`,
      `list at most ${maxPorts} ports with ${cidrs.length} block${cidrs.length === 1 ? "" : "s"}, or fewer, wider private CIDR blocks (at most ${Math.floor(quota / ports.length)} for ${ports.length} ports), or split the ports over two stacks`,
    ),
  ];
}

/** AWS tag limits: 50 tags per resource including the `Name` the program sets, and ELBv2's characters. */
export function awsTagProblems(tags: Readonly<Record<string, string>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const keys = Object.keys(tags);
  const max = AWS_TAG_LIMITS.tagsPerResource - 1;
  if (keys.length > max) {
    problems.push(
      problem(
        "tags",
        `${keys.length} tags`,
        `AWS allows ${AWS_TAG_LIMITS.tagsPerResource} tags per resource and every resource also gets its Name tag`,
        `keep at most ${max} tags`,
      ),
    );
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key === "Name") {
      problems.push(problem("tags.Name", value, "is set by the program on every resource (its readable name)", "remove it"));
    } else if (!TAG_TEXT.test(key) || !TAG_TEXT.test(value)) {
      problems.push(
        problem(
          `tags.${key}`,
          value,
          "AWS load balancer tags allow only letters, digits, spaces and _ . : / = + - @ in keys and values",
          "remove the other characters",
        ),
      );
    }
  }
  return problems;
}

type Named = Pick<AdobePort | CustomerService, "name">;

/**
 * `formerName` of the entries of one list (`adobe.ports` or `services`): a valid name, different from
 * every current name of the list and from the other former names, and AWS only. Returns the problems
 * and the former name per current name, for the entries whose `formerName` is valid.
 */
export function formerNames(
  listKey: "adobe.ports" | "services",
  items: readonly unknown[],
  cloud: Cloud | undefined,
): { problems: ConfigProblem[]; byName: Map<string, string> } {
  const problems: ConfigProblem[] = [];
  const byName = new Map<string, string>();
  const record = (item: unknown): Record<string, unknown> =>
    typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
  const names = items.map((item) => record(item).name);
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const former = record(item).formerName;
    if (former === undefined) return;
    const key = `${listKey}[${index}].formerName`;
    const name = names[index];
    if (cloud !== "aws") {
      problems.push(problem(key, former, "keeps resources through a rename on AWS stacks only", "remove it"));
    } else if (typeof former !== "string" || !FORMER_NAME.test(former)) {
      problems.push(
        problem(
          key,
          former,
          "must be the entry's previous name (a valid name)",
          "write the name the entry had before, or remove formerName",
        ),
      );
    } else if (former === name) {
      problems.push(problem(key, former, "is the entry's own name", "remove formerName"));
    } else if (names.includes(former)) {
      problems.push(
        problem(
          key,
          former,
          `is the current name of ${listKey}[${names.indexOf(former)}]: two entries cannot share one identity`,
          "remove formerName, or rename in two steps (first the other entry)",
        ),
      );
    } else if (seen.has(former)) {
      problems.push(problem(key, former, `repeats the formerName of ${listKey}[${seen.get(former) ?? 0}]`, "keep it on one entry only"));
    } else {
      seen.set(former, index);
      if (typeof name === "string") byName.set(name, former);
    }
  });
  return { problems, byName };
}

/** The entries with their valid `formerName` attached. */
export function withFormerNames<T extends Named>(entries: readonly T[], byName: ReadonlyMap<string, string>): T[] {
  return entries.map((entry) => {
    const formerName = byName.get(entry.name);
    return formerName === undefined ? entry : { ...entry, formerName };
  });
}
