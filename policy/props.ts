/**
 * Reading resource props without `any`. Each helper narrows one value and returns undefined when it
 * is absent (or null, which Pulumi sends for "not set") or cannot be read as the expected type.
 *
 * A value of the wrong type is read the way Terraform converts primitive values, which is what the
 * bridged AWS provider does with its inputs (HashiCorp, "Type Constraints: Conversion of Primitive
 * Types"): the exact strings "true" and "false" are booleans, decimal text is a number, numbers and
 * booleans are text. Anything else (a list where one value is expected, "yes" for a boolean, 22.5 for
 * a port) cannot be read; `examined-inputs-readable` reports it as a mandatory finding, and the
 * policies read it the strictest way (a port range as every port, a lone string as a list of one).
 */
export type Props = Readonly<Record<string, unknown>>;

/** Absent: undefined or null. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** A primitive value as text: strings as they are, finite numbers and booleans converted. */
export function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") return String(value);
  return undefined;
}

export function asBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** An integer (a port, a protocol number); 22.5 or "22.5" is not one. */
export function asInteger(value: unknown): number | undefined {
  const n = asNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

export function str(props: Props, key: string): string | undefined {
  return asText(props[key]);
}

export function bool(props: Props, key: string): boolean | undefined {
  return asBool(props[key]);
}

export function num(props: Props, key: string): number | undefined {
  return asInteger(props[key]);
}

export function obj(props: Props, key: string): Props | undefined {
  const value = props[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : undefined;
}

/** A list of objects; non-object entries are dropped (examined-inputs-readable reports them). */
export function objs(props: Props, key: string): Props[] {
  const value = props[key];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Props => typeof item === "object" && item !== null && !Array.isArray(item));
}

/**
 * A list of strings; undefined when the key is absent. A lone value is read as a list of one, and an
 * entry that is not text is kept as its JSON, so a policy judging the entries sees (and refuses) it
 * instead of skipping it.
 */
export function strs(props: Props, key: string): string[] | undefined {
  const value = props[key];
  if (isAbsent(value)) return undefined;
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  return items.filter((item) => !isAbsent(item)).map((item) => asText(item) ?? JSON.stringify(item));
}

/** A string map such as `tags`. */
export function strMap(props: Props, key: string): Record<string, string> | undefined {
  const value = obj(props, key);
  if (!value) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}
