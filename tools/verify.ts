/**
 * `npm run verify`: Adobe's connection test (`curl -v telnet://<host>:<port>/`, one port at a time) for
 * every target of one leg. The targets come from the `verification` stack output; each is resolved and
 * connected to under its own timeout, up to CONCURRENCY at once, so a run takes about one timeout per
 * CONCURRENCY targets: one timeout for any connection within a cloud's rule quotas, and no false
 * EMFILE failure at Azure's 1,500 load-balancing rules. Only private addresses are dialled unless
 * --allow-public says otherwise: an endpoint's address is always private, and this tool must not
 * become a port scanner of the internet fed by a file.
 *
 * Everything here is pure except `realNetwork`: tests inject a `Network` (and the process wiring lives
 * in `verify-cli.ts`), so every outcome can be produced without touching anything but 127.0.0.1.
 */
import { lookup } from "node:dns/promises";
import { BlockList, connect as tcpConnect, isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { curlLine } from "../handshake/verification";
import { EXIT, type Io as Streams, parseCommandLine, runCommand, UsageError } from "./cli";

export const LEGS = ["customer-to-adobe", "adobe-to-customer"] as const;
export type Leg = (typeof LEGS)[number];

export const DEFAULT_LEG: Leg = "customer-to-adobe";
export const DEFAULT_TIMEOUT_MS = 3000;
/** setTimeout fires at once beyond 2^31-1 ms; ten minutes is already far past any useful TCP test. */
export const MAX_TIMEOUT_MS = 600_000;
/**
 * Targets in flight at once. Each holds a socket (a file descriptor) and a resolver slot: 128 stays
 * far below the smallest default descriptor limit (256 on macOS, 1024 on Linux) with the process's
 * own, and keeps 1,500 targets that all time out to 12 timeouts.
 */
export const CONCURRENCY = 128;

export const USAGE =
  "usage: npm run verify -- [--outputs <file>] [--leg customer-to-adobe|adobe-to-customer] [--timeout <ms>] [--allow-public] [--json]";

export const HELP = `Opens a TCP connection to every target of the \`verification\` stack output, ${CONCURRENCY} at a time,
like Adobe's \`curl -v telnet://<host>:<port>/\` test. Run it from a host inside the customer network.

${USAGE}

  pulumi stack output --json | npm run verify
  npm run verify -- --outputs outputs.json --leg adobe-to-customer --timeout 5000
  pulumi stack output --json | npm run -s verify -- --json   (-s keeps npm's banner out of the JSON)

Options:
  --outputs <file>  the JSON printed by \`pulumi stack output --json\` (default: stdin; "-" is stdin)
  --leg <leg>       customer-to-adobe (default) or adobe-to-customer
  --timeout <ms>    per-target timeout covering DNS lookup and connect (default ${DEFAULT_TIMEOUT_MS})
  --allow-public    also connect to hosts with a public address (by default only private, loopback,
                    link-local and shared addresses are dialled: every endpoint's address is one)
  --json            print {"results":[{leg,service,host,port,ok,error,ms}]} instead of a table
  --help            this text

Flags take their value as --flag value or --flag=value.

Exit status: 0 every target connected, 1 any target failed, 2 usage or input error, 70 internal
error (a bug: please report it).
`;

/** One port to test, as the `verification` output describes it. */
export interface Target {
  leg: Leg;
  service: string;
  host: string;
  port: number;
  /** The equivalent manual test from Adobe's guide. */
  curl: string;
}

export type Status = "connected" | "refused" | "timed out" | "name not resolved" | "not private" | "other error";

export interface Result {
  target: Target;
  status: Status;
  /** Time until the outcome was known; for a timeout, about the timeout. */
  ms: number;
  /** The address the host resolved to, when it did. */
  address?: string;
  /** The system's error code or message behind a failure. */
  detail?: string;
}

/** What a check needs from the network; injected so tests can produce every outcome locally. */
export interface Network {
  /** Resolves a host name to one address; rejects with the resolver's error. */
  resolve: (host: string) => Promise<string>;
  /** Opens a TCP connection and closes it again; must give up when `signal` aborts. */
  connect: (address: string, port: number, signal: AbortSignal) => Promise<void>;
}

export { UsageError };

export interface Options {
  /** A file with the stack outputs; stdin when absent. */
  outputs?: string;
  leg: Leg;
  timeoutMs: number;
  json: boolean;
  help: boolean;
  /** Connect to public addresses too. */
  allowPublic: boolean;
}

const FLAGS = { outputs: "string", leg: "string", timeout: "string", json: "boolean", "allow-public": "boolean" } as const;

export function parseLeg(text: string): Leg {
  const leg = LEGS.find((candidate) => candidate === text);
  if (leg === undefined) throw new UsageError(`unknown leg ${JSON.stringify(text)}: use ${LEGS.join(" or ")}`);
  return leg;
}

export function parseTimeout(text: string): number {
  // Number("1e3") or Number(" 5") would pass a numeric check; only plain digits are a clear intent.
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS)
    throw new UsageError(
      `--timeout must be a positive integer number of milliseconds up to ${MAX_TIMEOUT_MS}, got ${JSON.stringify(text)}`,
    );
  return value;
}

