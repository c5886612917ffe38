/**
 * `npm run verify` against real sockets on the loopback only. Every in-process check goes through
 * `loopbackOnly`, which fails the test before any other host could be looked up or dialled; names
 * under `.invalid` are answered by an injected resolver because glibc would forward them to the
 * configured (remote) nameserver rather than refuse them locally.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { lookup } from "node:dns/promises";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import {
  checkTarget,
  checkTargets,
  CONCURRENCY,
  DEFAULT_LEG,
  DEFAULT_TIMEOUT_MS,
  type Io,
  type JsonResult,
  type Network,
  parseArgs,
  isPrivateAddress,
  parseOutputs,
  realNetwork,
  run,
  selectTargets,
  type Target,
  USAGE,
} from "../tools/verify";
import { compiledTool } from "./harness";

const ROOT = resolve(__dirname, "..");

function results(stdout: string): JsonResult[] {
  return (JSON.parse(stdout) as { results: JsonResult[] }).results;
}
const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** The real network, refusing anything but the loopback before it happens. */
const loopbackOnly: Network = {
  resolve(host) {
    if (host !== "localhost" && !LOOPBACK.has(host)) throw new Error(`test tried to resolve ${host}`);
    return realNetwork.resolve(host);
  },
  connect(address, port, signal) {
    if (!LOOPBACK.has(address)) throw new Error(`test tried to connect to ${address}`);
    return realNetwork.connect(address, port, signal);
  },
};

function enotfound(host: string): Error {
  // The shape node:dns rejects with for a name that does not exist.
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
}

/** Loopback, plus `.invalid` names failing the way getaddrinfo does, without asking any resolver. */
const withInvalidNames: Network = {
  resolve: (host) => (host.endsWith(".invalid") ? Promise.reject(enotfound(host)) : loopbackOnly.resolve(host)),
  connect: (address, port, signal) => loopbackOnly.connect(address, port, signal),
};

/** Resolves like the loopback but the connect never completes until aborted; records the aborts. */
function blackhole(): Network & { aborted: number; connects: number } {
  const network = {
    aborted: 0,
    connects: 0,
    resolve: (host: string) => loopbackOnly.resolve(host),
    connect: (_address: string, _port: number, signal: AbortSignal) =>
      new Promise<void>((_done, fail) => {
        network.connects++;
        signal.addEventListener("abort", () => {
          network.aborted++;
          fail(new Error("aborted"));
        });
      }),
  };
  return network;
}

interface Listening {
  server: Server;
  port: number;
  accepted: number;
  close(): Promise<void>;
}

async function listen(host = "127.0.0.1"): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    state.accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const state: Listening = {
    server,
    port: (server.address() as { port: number }).port,
    accepted: 0,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
  return state;
}

/** A port that was just free on 127.0.0.1: bound, read, closed. */
async function closedPort(): Promise<number> {
  const server = await listen();
  await server.close();
  return server.port;
}

function target(overrides: Partial<Target> = {}): Target {
  const host = overrides.host ?? "127.0.0.1";
  const port = overrides.port ?? 1;
  return {
    leg: "customer-to-adobe",
    service: "mysql",
    host,
    port,
    curl: `curl -v telnet://${host}:${port}/`,
    ...overrides,
  };
}

/** What `pulumi stack output --json` prints, with neighbours and extra fields the tool must ignore. */
function stackOutputs(targets: unknown[]): string {
  return JSON.stringify({
    cloud: "aws",
    handshake: { steps: [] },
    verification: { targets, notes: ["ignored"], checkedBy: "someone else" },
  });
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function runInProcess(argv: string[], input: string | undefined, network: Network = loopbackOnly): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    argv,
    stdinIsTTY: input === undefined,
    readStdin: () => (input === undefined ? Promise.reject(new Error("read a TTY")) : Promise.resolve(input)),
    readFile: (path) => import("node:fs/promises").then((fs) => fs.readFile(path, "utf8")),
    network,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  };
  const code = await run(io);
  return { code, stdout, stderr };
}

