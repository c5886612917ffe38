/**
 * Stack files as Pulumi hands them to a program: `Pulumi.<stack>.yaml` is read, and each config value
 * becomes a string (scalars as text, mappings and lists as JSON), exactly like `PULUMI_CONFIG`.
 *
 * The Pulumi CLI reads stack files with go-yaml v2, a YAML 1.1 parser: `0663` is the octal 435, `<<`
 * merges a mapping, `yes` is true, `0b11` is 3. A YAML 1.2 reader sees 663, "yes", "0b11". go-yaml
 * leaves out two YAML 1.1 rules, and so does the CLI reading here: base 60 (`1:20` stays text, "purposefully
 * unsupported" in its resolve.go) and timestamps, which it keeps as text in an untyped value (its
 * decode.go, for backward compatibility). So that `npm start`
 * and `pulumi up` never see different values, the file is read both ways (merge keys in both, as the
 * CLI merges them) and every value the two readings disagree on is refused, with its key.
 *
 * A `secure:` value (what `pulumi config set --secret` writes) is encrypted with the stack's secrets
 * provider, which only the CLI can open: it reads here as the placeholder `[secret]`.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { constants } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { isScalar, parseDocument, type Tags, visit } from "yaml";

/** A stack file's `config:` section, as parsed YAML. */
export type StackConfig = Record<string, unknown>;

/** What a `secure:` value reads as without the stack's secrets provider. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Stack files are a few KiB. The limit bounds the parse time of any input (the file is parsed twice;
 * a 64 KiB flow list of 16,000 items parses in about 0.2 s), and anything larger is refused unread.
 */
export const MAX_STACK_FILE_BYTES = 64 * 1024;

export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

type Reading = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * A key written twice in one mapping, or undefined. A key written twice is an error for the CLI too.
 * Checked here in one pass: the parser's own `uniqueKeys` compares every key with every other
 * (4,000 keys took a second per reading).
 */
function duplicateKey(document: ReturnType<typeof parseDocument>): string | undefined {
  let found: string | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (key === "<<") continue;
        if (seen.has(key)) {
          found = key;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** YAML 1.1 as go-yaml v2 reads it: without the base-60 numbers and the timestamps it leaves out. */
const goYamlTags = (tags: Tags): Tags =>
  tags.filter((tag) =>
    typeof tag === "string"
      ? tag !== "intTime" && tag !== "floatTime" && tag !== "timestamp"
      : tag.format !== "TIME" && tag.tag !== "tag:yaml.org,2002:timestamp",
  );

function read(text: string, version: "1.1" | "1.2"): Reading {
  try {
    const document = parseDocument(text, {
      version,
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      ...(version === "1.1" ? { customTags: goYamlTags } : {}),
    });
    const [error] = document.errors;
    if (error !== undefined) return { ok: false, message: error.message.split("\n")[0] ?? "" };
    const duplicate = duplicateKey(document);
    if (duplicate !== undefined) return { ok: false, message: `Map keys must be unique: ${JSON.stringify(duplicate)} is written twice` };
    // maxAliasCount bounds alias bombs.
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, message: (error as Error).message.split("\n")[0] ?? "" };
  }
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

function keyPath(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

/** The places where the YAML 1.1 reading (the CLI's) and the YAML 1.2 reading differ. */
function disagreements(cli: unknown, plain: unknown, path: string, out: string[]): void {
  if (isDeepStrictEqual(cli, plain)) return;
  if (Array.isArray(cli) && Array.isArray(plain) && cli.length === plain.length) {
    cli.forEach((item, i) => disagreements(item, plain[i], keyPath(path, i), out));
    return;
  }
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isMap(cli) && isMap(plain)) {
    const cliKeys = Object.keys(cli).sort();
    const plainKeys = Object.keys(plain).sort();
    if (!isDeepStrictEqual(cliKeys, plainKeys)) {
      out.push(
        `${path || "(the file)"}: the keys read as ${show(cliKeys)} to the Pulumi CLI (YAML 1.1, where y, n, yes, no, on and off are booleans) but as ${show(plainKeys)} in YAML 1.2; quote the key`,
      );
      return;
    }
    for (const key of new Set([...Object.keys(cli), ...Object.keys(plain)])) disagreements(cli[key], plain[key], keyPath(path, key), out);
    return;
  }
  out.push(
    `${path || "(the file)"} reads as ${show(cli)} to the Pulumi CLI (YAML 1.1) but as ${show(plain)} in YAML 1.2; quote the value, or write it so both read the same`,
  );
}

/** `{ secure: "v1:..." }` becomes the placeholder; returns the key paths that were secret. */
function placeSecrets(value: unknown, path: string, secrets: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => placeSecrets(item, keyPath(path, i), secrets));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === "secure" && typeof entries[0][1] === "string") {
    secrets.push(path);
    return SECRET_PLACEHOLDER;
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, placeSecrets(item, keyPath(path, key), secrets)]));
}