export function parseArgs(argv: readonly string[]): Options {
  const defaults: Options = { leg: DEFAULT_LEG, timeoutMs: DEFAULT_TIMEOUT_MS, json: false, help: false, allowPublic: false };
  const parsed = parseCommandLine(argv, FLAGS, { extra: ": pass the outputs file with --outputs" });
  if (parsed === "help") return { ...defaults, help: true };
  const { outputs, leg, timeout, json = false, "allow-public": allowPublic = false } = parsed.flags;
  return {
    ...defaults,
    ...(outputs !== undefined ? { outputs } : {}),
    ...(leg !== undefined ? { leg: parseLeg(leg) } : {}),
    ...(timeout !== undefined ? { timeoutMs: parseTimeout(timeout) } : {}),
    json,
    allowPublic,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  // JSON.stringify(undefined) is undefined at run time, whatever its declared type says.
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A DNS name (letters, digits, hyphens, underscores, dots) or an IP address: nothing a terminal or a shell reads twice. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;
/** Control, format (bidi) and separator characters: they could rewrite what the table shows. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function parseTarget(value: unknown, index: number): Target {
  const where = `verification.targets[${index}]`;
  if (!isRecord(value)) throw new UsageError(`${where} must be an object, got ${shown(value)}`);
  const { leg, service, host, port } = value;
  if (typeof leg !== "string" || !(LEGS as readonly string[]).includes(leg))
    throw new UsageError(`${where}.leg must be ${LEGS.join(" or ")}, got ${shown(leg)}`);
  if (typeof service !== "string" || service === "" || service.length > 80 || UNPRINTABLE.test(service))
    throw new UsageError(`${where}.service must be a non-empty printable string of up to 80 characters, got ${shown(service)}`);
  if (typeof host !== "string" || host.trim() === "") throw new UsageError(`${where}.host must be a non-empty string, got ${shown(host)}`);
  const name = host.trim();
  if (isIP(name) === 0 && !HOST_NAME.test(name))
    throw new UsageError(`${where}.host must be a DNS name or an IP address, got ${shown(host)}`);
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`${where}.port must be an integer from 1 to 65535, got ${shown(port)}`);
  // The input's own curl text is never shown: only a line built here from the checked host and port.
  return { leg: parseLeg(leg), service, host: name, port, curl: curlLine(name, port) };
}

/** Parses the JSON printed by `pulumi stack output --json` and returns every target, validated. */
export function parseOutputs(text: string, source: string): Target[] {
  if (text.trim() === "")
    throw new UsageError(`no input: ${source} is empty; pipe in \`pulumi stack output --json\` or pass --outputs <file>`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new UsageError(`${source} is not valid JSON (${reason}); expected \`pulumi stack output --json\``);
  }
  if (!isRecord(document)) throw new UsageError(`${source} is not the stack outputs object printed by \`pulumi stack output --json\``);
  if (!("verification" in document)) {
    if ("targets" in document)
      throw new UsageError(`${source} looks like the bare verification output; pass all outputs: \`pulumi stack output --json\``);
    const keys = Object.keys(document);
    const found = keys.length === 0 ? "no outputs at all" : `outputs: ${keys.slice(0, 8).join(", ")}`;
    throw new UsageError(`${source} has no \`verification\` output (${found}); run \`pulumi up\` with this version first`);
  }
  const verification = document.verification;
  if (verification === "[secret]")
    throw new UsageError("the `verification` output is a secret: use `pulumi stack output --json --show-secrets`");
  if (!isRecord(verification))
    throw new UsageError(`the \`verification\` output must be an object with a targets list, got ${shown(verification)}`);
  const targets = verification.targets;
  if (!Array.isArray(targets)) throw new UsageError(`verification.targets must be a list, got ${shown(targets)}`);
  if (targets.length === 0) throw new UsageError("verification.targets is empty: there is nothing to test");
  return targets.map((target, index) => parseTarget(target, index));
}

/** The targets of one leg, in their output order; none is an input error, not a pass. */
export function selectTargets(targets: readonly Target[], leg: Leg): Target[] {
  const selected = targets.filter((target) => target.leg === leg);
  if (selected.length === 0) {
    const why =
      leg === "adobe-to-customer"
        ? "a unidirectional connection has none"
        : "there are none until the endpoint to Adobe's service exists: set adobe.endpointService or adobe.privateLinkService and run pulumi up";
    const other = LEGS.find((candidate) => candidate !== leg) ?? leg;
    throw new UsageError(`no ${leg} targets in verification.targets (${why}); it has ${targets.length} ${other}`);
  }
  return selected;
}

function errorCode(error: unknown): string {
  if (isRecord(error)) {
    const code = error.code;
    if (typeof code === "string" && code !== "") return code;
    const message = error.message;
    if (typeof message === "string" && message !== "") return message.split("\n")[0] ?? message;
  }
  return String(error);
}

function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Private (RFC 1918, RFC 4193), shared (RFC 6598), loopback and link-local ranges: where an endpoint can be. */
const PRIVATE = new BlockList();
for (const [prefix, bits] of [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
] as const)
  PRIVATE.addSubnet(prefix, bits, "ipv4");
for (const [prefix, bits] of [
  ["fc00::", 7],
  ["fe80::", 10],
  ["::1", 128],
] as const)
  PRIVATE.addSubnet(prefix, bits, "ipv6");

/** Whether an address is one an endpoint or a load balancer inside a network can have. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return PRIVATE.check(mapped, "ipv4");
  const family = isIP(address);
  return family !== 0 && PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface CheckOptions {
  /** Connect to public addresses too (--allow-public). */
  readonly allowPublic?: boolean;
  /** Targets in flight at once. */
  readonly concurrency?: number;
}

/**
 * Resolves and connects to one target. The timeout covers both steps: a slow resolver is as much a
 * failure from this host as a dropped SYN, and one clock per target is what bounds the whole run.
 */
export async function checkTarget(target: Target, timeoutMs: number, network: Network, options: CheckOptions = {}): Promise<Result> {
  const started = performance.now();
  const controller = new AbortController();
  // An object, not `let`s: the attempt mutates it and the timeout branch reads how far it got.
  const progress: { phase: "resolve" | "connect" | "public"; address?: string } = { phase: "resolve" };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("timeout");
    }, timeoutMs);
  });
  const attempt = (async (): Promise<{ error: unknown } | "connected"> => {
    try {
      progress.address = await network.resolve(target.host);
      if (options.allowPublic !== true && !isPrivateAddress(progress.address)) {
        progress.phase = "public";
        return { error: new Error("not private") };
      }
      progress.phase = "connect";
      if (controller.signal.aborted) return { error: new Error("aborted") };
      await network.connect(progress.address, target.port, controller.signal);
      return "connected";
    } catch (error) {
      return { error };
    }
  })();
  const outcome = await Promise.race([attempt, timedOut]);
  clearTimeout(timer);
  controller.abort();
  const ms = roundMs(performance.now() - started);
  const address = progress.address !== undefined ? { address: progress.address } : {};
  if (outcome === "connected") return { target, status: "connected", ms, ...address };
  if (outcome === "timeout") {
    // A lookup that never answers is a DNS problem; calling it a timeout would point at security groups.
    if (progress.phase === "resolve") return { target, status: "name not resolved", ms, detail: `lookup timed out after ${timeoutMs} ms` };
    return { target, status: "timed out", ms, ...address };
  }
  const code = errorCode(outcome.error);
  if (progress.phase === "public")
    return { target, status: "not private", ms, ...address, detail: `${progress.address ?? ""} is a public address` };
  if (progress.phase === "resolve") return { target, status: "name not resolved", ms, detail: code };
  if (code === "ECONNREFUSED") return { target, status: "refused", ms, ...address, detail: code };
  if (code === "ETIMEDOUT") return { target, status: "timed out", ms, ...address, detail: code };
  return { target, status: "other error", ms, ...address, detail: code };
}