function runChild(command: string, args: string[], input: string): Promise<Ran & { ms: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(input);
  });
}

const runCli = (args: string[], input = ""): Promise<Ran & { ms: number }> =>
  runChild(process.execPath, [...compiledTool("verify-cli"), ...args], input);

/** A usage or input error: exit 2, one line saying what, then the usage line, and no stack trace. */
function assertUsageError(ran: Ran, expected: RegExp): void {
  assert.equal(ran.code, 2, ran.stderr);
  assert.equal(ran.stdout, "");
  const lines = ran.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 2, ran.stderr);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, expected);
  assert.equal(lines[1], USAGE);
  assert.doesNotMatch(ran.stderr, /\n\s+at /);
}

describe("verify: input errors are one line plus the usage line, exit 2", () => {
  const cases: [string, string, RegExp][] = [
    ["empty stdin", "", /^error: no input: stdin is empty; pipe in `pulumi stack output --json`/],
    ["whitespace-only stdin", "  \n\t", /no input: stdin is empty/],
    ["malformed JSON", '{"verification": {', /^error: stdin is not valid JSON \(.+\); expected `pulumi stack output --json`$/],
    ["a JSON array", "[]", /stdin is not the stack outputs object printed by `pulumi stack output --json`/],
    ["a JSON string", '"verification"', /not the stack outputs object/],
    [
      "the bare verification object",
      JSON.stringify({ targets: [target()] }),
      /looks like the bare verification output; pass all outputs: `pulumi stack output --json`/,
    ],
    [
      "outputs without verification (names what is there)",
      JSON.stringify({ cloud: "aws", handshake: {} }),
      /has no `verification` output \(outputs: cloud, handshake\)/,
    ],
    ["no outputs at all", "{}", /has no `verification` output \(no outputs at all\)/],
    ["a secret verification", JSON.stringify({ verification: "[secret]" }), /--show-secrets/],
    ["verification not an object", JSON.stringify({ verification: 3 }), /must be an object with a targets list, got 3/],
    ["targets not a list", JSON.stringify({ verification: { targets: {} } }), /verification.targets must be a list/],
    ["targets missing", JSON.stringify({ verification: {} }), /verification.targets must be a list, got undefined/],
    ["an empty target list", stackOutputs([]), /verification.targets is empty: there is nothing to test/],
    ["a target that is not an object", stackOutputs([7]), /verification.targets\[0\] must be an object, got 7/],
    [
      "a target with an unknown leg",
      stackOutputs([target(), { ...target(), leg: "sideways" }]),
      /verification.targets\[1\].leg must be customer-to-adobe or adobe-to-customer, got "sideways"/,
    ],
    ["a port of 0", stackOutputs([{ ...target(), port: 0 }]), /targets\[0\].port must be an integer from 1 to 65535, got 0/],
    ["a port as text", stackOutputs([{ ...target(), port: "3306" }]), /port must be an integer from 1 to 65535, got "3306"/],
    ["a port above 65535", stackOutputs([{ ...target(), port: 70000 }]), /got 70000/],
    ["an empty host", stackOutputs([{ ...target(), host: " " }]), /targets\[0\].host must be a non-empty string/],
    ["a missing service", stackOutputs([{ ...target(), service: undefined }]), /service must be a non-empty printable string/],
    [
      "a service with an escape sequence",
      stackOutputs([{ ...target(), service: "db\u001b[2J" }]),
      /targets\[0\].service must be a non-empty printable string of up to 80 characters/,
    ],
    ["a service with a bidi control", stackOutputs([{ ...target(), service: "db\u202e" }]), /service must be a non-empty printable string/],
    [
      "a host with shell text",
      stackOutputs([{ ...target(), host: "db.internal; rm -rf ~" }]),
      /targets\[0\].host must be a DNS name or an IP address, got "db.internal; rm -rf ~"/,
    ],
    ["a host with a newline", stackOutputs([{ ...target(), host: "db\nFAKE ok" }]), /host must be a DNS name or an IP address/],
  ];
  for (const [name, input, expected] of cases) {
    it(`rejects ${name}`, async () => {
      assertUsageError(await runInProcess([], input), expected);
    });
  }

  it("rejects a TTY stdin without reading it, pointing at the pipe and --outputs", async () => {
    assertUsageError(await runInProcess([], undefined), /^error: no input: pipe in `pulumi stack output --json` or pass --outputs <file>$/);
  });

  it("rejects a missing --outputs file by name", async () => {
    const path = join(tmpdir(), "verify-spec-does-not-exist.json");
    assertUsageError(await runInProcess(["--outputs", path], "{}"), new RegExp(`cannot read outputs file ${path}: no such file`));
  });

  it("rejects a directory as --outputs", async () => {
    assertUsageError(await runInProcess(["--outputs", tmpdir()], "{}"), /it is a directory/);
  });

  it("rejects a leg with no targets, suggesting the other leg", async () => {
    assertUsageError(
      await runInProcess(["--leg", "adobe-to-customer"], stackOutputs([target()])),
      /^error: no adobe-to-customer targets in verification.targets \(a unidirectional connection has none\); it has 1 customer-to-adobe$/,
    );
  });

  it("rejects a customer-to-adobe leg with no targets, naming the config that creates them", async () => {
    assertUsageError(
      await runInProcess([], stackOutputs([target({ leg: "adobe-to-customer" })])),
      /no customer-to-adobe targets in verification.targets \(there are none until the endpoint to Adobe's service exists: set adobe.endpointService or adobe.privateLinkService and run pulumi up\); it has 1 adobe-to-customer$/,
    );
  });
});

describe("verify: arguments", () => {
  it("defaults to the customer-to-adobe leg, a 3000 ms timeout, stdin and a table", () => {
    assert.deepEqual(parseArgs([]), { leg: DEFAULT_LEG, timeoutMs: DEFAULT_TIMEOUT_MS, json: false, help: false, allowPublic: false });
    assert.equal(DEFAULT_LEG, "customer-to-adobe");
    assert.equal(DEFAULT_TIMEOUT_MS, 3000);
  });

  it("reads every option, in both --flag value and --flag=value forms", () => {
    assert.deepEqual(parseArgs(["--outputs", "o.json", "--leg", "adobe-to-customer", "--timeout", "250", "--json"]), {
      outputs: "o.json",
      leg: "adobe-to-customer",
      timeoutMs: 250,
      json: true,
      help: false,
      allowPublic: false,
    });
    assert.deepEqual(parseArgs(["--outputs=o.json", "--leg=adobe-to-customer", "--timeout=250", "--allow-public"]), {
      outputs: "o.json",
      leg: "adobe-to-customer",
      timeoutMs: 250,
      json: false,
      help: false,
      allowPublic: true,
    });
  });

  it("rejects an unknown leg naming both allowed values", async () => {
    assertUsageError(
      await runInProcess(["--leg", "adobe-to-adobe"], stackOutputs([target()])),
      /^error: unknown leg "adobe-to-adobe": use customer-to-adobe or adobe-to-customer$/,
    );
  });

  for (const bad of ["0", "-5", "abc", "1.5", "1e3", " 5", "600001"]) {
    it(`rejects --timeout ${JSON.stringify(bad)} as not a positive integer in range`, async () => {
      assertUsageError(
        await runInProcess([`--timeout=${bad}`], stackOutputs([target()])),
        /--timeout must be a positive integer number of milliseconds up to 600000, got /,
      );
    });
  }

  it("rejects an unknown flag", async () => {
    assertUsageError(await runInProcess(["--verbose"], stackOutputs([target()])), /^error: unknown option --verbose$/);
  });

  it("rejects a flag whose value is missing or is another flag", async () => {
    assertUsageError(await runInProcess(["--outputs"], "{}"), /^error: --outputs needs a value$/);
    assertUsageError(await runInProcess(["--outputs="], "{}"), /^error: --outputs needs a value$/);
    assertUsageError(await runInProcess(["--leg", "--json"], "{}"), /^error: --leg needs a value$/);
  });

  it("rejects a flag given twice, a value on a switch and a short flag it does not know", async () => {
    assertUsageError(
      await runInProcess(["--leg=customer-to-adobe", "--leg", "adobe-to-customer"], "{}"),
      /^error: --leg given more than once$/,
    );
    assertUsageError(await runInProcess(["--json=yes"], "{}"), /^error: --json takes no value$/);
    assertUsageError(await runInProcess(["-j"], "{}"), /^error: unknown option -j$/);
  });

  it("rejects a positional argument, pointing at --outputs", async () => {
    assertUsageError(
      await runInProcess(["outputs.json"], "{}"),
      /unexpected argument "outputs.json": pass the outputs file with --outputs/,
    );
  });

  it("prints help on stdout with exit 0 and reads no input", async () => {
    const ran = await runInProcess(["--help"], undefined);
    assert.equal(ran.code, 0);
    assert.match(ran.stdout, /npm run -s verify -- --json/);
    assert.ok(ran.stdout.includes(USAGE));
    assert.equal(ran.stderr, "");
  });
});

describe("verify: parsing the stack outputs", () => {
  it("takes the targets from verification, ignoring other outputs and fields, in order", () => {
    const targets = [target({ service: "a", port: 1 }), { ...target({ service: "b", port: 2, leg: "adobe-to-customer" }), extra: true }];
    assert.deepEqual(parseOutputs(stackOutputs(targets), "stdin"), [
      target({ service: "a", port: 1 }),
      target({ service: "b", port: 2, leg: "adobe-to-customer" }),
    ]);
  });

  it("builds its own curl line from the checked host and port, never the input's text, bracketing IPv6 hosts", () => {
    const [first, second] = parseOutputs(
      stackOutputs([
        { leg: "customer-to-adobe", service: "s", host: "db.example.invalid", port: 3306, curl: "rm -rf ~ \u001b[2J" },
        { leg: "customer-to-adobe", service: "s", host: "::1", port: 22, curl: "" },
      ]),
      "stdin",
    );
    assert.equal(first?.curl, "curl -v telnet://db.example.invalid:3306/");
    assert.equal(second?.curl, "curl -v telnet://[::1]:22/");
  });

  it("selects targets by leg and keeps their order", () => {
    const targets = [target({ service: "1" }), target({ service: "2", leg: "adobe-to-customer" }), target({ service: "3" })];
    assert.deepEqual(
      selectTargets(targets, "customer-to-adobe").map((t) => t.service),
      ["1", "3"],
    );
    assert.deepEqual(
      selectTargets(targets, "adobe-to-customer").map((t) => t.service),
      ["2"],
    );
  });
});

describe("verify: real sockets on 127.0.0.1", () => {
  let server: Listening;
  beforeEach(async () => {
    server = await listen();
  });
  afterEach(() => server.close());

  it("reports a listening port as connected with its time and address", async () => {
    const result = await checkTarget(target({ port: server.port }), 2000, loopbackOnly);
    assert.equal(result.status, "connected");
    assert.equal(result.address, "127.0.0.1");
    assert.ok(result.ms >= 0 && result.ms < 2000, String(result.ms));
    assert.equal(result.detail, undefined);
    await waitFor(() => server.accepted === 1);
  });

  it("reports a closed port as refused", async () => {
    const result = await checkTarget(target({ port: await closedPort() }), 2000, loopbackOnly);
    assert.equal(result.status, "refused");
    assert.equal(result.detail, "ECONNREFUSED");
  });

  it("resolves localhost through node:dns before connecting", async () => {
    const { address } = await lookup("localhost");
    const local = await listen(address);
    try {
      const result = await checkTarget(target({ host: "localhost", port: local.port }), 2000, loopbackOnly);
      assert.equal(result.status, "connected");
      assert.equal(result.address, address);
    } finally {
      await local.close();
    }
  });

  it("reports a name that cannot resolve as name not resolved and never connects", async () => {
    let connects = 0;
    const network: Network = {
      resolve: withInvalidNames.resolve,
      connect: (...args) => {
        connects++;
        return withInvalidNames.connect(...args);
      },
    };
    const result = await checkTarget(target({ host: "nonexistent.invalid", port: server.port }), 2000, network);
    assert.equal(result.status, "name not resolved");
    assert.equal(result.detail, "ENOTFOUND");
    assert.equal(result.address, undefined);
    assert.equal(connects, 0);
  });

  it("reports a lookup that never answers as name not resolved, within the timeout", async () => {
    const network: Network = { resolve: () => new Promise<string>(() => undefined), connect: loopbackOnly.connect };
    const started = performance.now();
    const result = await checkTarget(target({ port: server.port }), 150, network);
    assert.equal(result.status, "name not resolved");
    assert.equal(result.detail, "lookup timed out after 150 ms");
    assert.ok(performance.now() - started < 1000);
  });

  it("reports a connect that never completes as timed out near the timeout, and aborts it", async () => {
    const network = blackhole();
    const started = performance.now();
    const result = await checkTarget(target({ port: server.port }), 200, network);
    const elapsed = performance.now() - started;
    assert.equal(result.status, "timed out");
    assert.equal(result.address, "127.0.0.1");
    assert.ok(elapsed >= 190 && elapsed < 1000, `${elapsed} ms`);
    assert.ok(result.ms >= 190 && result.ms < 1000, `${result.ms} ms`);
    assert.equal(network.aborted, 1);
  });

  it("gives up a real connect whose signal is already aborted without dialling", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(realNetwork.connect("127.0.0.1", server.port, controller.signal), /aborted/);
    await new Promise((done) => setTimeout(done, 50));
    assert.equal(server.accepted, 0);
  });

  it("classifies other socket errors by their code", async () => {
    const network: Network = {
      resolve: loopbackOnly.resolve,
      connect: () => Promise.reject(Object.assign(new Error("connect EHOSTUNREACH"), { code: "EHOSTUNREACH" })),
    };
    const result = await checkTarget(target({ port: server.port }), 1000, network);
    assert.equal(result.status, "other error");
    assert.equal(result.detail, "EHOSTUNREACH");
  });

  it("connects to 50 targets at once against one local server, all accepted", async () => {
    const targets = Array.from({ length: 50 }, (_, index) => target({ service: `s${index}`, port: server.port }));
    const started = performance.now();
    const results = await checkTargets(targets, 2000, loopbackOnly);
    const elapsed = performance.now() - started;
    assert.deepEqual(
      results.map((r) => r.status),
      targets.map(() => "connected"),
    );
    assert.deepEqual(
      results.map((r) => r.target.service),
      targets.map((t) => t.service),
    );
    await waitFor(() => server.accepted === 50);
    assert.ok(elapsed < 1000, `${elapsed} ms`);
  });

  it("runs 50 slow connects in parallel: total well under 50 times one", async () => {
    const slow: Network = {
      resolve: loopbackOnly.resolve,
      connect: () => new Promise((done) => setTimeout(done, 100)),
    };
    const targets = Array.from({ length: 50 }, (_, index) => target({ port: 1000 + index }));
    const started = performance.now();
    const results = await checkTargets(targets, 2000, slow);
    const elapsed = performance.now() - started;
    assert.ok(results.every((r) => r.status === "connected"));
    assert.ok(elapsed < 500, `${elapsed} ms for 50 x 100 ms`);
  });

  it("bounds 50 hanging targets by one timeout, not by their number, and aborts every one", async () => {
    const network = blackhole();
    const targets = Array.from({ length: 50 }, (_, index) => target({ port: 2000 + index }));
    const started = performance.now();
    const results = await checkTargets(targets, 200, network);
    const elapsed = performance.now() - started;
    assert.ok(results.every((r) => r.status === "timed out"));
    assert.equal(network.connects, 50);
    assert.equal(network.aborted, 50);
    assert.ok(elapsed >= 190 && elapsed < 600, `${elapsed} ms for 50 targets at 200 ms`);
  });

  it("mixes every outcome in one run, keeps target order and exits 1", async () => {
    const refused = await closedPort();
    const input = stackOutputs([
      target({ service: "open", port: server.port }),
      target({ service: "closed", port: refused }),
      target({ service: "unknown", host: "nonexistent.invalid", port: 3306 }),
      target({ service: "elsewhere", port: server.port, leg: "adobe-to-customer" }),
    ]);
    const ran = await runInProcess(["--json"], input, withInvalidNames);
    assert.equal(ran.code, 1);
    assert.deepEqual(
      results(ran.stdout).map((r) => [r.service, r.ok, r.error]),
      [
        ["open", true, null],
        ["closed", false, "refused"],
        ["unknown", false, "name not resolved"],
      ],
    );
  });

  it("exits 0 when every target of the chosen leg connects, ignoring the other leg", async () => {
    const input = stackOutputs([
      target({ service: "down", port: await closedPort() }),
      target({ service: "up", port: server.port, leg: "adobe-to-customer" }),
    ]);
    const ran = await runInProcess(["--leg", "adobe-to-customer", "--json"], input);
    assert.equal(ran.code, 0, ran.stdout);
    assert.deepEqual(
      results(ran.stdout).map((r) => r.service),
      ["up"],
    );
  });
});

