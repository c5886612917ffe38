/**
 * The building blocks of the config readers: a problem collector and readers of text, lists,
 * mappings, choices, names and ports. Each check adds its problem and returns undefined (or an empty
 * value) so that the readers go on and every problem is reported at once.
 */
import { type Cloud, forbiddenPort, type Leg } from "../rules/adobe";
import { NAME, NAME_RULE } from "../rules/quotas";
import { unsafeCharacter, unsafeCharacterRule } from "../lib/text";
import { nearest } from "../lib/suggest";
import type { ConfigProblem } from "./problems";

export type Json = unknown;

/** Collects problems; every check adds to it and none stops the others. */
export class Problems {
  readonly list: ConfigProblem[] = [];

  add(key: string, value: unknown, rule: string, fix: string): undefined {
    this.list.push({ key, value, rule, fix });
    return undefined;
  }
}

export function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const YAML_NUMBER_RULE = "must be text, but the stack file holds a YAML number (leading zeros and long digits are lost)";

export const UNSAFE_FIX = "remove it: write the value as plain text on one line";

/**
 * Reads a text value. Numbers are refused, never coerced: YAML turns `0123` into 83 or 123 and an
 * identifier would silently change. Control, format and bidi characters are refused in every value:
 * config text reaches Adobe's ticket, the Azure request message, resource names and tags.
 */
export function text(p: Problems, key: string, value: Json, required: boolean, fix: string): string | undefined {
  if (value === undefined || value === null) {
    return required ? p.add(key, value, "is required", fix) : undefined;
  }
  if (typeof value === "number") return p.add(key, value, YAML_NUMBER_RULE, `quote it: '${String(value)}'`);
  if (typeof value !== "string") return p.add(key, value, "must be text", fix);
  const unsafe = unsafeCharacter(value);
  if (unsafe) return p.add(key, value, unsafeCharacterRule(unsafe), UNSAFE_FIX);
  if (value.trim() === "") return required ? p.add(key, value, "must not be empty", fix) : undefined;
  if (value !== value.trim()) return p.add(key, value, "has leading or trailing spaces", `write '${value.trim()}'`);
  return value;
}

/** Reads a list; `min` items at least. Returns [] when the list itself is unusable. */
export function list(p: Problems, key: string, value: Json, min: number, fix: string): Json[] {
  if (value === undefined || value === null) {
    if (min > 0) p.add(key, value, `is required (a list of at least ${min})`, fix);
    return [];
  }
  if (!Array.isArray(value)) {
    p.add(key, value, "must be a YAML list", fix);
    return [];
  }
  if (value.length < min) p.add(key, value, `must have at least ${min} item${min === 1 ? "" : "s"}`, fix);
  return value;
}

export function object(p: Problems, key: string, value: Json, required: boolean, fix: string): Record<string, Json> {
  if (value === undefined || value === null) {
    if (required) p.add(key, value, "is required", fix);
    return {};
  }
  if (!isRecord(value)) {
    p.add(key, value, "must be a YAML mapping (key: value lines)", fix);
    return {};
  }
  return value;
}

export function unknownKeys(p: Problems, prefix: string, value: Record<string, Json>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = nearest(key, known);
    p.add(
      `${prefix}.${key}`,
      value[key],
      `is not a key of ${prefix} (known keys: ${known.join(", ")})`,
      guess ? `rename it to ${prefix}.${guess}` : "remove it",
    );
  }
}

export function duplicates<T>(
  p: Problems,
  key: string,
  items: readonly T[],
  what: (item: T) => string | number | undefined,
  label: string,
): void {
  const seen = new Map<string | number, number>();
  items.forEach((item, index) => {
    const id = what(item);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, index);
    } else {
      p.add(`${key}[${index}]`, id, `repeats the ${label} of ${key}[${first}]`, `remove one of them or use a different ${label}`);
    }
  });
}

export function choice<T extends string>(
  p: Problems,
  key: string,
  value: Json,
  choices: readonly T[],
  required: boolean,
  explain: (value: string) => string | undefined = () => undefined,
): T | undefined {
  const raw = text(p, key, value, required, `set it to one of ${choices.join(", ")}`);
  if (raw === undefined) return undefined;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const reason = explain(raw);
  const guess = nearest(raw, choices);
  const rule = reason ?? `must be one of ${choices.join(", ")}`;
  return p.add(key, raw, rule, guess && !reason ? `write ${guess}` : `use one of ${choices.join(", ")}`);
}

/** A port's or service's name: it names resources and reaches Adobe's ticket. */
export function readName(p: Problems, key: string, value: Json): string | undefined {
  const name = text(p, key, value, true, "give it a short name such as mysql or erp-db");
  if (name === undefined) return undefined;
  if (!NAME.test(name)) return p.add(key, name, NAME_RULE, "use a short name such as mysql or erp-db");
  return name;
}

export function readPort(p: Problems, key: string, value: Json, cloud: Cloud | undefined, leg: Leg): number | undefined {
  if (value === undefined || value === null) return p.add(key, value, "is required", "set the TCP port, e.g. 3306");
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    return p.add(key, value, "must be a whole number from 1 to 65535", "write the TCP port as a plain number, e.g. 3306");
  }
  const forbidden = forbiddenPort(cloud, leg, value);
  if (forbidden) return p.add(key, value, forbidden.reason, forbidden.fix);
  return value;
}

/** The name or port of a list item, for the duplicate checks. */
export function field(item: Json, name: "name" | "port"): string | number | undefined {
  if (!isRecord(item)) return undefined;
  const value = item[name];
  if (name === "name") return typeof value === "string" ? value : undefined;
  return typeof value === "number" ? value : undefined;
}