/** Checks every target, `concurrency` at a time; results come back in target order. */
export async function checkTargets(
  targets: readonly Target[],
  timeoutMs: number,
  network: Network,
  options: CheckOptions = {},
): Promise<Result[]> {
  const results: Result[] = new Array<Result>(targets.length);
  let next = 0;
  // Each worker takes the next target as soon as its last one is done: no wave waits for its slowest.
  const worker = async (): Promise<void> => {
    for (let index = next++; index < targets.length; index = next++) {
      results[index] = await checkTarget(targets[index] as Target, timeoutMs, network, options);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? CONCURRENCY, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** The JSON `error` field: a fixed label per class, so scripts can match it exactly. */
export function errorLabel(result: Result): string | null {
  if (result.status === "connected") return null;
  if (result.status === "other error") return `other error: ${result.detail ?? "unknown"}`;
  return result.status;
}

export interface JsonResult {
  leg: Leg;
  service: string;
  host: string;
  port: number;
  ok: boolean;
  error: string | null;
  ms: number;
}

export function toJson(results: readonly Result[]): { results: JsonResult[] } {
  return {
    results: results.map((result) => ({
      leg: result.target.leg,
      service: result.target.service,
      host: result.target.host,
      port: result.target.port,
      ok: result.status === "connected",
      error: errorLabel(result),
      ms: result.ms,
    })),
  };
}

function resultText(result: Result): string {
  if (result.status === "connected") return `connected ${result.ms} ms`;
  if (result.status === "timed out") return `timed out after ${Math.round(result.ms)} ms`;
  // ECONNREFUSED would only repeat the word; the lookup and system codes are the useful part.
  return result.detail !== undefined && result.status !== "refused" ? `${result.status} (${result.detail})` : result.status;
}

/** What to check for each kind of failure, after the troubleshooting list in Adobe's guide. */
export const HINTS: Record<Exclude<Status, "connected">, string> = {
  refused:
    "refused: the address answered but nothing accepts on that port - no load balancer listener for it (on Adobe's side: the port is not opened yet, ask on the support ticket), or the service behind it is not listening (netstat -na | grep <port> on the target).",
  "timed out":
    "timed out: packets are dropped - check that the endpoint's security group (AWS) or NSG (Azure) allows this host's address on the port, that the endpoint connection is accepted/approved and not pending, that the load balancer has a listener for the port and healthy targets, and this host's routes and firewall.",
  "name not resolved":
    "name not resolved: endpoint DNS names are private to the network - run this on a host inside the VPC/VNet (in network.clientCidrs) that uses the network's resolver.",
  "not private":
    "not private: the host resolved to a public address and was not dialled - an endpoint's or internal load balancer's address is private; check the outputs file, or pass --allow-public to test a public address on purpose.",
  "other error":
    "other error: EHOSTUNREACH/ENETUNREACH mean this host has no route to the endpoint's subnet; ECONNRESET means something in the path closed the connection.",
};

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatTable(results: readonly Result[], leg: Leg, timeoutMs: number): string {
  const rows = [
    ["", "SERVICE", "HOST", "PORT", "ADDRESS", "RESULT", "EQUIVALENT"],
    ...results.map((result) => [
      result.status === "connected" ? "ok" : "FAIL",
      result.target.service,
      result.target.host,
      String(result.target.port),
      result.address ?? "-",
      resultText(result),
      result.target.curl,
    ]),
  ];
  const connected = results.filter((result) => result.status === "connected").length;
  const failed = results.length - connected;
  const lines = [
    `${leg}: ${results.length} target${results.length === 1 ? "" : "s"}, timeout ${timeoutMs} ms`,
    "",
    table(rows),
    "",
    failed === 0 ? `all ${results.length} connected` : `${connected} of ${results.length} connected, ${failed} failed`,
  ];
  const kinds = new Set(results.map((result) => result.status));
  for (const [status, hint] of Object.entries(HINTS)) if (kinds.has(status as Status)) lines.push(`  ${hint}`);
  // From here only the customer's side is reachable; Adobe's side of this leg is not.
  if (leg === "adobe-to-customer")
    lines.push(
      "  adobe-to-customer: this tested the customer's side from this host (AWS: each service target on its target port; Azure: the load balancer); target health (cloudChecks) shows the load balancer reaches the targets, and Adobe Support runs the end-to-end curl from the Adobe Commerce environment (adobeSupportSteps).",
    );
  return `${lines.join("\n")}\n`;
}

/** TCP over the real network: `node:dns` first, so a name that does not resolve is told apart. */
export const realNetwork: Network = {
  async resolve(host: string): Promise<string> {
    // An address is its own answer: no resolver thread (libuv has four) spent on it.
    if (isIP(host) !== 0) return host;
    const { address } = await lookup(host);
    return address;
  },
  connect(address: string, port: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new Error("aborted"));
        return;
      }
      const socket = tcpConnect({ host: address, port });
      const onAbort = (): void => {
        socket.destroy();
        reject(new Error("aborted"));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      socket.once("connect", () => {
        signal.removeEventListener("abort", onAbort);
        // Only reachability is tested; nothing is sent, as with curl's telnet:// test.
        socket.destroy();
        resolve();
      });
      socket.once("error", (error) => {
        signal.removeEventListener("abort", onAbort);
        socket.destroy();
        reject(error);
      });
    });
  },
};