describe("verify: output", () => {
  let server: Listening;
  beforeEach(async () => {
    server = await listen();
  });
  afterEach(() => server.close());

  it("prints JSON of exactly {results: [{leg, service, host, port, ok, error, ms}]} with a label per failure", async () => {
    const input = stackOutputs([
      target({ service: "open", port: server.port }),
      target({ service: "closed", port: await closedPort() }),
      target({ service: "unknown", host: "nonexistent.invalid", port: 3306 }),
      target({ service: "slow", host: "localhost", port: 3307 }),
    ]);
    const network: Network = {
      resolve: withInvalidNames.resolve,
      // The one slow target hangs; the others really connect.
      connect: (address, port, signal) =>
        port === 3307 ? blackhole().connect(address, port, signal) : withInvalidNames.connect(address, port, signal),
    };
    const ran = await runInProcess(["--json", "--timeout", "300"], input, network);
    assert.equal(ran.code, 1);
    assert.equal(ran.stderr, "");
    const parsed = JSON.parse(ran.stdout) as { results: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(parsed), ["results"]);
    for (const result of parsed.results) {
      assert.deepEqual(Object.keys(result), ["leg", "service", "host", "port", "ok", "error", "ms"]);
      assert.equal(typeof result.ms, "number");
    }
    assert.deepEqual(
      results(ran.stdout).map((r) => [r.leg, r.service, r.host, r.port, r.ok, r.error]),
      [
        ["customer-to-adobe", "open", "127.0.0.1", server.port, true, null],
        ["customer-to-adobe", "closed", "127.0.0.1", parsed.results[1]!.port, false, "refused"],
        ["customer-to-adobe", "unknown", "nonexistent.invalid", 3306, false, "name not resolved"],
        ["customer-to-adobe", "slow", "localhost", 3307, false, "timed out"],
      ],
    );
  });

  it("labels an unclassified error with its code in JSON", async () => {
    const network: Network = {
      resolve: loopbackOnly.resolve,
      connect: () => Promise.reject(Object.assign(new Error("x"), { code: "ENETUNREACH" })),
    };
    const ran = await runInProcess(["--json"], stackOutputs([target({ port: server.port })]), network);
    assert.equal(results(ran.stdout)[0]!.error, "other error: ENETUNREACH");
  });

  it("prints an aligned table, each row with its curl line, and hints only for the failures present", async () => {
    const refused = await closedPort();
    const input = stackOutputs([
      target({ service: "mysql", port: server.port }),
      { leg: "customer-to-adobe", service: "sftp-long-name", host: "127.0.0.1", port: refused },
    ]);
    const ran = await runInProcess([], input);
    assert.equal(ran.code, 1);
    const lines = ran.stdout.split("\n");
    assert.equal(lines[0], "customer-to-adobe: 2 targets, timeout 3000 ms");
    const header = lines[2]!;
    const rows = lines.slice(3, 5);
    const curls = [`curl -v telnet://127.0.0.1:${server.port}/`, `curl -v telnet://127.0.0.1:${refused}/`];
    for (const column of ["SERVICE", "HOST", "PORT", "ADDRESS", "RESULT", "EQUIVALENT"]) {
      const at = header.indexOf(column);
      assert.ok(at >= 0, column);
      for (const row of rows) assert.notEqual(row[at - 1], undefined);
    }
    rows.forEach((row, index) => {
      assert.equal(row.indexOf(curls[index]!), header.indexOf("EQUIVALENT"), row);
      assert.equal(row.indexOf("127.0.0.1"), header.indexOf("HOST"), row);
    });
    assert.match(rows[0]!, /^ok\s+mysql\s+127\.0\.0\.1\s+\d+\s+127\.0\.0\.1\s+connected [\d.]+ ms\s+curl/);
    assert.match(rows[1]!, /^FAIL\s+sftp-long-name\s+.*\srefused\s+curl/);
    assert.match(ran.stdout, /1 of 2 connected, 1 failed/);
    assert.match(ran.stdout, /refused: .*not listening/);
    assert.doesNotMatch(ran.stdout, /timed out:|name not resolved:/);
  });

  it("says all connected and gives no hints when nothing failed", async () => {
    const ran = await runInProcess([], stackOutputs([target({ port: server.port })]));
    assert.equal(ran.code, 0);
    assert.match(ran.stdout, /\nall 1 connected\n$/);
  });
});

