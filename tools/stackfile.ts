/**
 * Stack files as Pulumi hands them to a program: `Pulumi.<stack>.yaml` is read, and each config value
 * becomes a string (scalars as text, mappings and lists as JSON), exactly like `PULUMI_CONFIG`.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** A stack file's `config:` section, as parsed YAML. */
export type StackConfig = Record<string, unknown>;

export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** Parses the text of a stack file and returns its `config:` section. */
export function parseStackFile(text: string, source: string): StackConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new StackFileError(`${source} is not valid YAML: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== "object" || Array.isArray(document))
    throw new StackFileError(`${source} must be a YAML mapping with a config: section`);
  const config = (document as Record<string, unknown>).config;
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config))
    throw new StackFileError(`${source}: config: must be a mapping of keys to values`);
  return config as StackConfig;
}

export function readStackFile(path: string): StackConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new StackFileError(`cannot read stack file ${path}`);
  }
  return parseStackFile(text, path);
}

/** The key/value map Pulumi gives the program for a stack file's config section. */
export function toPulumiConfig(config: StackConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}
