/**
 * Reading resource props without `any`: each helper narrows one value and returns undefined when
 * the value is absent or not of the expected shape (a wrong shape is a program the provider would
 * reject anyway; the policies judge what they can read).
 */
export type Props = Readonly<Record<string, unknown>>;

export function str(props: Props, key: string): string | undefined {
  const value = props[key];
  return typeof value === "string" ? value : undefined;
}

export function bool(props: Props, key: string): boolean | undefined {
  const value = props[key];
  return typeof value === "boolean" ? value : undefined;
}

export function num(props: Props, key: string): number | undefined {
  const value = props[key];
  if (typeof value === "number") return value;
  // Some providers hand ports over as strings (Terraform schemas are loose); accept integral text.
  if (typeof value === "string" && /^-?[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

export function obj(props: Props, key: string): Props | undefined {
  const value = props[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : undefined;
}

/** A list of objects; non-object entries are dropped. */
export function objs(props: Props, key: string): Props[] {
  const value = props[key];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Props => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** A list of strings; undefined when the key is absent, non-string entries are dropped. */
export function strs(props: Props, key: string): string[] | undefined {
  const value = props[key];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string");
}

/** A string map such as `tags`. */
export function strMap(props: Props, key: string): Record<string, string> | undefined {
  const value = obj(props, key);
  if (!value) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}
