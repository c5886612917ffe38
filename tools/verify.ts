/**
 * `npm run verify`: Adobe's connection test (`curl -v telnet://<host>:<port>/`, one port at a time) for
 * every target of one leg at once. The targets come from the `verification` stack output; each is
 * resolved and connected to concurrently under its own timeout, so the whole run takes about one
 * timeout however many ports the connection has.
 *
 * Everything here is pure except `realNetwork`: tests inject a `Network` (and the process wiring lives
 * in `verify-cli.ts`), so every outcome can be produced without touching anything but 127.0.0.1.
 */
import { lookup } from "node:dns/promises";
import { connect as tcpConnect } from "node:net";
import { performance } from "node:perf_hooks";

export const LEGS = ["customer-to-adobe", "adobe-to-customer"] as const;
export type Leg = (typeof LEGS)[number];

export const DEFAULT_LEG: Leg = "customer-to-adobe";
export const DEFAULT_TIMEOUT_MS = 3000;
/** setTimeout fires at once beyond 2^31-1 ms; ten minutes is already far past any useful TCP test. */
export const MAX_TIMEOUT_MS = 600_000;

export const USAGE = "usage: npm run verify -- [--outputs <file>] [--leg customer-to-adobe|adobe-to-customer] [--timeout <ms>] [--json]";

export const HELP = `Opens a TCP connection to every target of the \`verification\` stack output, concurrently,
like Adobe's \`curl -v telnet://<host>:<port>/\` test. Run it from a host inside the customer network.

${USAGE}

  pulumi stack output --json | npm run verify
  npm run verify -- --outputs outputs.json --leg adobe-to-customer --timeout 5000
  pulumi stack output --json | npm run -s verify -- --json   (-s keeps npm's banner out of the JSON)

Options:
  --outputs <file>  the JSON printed by \`pulumi stack output --json\` (default: stdin; "-" is stdin)
  --leg <leg>       customer-to-adobe (default) or adobe-to-customer
  --timeout <ms>    per-target timeout covering DNS lookup and connect (default ${DEFAULT_TIMEOUT_MS})
  --json            print {"results":[{leg,service,host,port,ok,error,ms}]} instead of a table
  --help            this text

Exit status: 0 every target connected, 1 any target failed, 2 usage or input error.
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

export type Status = "connected" | "refused" | "timed out" | "name not resolved" | "other error";

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

/** A problem with the command line or the input: exit 2 with a one-line message and the usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface Options {
  /** A file with the stack outputs; stdin when absent. */
  outputs?: string;
  leg: Leg;
  timeoutMs: number;
  json: boolean;
  help: boolean;
}

const VALUE_FLAGS = ["--outputs", "--leg", "--timeout"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(flag: string): flag is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(flag);
}

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
  const options: Options = { leg: DEFAULT_LEG, timeoutMs: DEFAULT_TIMEOUT_MS, json: false, help: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    const equals = arg.indexOf("=");
    const flag = arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg;
    if (flag === "--help" || flag === "-h") {
      options.help = true;
    } else if (flag === "--json") {
      if (flag !== arg) throw new UsageError("--json takes no value");
      options.json = true;
    } else if (isValueFlag(flag)) {
      let value: string;
      if (flag !== arg) {
        value = arg.slice(equals + 1);
      } else {
        const next = argv[index + 1];
        // A following flag is a forgotten value, not a value that starts with "--".
        if (next === undefined || (next.startsWith("--") && next.length > 2)) throw new UsageError(`${flag} needs a value`);
        value = next;
        index++;
      }
      if (flag === "--outputs") options.outputs = value;
      else if (flag === "--leg") options.leg = parseLeg(value);
      else options.timeoutMs = parseTimeout(value);
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: pass the outputs file with --outputs`);
    }
  }
  return options;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  // JSON.stringify(undefined) is undefined at run time, whatever its declared type says.
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function curlLine(host: string, port: number): string {
  const bracketed = host.includes(":") ? `[${host}]` : host;
  return `curl -v telnet://${bracketed}:${port}/`;
}

function parseTarget(value: unknown, index: number): Target {
  const where = `verification.targets[${index}]`;
  if (!isRecord(value)) throw new UsageError(`${where} must be an object, got ${shown(value)}`);
  const { leg, service, host, port, curl } = value;
  if (typeof leg !== "string" || !(LEGS as readonly string[]).includes(leg))
    throw new UsageError(`${where}.leg must be ${LEGS.join(" or ")}, got ${shown(leg)}`);
  if (typeof service !== "string" || service === "")
    throw new UsageError(`${where}.service must be a non-empty string, got ${shown(service)}`);
  if (typeof host !== "string" || host.trim() === "") throw new UsageError(`${where}.host must be a non-empty string, got ${shown(host)}`);
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`${where}.port must be an integer from 1 to 65535, got ${shown(port)}`);
  return {
    leg: parseLeg(leg),
    service,
    host: host.trim(),
    port,
    // The curl line only helps a human; a missing one is rebuilt rather than rejected.
    curl: typeof curl === "string" && curl.trim() !== "" ? curl.trim() : curlLine(host.trim(), port),
  };
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

/**
 * Resolves and connects to one target. The timeout covers both steps: a slow resolver is as much a
 * failure from this host as a dropped SYN, and one clock per target is what bounds the whole run.
 */
export async function checkTarget(target: Target, timeoutMs: number, network: Network): Promise<Result> {
  const started = performance.now();
  const controller = new AbortController();
  // An object, not `let`s: the attempt mutates it and the timeout branch reads how far it got.
  const progress: { phase: "resolve" | "connect"; address?: string } = { phase: "resolve" };
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
  if (progress.phase === "resolve") return { target, status: "name not resolved", ms, detail: code };
  if (code === "ECONNREFUSED") return { target, status: "refused", ms, ...address, detail: code };
  if (code === "ETIMEDOUT") return { target, status: "timed out", ms, ...address, detail: code };
  return { target, status: "other error", ms, ...address, detail: code };
}

/** Checks every target at once; results come back in target order. */
export function checkTargets(targets: readonly Target[], timeoutMs: number, network: Network): Promise<Result[]> {
  return Promise.all(targets.map((target) => checkTarget(target, timeoutMs, network)));
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
export interface Io {
  argv: readonly string[];
  stdinIsTTY: boolean;
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  network: Network;
  stdout(text: string): void;
  stderr(text: string): void;
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

/** The whole command; returns the exit status (0 all connected, 1 any failed, 2 usage or input). */
export async function run(io: Io): Promise<number> {
  try {
    const options = parseArgs(io.argv);
    if (options.help) {
      io.stdout(HELP);
      return 0;
    }
    const { text, source } = await readInput(options, io);
    const targets = selectTargets(parseOutputs(text, source), options.leg);
    const results = await checkTargets(targets, options.timeoutMs, io.network);
    io.stdout(options.json ? `${JSON.stringify(toJson(results), null, 2)}\n` : formatTable(results, options.leg, options.timeoutMs));
    return results.every((result) => result.status === "connected") ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`verify: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`verify: unexpected error: ${errorCode(error)}\n`);
    return 2;
  }
}
