/**
 * A stand-in for the Pulumi engine at its gRPC boundary, the way pulumi/pulumi tests its Node.js
 * language host (sdk/nodejs/tests/runtime/langhost: programs run against a mock monitor over gRPC).
 * It serves the ResourceMonitor and Engine services with the SDK's own generated protos, starts the
 * program exactly as pulumi-language-nodejs does (`node <sdk>/cmd/run --monitor --engine --project
 * --stack --root-directory --pwd [--dry-run] .`, PULUMI_CONFIG in the CLI's form, the environment
 * Pulumi.yaml's runtime options imply) and records what the program asks for.
 *
 * Preview: custom resources get id "" and only their inputs back, so every computed output is
 * unknown; providers get the unknown id. Update: ids and outputs as tools/mocks.ts answers them.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { parse } from "yaml";
import { PROJECT } from "../../config/keys";
import { RecordingMocks } from "../../tools/mocks";
import { PROJECT_ROOT } from "../../tools/paths";
import { mockContextFor } from "../../tools/run";
import { type StackConfig, toPulumiConfig } from "../../tools/stackfile";
import { decode, type Json, SECRET_SIG, SIG_KEY, struct, UNKNOWN } from "./wire";

export const SDK_DIR = join(PROJECT_ROOT, "node_modules", "@pulumi", "pulumi");

/** A RegisterResource request as the engine received it. */
export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly inputs: Record<string, Json>;
  /** Paths of the inputs that came as secrets. */
  readonly secretInputs: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependencies: readonly string[];
  readonly provider: string;
  readonly aliases: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** The id the stand-in answered ("" in a preview). */
  readonly id: string;
}

export interface Invocation {
  readonly token: string;
  readonly args: Record<string, Json>;
  readonly provider: string;
}

export interface LogEntry {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn: string;
}

export interface RuntimeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly registrations: readonly Registration[];
  /** RegisterResourceOutputs per URN. */
  readonly outputs: ReadonlyMap<string, { readonly value: Record<string, Json>; readonly secrets: readonly string[] }>;
  readonly invokes: readonly Invocation[];
  readonly logs: readonly LogEntry[];
  /** The root stack resource's URN. */
  readonly stackUrn: string;
}