/** Deeper flow collections only cost the parser's recursion (seconds at 30,000 levels). */
const MAX_FLOW_DEPTH = 64;

/** The deepest nesting of flow brackets outside quoted text and comments: one pass, no parse. */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== "") {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote || c === "\n") quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return max;
}

/** Parses the text of a stack file and returns its `config:` section. */
export function parseStackFile(text: string, source: string): StackConfig {
  return parseStackFileWithSecrets(text, source).config;
}

/** The `config:` section and the keys whose values are `secure:` (shown as `[secret]`). */
export function parseStackFileWithSecrets(text: string, source: string): { config: StackConfig; secrets: string[] } {
  if (text.length > MAX_STACK_FILE_BYTES)
    throw new StackFileError(`${source} is larger than ${MAX_STACK_FILE_BYTES / 1024} KiB; a stack file is a few lines of config`);
  const depth = flowDepth(text);
  if (depth > MAX_FLOW_DEPTH)
    throw new StackFileError(`${source} nests [ ] and { } ${depth} levels deep; a stack file needs a few (at most ${MAX_FLOW_DEPTH})`);
  const cli = read(text, "1.1");
  if (!cli.ok) throw new StackFileError(`${source} is not valid YAML: ${cli.message}`);
  const plain = read(text, "1.2");
  const problems: string[] = [];
  if (plain.ok) disagreements(cli.value, plain.value, "", problems);
  else problems.push(`the file is YAML 1.1 (as the Pulumi CLI reads it) but not YAML 1.2: ${plain.message}`);
  if (problems.length > 0) throw new StackFileError(`${source}: ${problems.join("; ")}`);
  const document = cli.value;
  if (document === null || document === undefined) return { config: {}, secrets: [] };
  if (typeof document !== "object" || Array.isArray(document))
    throw new StackFileError(`${source} must be a YAML mapping with a config: section`);
  const config = (document as Record<string, unknown>).config;
  if (config === undefined || config === null) return { config: {}, secrets: [] };
  if (typeof config !== "object" || Array.isArray(config))
    throw new StackFileError(`${source}: config: must be a mapping of keys to values`);
  const secrets: string[] = [];
  return { config: placeSecrets(config, "", secrets) as StackConfig, secrets };
}

/** How a file is read: `followLinks: false` refuses a symbolic link instead of reading where it leads. */
export interface ReadOptions {
  readonly followLinks?: boolean;
}

/** Reads a regular file of at most `limit` bytes as UTF-8, or throws one line saying why not. */
export function readRegularFile(
  path: string,
  what: string,
  limit = MAX_STACK_FILE_BYTES,
  { followLinks = true }: ReadOptions = {},
): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer. O_NOFOLLOW: the open itself refuses a
    // link (ELOOP), so a file swapped for a link after it was listed is refused too.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP" && !followLinks)
      throw new StackFileError(`${what} ${path} is a symbolic link: only files in the directory named are read, not where a link leads`);
    throw new StackFileError(`cannot read ${what} ${path}: ${code ?? "unreadable"}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new StackFileError(`${what} ${path} is a directory, not a file`);
    if (!stat.isFile()) throw new StackFileError(`${what} ${path} is not a regular file (a device, FIFO or socket)`);
    if (stat.size > limit)
      throw new StackFileError(`${what} ${path} is larger than ${limit / 1024} KiB; a stack file is a few lines of config`);
    const buffer = Buffer.alloc(stat.size);
    let at = 0;
    while (at < stat.size) {
      const n = readSync(fd, buffer, at, stat.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return buffer.subarray(0, at).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

export function readStackFile(path: string, options: ReadOptions = {}): StackConfig {
  return readStackFileWithSecrets(path, options).config;
}

export function readStackFileWithSecrets(path: string, options: ReadOptions = {}): { config: StackConfig; secrets: string[] } {
  return parseStackFileWithSecrets(readRegularFile(path, "stack file", MAX_STACK_FILE_BYTES, options), path);
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