/** The process around the core, injected so the whole command can run in a test. */
export interface Io extends Streams {
  argv: readonly string[];
  stdinIsTTY: boolean;
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  network: Network;
}

async function readInput(options: Options, io: Io): Promise<{ text: string; source: string }> {
  if (options.outputs !== undefined && options.outputs !== "-") {
    const path = options.outputs;
    try {
      return { text: await io.readFile(path), source: path };
    } catch (error) {
      const code = errorCode(error);
      const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code;
      throw new UsageError(`cannot read outputs file ${path}: ${reason}`);
    }
  }
  // Waiting on a terminal would look like a hang; nobody types stack outputs by hand.
  if (io.stdinIsTTY) throw new UsageError("no input: pipe in `pulumi stack output --json` or pass --outputs <file>");
  return { text: await io.readStdin(), source: "stdin" };
}

/** The whole command; returns the exit status (0 all connected, 1 any failed, 2 usage or input, 70 a bug). */
export function run(io: Io): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const options = parseArgs(io.argv);
    if (options.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const { text, source } = await readInput(options, io);
    const targets = selectTargets(parseOutputs(text, source), options.leg);
    const results = await checkTargets(targets, options.timeoutMs, io.network, { allowPublic: options.allowPublic });
    io.stdout(options.json ? `${JSON.stringify(toJson(results), null, 2)}\n` : formatTable(results, options.leg, options.timeoutMs));
    return results.every((result) => result.status === "connected") ? EXIT.ok : EXIT.failed;
  });
}