export interface RunOptions {
  readonly stack: string;
  readonly config: StackConfig;
  /** Keys (`commerce-privatelink:adobe`) Pulumi holds as secret. */
  readonly secretKeys?: readonly string[];
  readonly preview: boolean;
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Extra environment, e.g. the bench's transpile-only switch. */
  readonly env?: Readonly<Record<string, string>>;
  /** A command the program runs under, e.g. GNU time for the bench's peak memory. */
  readonly wrap?: readonly string[];
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

/** Pulumi.yaml's `runtime.options`. */
interface RuntimeOptions {
  typescript?: boolean;
  tsconfig?: string;
  nodeargs?: string;
}

export function runtimeOptions(): RuntimeOptions {
  const project = parse(readFileSync(join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { runtime?: { options?: RuntimeOptions } };
  return project.runtime?.options ?? {};
}

/**
 * PULUMI_CONFIG as the CLI builds it: Pulumi.yaml defaults merged under the stack's values, every key
 * in the old `<namespace>:config:<name>` form, every value a string (structured ones as JSON).
 */
export function cliConfig(config: StackConfig): Record<string, string> {
  const project = parse(readFileSync(join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as { config?: Record<string, { default?: unknown }> };
  const defaults: StackConfig = {};
  for (const [name, spec] of Object.entries(project.config ?? {})) {
    if (spec.default !== undefined) defaults[`${PROJECT}:${name}`] = spec.default;
  }
  const flat = toPulumiConfig({ ...defaults, ...config });
  return Object.fromEntries(
    Object.entries(flat).map(([key, value]) => {
      const at = key.indexOf(":");
      return [`${key.slice(0, at)}:config:${key.slice(at + 1)}`, value];
    }),
  );
}

/** The environment pulumi-language-nodejs gives the program for this project's runtime options. */
export function languageHostEnv(): Record<string, string> {
  const options = runtimeOptions();
  return {
    ...(options.typescript === false ? {} : { PULUMI_NODEJS_TYPESCRIPT: "true" }),
    ...(options.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: options.tsconfig } : {}),
  };
}

function qualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** A child process's output and exit, bounded in time. */
export function runProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  wrap: readonly string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [file, ...rest] = [...wrap, process.execPath, ...args] as [string, ...string[]];
    const child = spawn(file, rest, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;
type Call<T> = { request: T };

/** Runs the program once against a fresh engine stand-in. */
export async function runOnEngine(options: RunOptions): Promise<RuntimeRun> {
  const registrations: Registration[] = [];
  const outputs = new Map<string, { value: Record<string, Json>; secrets: readonly string[] }>();
  const invokes: Invocation[] = [];
  const logs: LogEntry[] = [];
  const mocks = new RecordingMocks(mockContextFor(options.config));
  let rootUrn = "";
  const urnOf = (type: string, name: string, parent: string): string => {
    const parentType = parent === "" || qualifiedType(parent) === "pulumi:pulumi:Stack" ? "" : `${qualifiedType(parent)}$`;
    return `urn:pulumi:${options.stack}::${PROJECT}::${parentType}${type}::${name}`;
  };

  const monitor = {
    supportsFeature(call: Call<resproto.SupportsFeatureRequest>, callback: Callback<resproto.SupportsFeatureResponse>) {
      const response = new resproto.SupportsFeatureResponse();
      response.setHassupport(true);
      callback(null, response);
    },
    registerResource(call: Call<resproto.RegisterResourceRequest>, callback: Callback<resproto.RegisterResourceResponse>) {
      const request = call.request;
      const type = request.getType();
      const name = request.getName();
      const custom = request.getCustom();
      const urn = urnOf(type, name, request.getParent());
      const { value, secrets } = decode(request.getObject());
      const inputs = value as Record<string, Json>;
      const raw = (request.getObject()?.toJavaScript() ?? {}) as Record<string, Json>;
      let id = "";
      let state: Record<string, Json> = {};
      if (type.startsWith("pulumi:providers:")) {
        id = options.preview ? UNKNOWN : `${name}-00000000-0000-4000-8000-000000000000`;
      } else if (custom && !options.preview) {
        mocks.newResource({ type, name, inputs, custom, provider: request.getProvider(), id: undefined });
        const recorded = mocks.resources[mocks.resources.length - 1];
        id = recorded?.id ?? "";
        state = (recorded?.state ?? {}) as Record<string, Json>;
      }
      registrations.push({
        urn,
        type,
        name,
        parent: request.getParent(),
        custom,
        inputs,
        secretInputs: secrets,
        protect: request.getProtect() ?? false,
        retainOnDelete: request.getRetainondelete() ?? false,
        dependencies: request.getDependenciesList(),
        provider: request.getProvider(),
        aliases: [...request.getAliasurnsList(), ...request.getAliasesList().map((alias) => JSON.stringify(alias.toObject()))],
        replaceOnChanges: request.getReplaceonchangesList(),
        id,
      });
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id);
      // The inputs come back as sent, the cloud's computed outputs over them; as the engine does, an
      // output whose input was secret stays secret.
      const secretState = Object.fromEntries(
        Object.entries(state).map(([key, value]) => [key, secrets.includes(key) ? { [SIG_KEY]: SECRET_SIG, value } : value]),
      );
      response.setObject(struct(custom ? { ...raw, ...secretState } : {}));
      callback(null, response);
    },
    registerResourceOutputs(call: Call<resproto.RegisterResourceOutputsRequest>, callback: Callback<Empty>) {
      const { value, secrets } = decode(call.request.getOutputs());
      outputs.set(call.request.getUrn(), { value: value as Record<string, Json>, secrets });
      callback(null, new Empty());
    },
    invoke(call: Call<resproto.ResourceInvokeRequest>, callback: Callback<providerproto.InvokeResponse>) {
      const token = call.request.getTok();
      const args = decode(call.request.getArgs()).value as Record<string, Json>;
      invokes.push({ token, args, provider: call.request.getProvider() });
      const response = new providerproto.InvokeResponse();
      try {
        response.setReturn(struct(mocks.call({ token, inputs: args, provider: call.request.getProvider() })));
      } catch (error) {
        const failure = new providerproto.CheckFailure();
        failure.setReason((error as Error).message);
        response.setFailuresList([failure]);
      }
      callback(null, response);
    },
    readResource(_call: unknown, callback: Callback<never>) {
      callback({
        code: grpc.status.UNIMPLEMENTED,
        details: "read is not expected",
        name: "",
        message: "read",
        metadata: new grpc.Metadata(),
      });
    },
    registerPackage(_call: unknown, callback: Callback<resproto.RegisterPackageResponse>) {
      const response = new resproto.RegisterPackageResponse();
      response.setRef("package-ref");
      callback(null, response);
    },
    signalAndWaitForShutdown(_call: unknown, callback: Callback<Empty>) {
      callback(null, new Empty());
    },
  };
  const engine = {
    log(call: Call<engineproto.LogRequest>, callback: Callback<Empty>) {
      logs.push({
        severity: SEVERITIES[call.request.getSeverity()],
        message: call.request.getMessage(),
        urn: call.request.getUrn(),
      });
      callback(null, new Empty());
    },
    getRootResource(_call: unknown, callback: Callback<engineproto.GetRootResourceResponse>) {
      const response = new engineproto.GetRootResourceResponse();
      response.setUrn(rootUrn);
      callback(null, response);
    },
    setRootResource(call: Call<engineproto.SetRootResourceRequest>, callback: Callback<engineproto.SetRootResourceResponse>) {
      rootUrn = call.request.getUrn();
      callback(null, new engineproto.SetRootResourceResponse());
    },
    requirePulumiVersion(_call: unknown, callback: Callback<engineproto.RequirePulumiVersionResponse>) {
      callback(null, new engineproto.RequirePulumiVersionResponse());
    },
  };
  const server = new grpc.Server();
  server.addService(resrpc.ResourceMonitorService, monitor);
  server.addService(enginerpc.EngineService, engine);
  const port = await listen(server);
  const address = `127.0.0.1:${port}`;
  try {
    const runtime = runtimeOptions();
    const args = [
      ...(runtime.nodeargs ? runtime.nodeargs.split(/\s+/).filter(Boolean) : []),
      join(SDK_DIR, "cmd", "run"),
      "--monitor",
      address,
      "--engine",
      address,
      "--organization",
      "organization",
      "--project",
      PROJECT,
      "--stack",
      options.stack,
      "--root-directory",
      PROJECT_ROOT,
      "--pwd",
      PROJECT_ROOT,
      ...(options.preview ? ["--dry-run"] : []),
      ".",
    ];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...languageHostEnv(),
      PULUMI_CONFIG: JSON.stringify(cliConfig(options.config)),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
      ...options.env,
    };
    const result = await runProcess(args, env, options.timeoutMs ?? 600_000, options.wrap);
    return { ...result, registrations, outputs, invokes, logs, stackUrn: rootUrn };
  } finally {
    server.forceShutdown();
  }
}

/** The program's failure as text for an assertion message: its error log lines and stderr. */
export function failureOf(run: RuntimeRun): string {
  const errors = run.logs.filter((log) => log.severity === "error").map((log) => log.message);
  return [`exit ${run.code}`, ...errors, run.stderr.trim()].filter(Boolean).join("\n");
}