describe("verify-cli.ts as a child process (end to end, 127.0.0.1 only)", () => {
  let server: Listening;
  let dir: string;
  before(async () => {
    server = await listen();
    dir = mkdtempSync(join(tmpdir(), "verify-spec-"));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads --outputs, connects and exits 0 with parseable --json", async () => {
    const file = join(dir, "outputs.json");
    writeFileSync(file, stackOutputs([target({ port: server.port }), target({ service: "b", port: server.port })]));
    const ran = await runCli(["--outputs", file, "--json"]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(
      results(ran.stdout).map((r) => r.ok),
      [true, true],
    );
  });

  it("reads stdin, exits 1 on a refused port and prints the table", async () => {
    const ran = await runCli([], stackOutputs([target({ port: await closedPort() })]));
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stdout, /FAIL\s+mysql.*refused/);
  });

  it("exits 2 with one line and the usage line on malformed JSON, no stack trace", async () => {
    assertUsageError(await runCli([], "{not json"), /^error: stdin is not valid JSON/);
  });

  it("exits 2 on empty stdin and on an unknown flag", async () => {
    assertUsageError(await runCli([], ""), /no input: stdin is empty/);
    assertUsageError(await runCli(["--bogus"], stackOutputs([target()])), /unknown option --bogus/);
  });

  it("keeps stdout pure JSON under `npm run -s verify -- --json`", async function () {
    // npm run verify first compiles build/ when a source is newer than it (scripts/fresh.js): once
    // after an edit, up to a minute on a loaded machine.
    this.timeout(180_000);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const ran = await runChild(npm, ["run", "-s", "verify", "--", "--json"], stackOutputs([target({ port: server.port })]));
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(results(ran.stdout)[0]!.ok, true);
  });
});

