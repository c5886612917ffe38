/**
 * Property values on the gRPC wire, as the SDK encodes them (runtime/rpc.js): secrets, unknowns,
 * output values and resource references are objects tagged with a signature key. The engine
 * stand-in decodes them to plain values for comparison and keeps the paths that were secret.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Decoded {
  /** The plain value: secrets unwrapped, unknowns as UNKNOWN. */
  readonly value: Json;
  /** Paths (`a.b[0]`) of the values that were secret. */
  readonly secrets: readonly string[];
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

function walk(value: Json, path: string, secrets: string[]): Json {
  if (Array.isArray(value)) return value.map((item, i) => walk(item, join(path, i), secrets));
  if (!isObject(value)) return value;
  const sig = value[SIG_KEY];
  if (sig === SECRET_SIG) {
    secrets.push(path);
    return walk(value.value ?? null, path, secrets);
  }
  if (sig === OUTPUT_VALUE_SIG) {
    if (value.secret === true) secrets.push(path);
    return "value" in value ? walk(value.value ?? null, path, secrets) : UNKNOWN;
  }
  if (sig === RESOURCE_SIG) return value.urn ?? null;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, join(path, key), secrets)]));
}

export function decode(struct: Struct | undefined): Decoded {
  const secrets: string[] = [];
  const value = walk(struct?.toJavaScript() ?? {}, "", secrets);
  return { value, secrets };
}

/** A Struct from a JavaScript object; `undefined` members are dropped (Struct refuses them). */
export function struct(value: object): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, Json>);
}

/** Every string in a value, for "this text appears nowhere" checks. */
export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) strings(item, out);
  return out;
}