async function waitFor(condition: () => boolean, ms = 1000): Promise<void> {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) assert.fail("condition not met in time");
    await new Promise((done) => setTimeout(done, 5));
  }
}

describe("verify: bounded concurrency and private addresses only", function () {
  this.timeout(60_000);

  it(`checks 1,500 targets (Azure's quota of load-balancing rules) on 10 loopback listeners: all connected, at most ${CONCURRENCY} at once`, async () => {
    const servers = await Promise.all(Array.from({ length: 10 }, () => listen()));
    let inFlight = 0;
    let peak = 0;
    const counting: Network = {
      resolve: loopbackOnly.resolve,
      async connect(address, port, signal) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          await loopbackOnly.connect(address, port, signal);
        } finally {
          inFlight--;
        }
      },
    };
    try {
      const targets = Array.from({ length: 1500 }, (_, index) => target({ service: `s${index}`, port: servers[index % 10]!.port }));
      const results = await checkTargets(targets, DEFAULT_TIMEOUT_MS, counting);
      assert.deepEqual(
        results.filter((r) => r.status !== "connected").map((r) => `${r.target.service}: ${r.status} ${r.detail ?? ""}`),
        [],
      );
      assert.deepEqual(
        results.map((r) => r.target.service),
        targets.map((t) => t.service),
      );
      assert.ok(peak <= CONCURRENCY && peak > 1, `peak ${peak}`);
      await waitFor(() => servers.reduce((sum, s) => sum + s.accepted, 0) === 1500, 5000);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it("keeps a given concurrency: 40 targets of 50 ms, 10 at a time, take 4 rounds", async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Network = {
      resolve: loopbackOnly.resolve,
      connect: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((done) => setTimeout(done, 50));
        inFlight--;
      },
    };
    const started = performance.now();
    const results = await checkTargets(
      Array.from({ length: 40 }, (_, index) => target({ port: 3000 + index })),
      2000,
      slow,
      { concurrency: 10 },
    );
    const elapsed = performance.now() - started;
    assert.ok(results.every((r) => r.status === "connected"));
    assert.equal(peak, 10);
    assert.ok(elapsed >= 190, `${elapsed} ms`);
  });

  it("tells private, shared, loopback and link-local addresses from public ones", () => {
    for (const address of [
      "10.1.2.3",
      "172.31.255.1",
      "192.168.0.1",
      "100.64.0.1",
      "127.0.0.1",
      "169.254.1.1",
      "fd12::1",
      "fe80::1",
      "::1",
      "::ffff:10.0.0.1",
    ])
      assert.equal(isPrivateAddress(address), true, address);
    for (const address of ["8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:db8::1", "::ffff:8.8.8.8", "not an address"])
      assert.equal(isPrivateAddress(address), false, address);
  });

  it("does not dial a host that resolves to a public address, unless --allow-public", async () => {
    const dialled: string[] = [];
    const publicNet: Network = {
      resolve: () => Promise.resolve("93.184.216.34"),
      connect: (address) => {
        dialled.push(address);
        return Promise.resolve();
      },
    };
    const input = stackOutputs([target({ host: "www.example.invalid", port: 443 })]);
    const refused = await runInProcess(["--json"], input, publicNet);
    assert.equal(refused.code, 1, refused.stderr);
    assert.deepEqual(
      results(refused.stdout).map((r) => [r.ok, r.error]),
      [[false, "not private"]],
    );
    assert.deepEqual(dialled, []);
    const table = await runInProcess([], input, publicNet);
    assert.match(table.stdout, /not private \(93\.184\.216\.34 is a public address\)/);
    assert.match(table.stdout, /pass --allow-public to test a public address on purpose/);
    const allowed = await runInProcess(["--json", "--allow-public"], input, publicNet);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.deepEqual(dialled, ["93.184.216.34"]);
  });
});
