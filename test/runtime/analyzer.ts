/**
 * The policy pack as `pulumi preview --policy-pack policy` runs it: started through the SDK's
 * `cmd/run-policy-pack <engine> <packDir>`, which prints its gRPC port; then Configure (the policy
 * config), Analyze for every resource and AnalyzeStack for all of them, with the SDK's protos.
 */
import * as grpc from "@grpc/grpc-js";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { EnforcementLevel } from "@pulumi/policy";
import type { EvaluatedResource, Finding } from "../../policy/evaluate";
import { PACK_ENFORCEMENT_LEVEL, policies } from "../../policy/policies";
import { PROJECT_ROOT } from "../../tools/paths";
import { SDK_DIR } from "./engine";
import { struct } from "./wire";

const LEVELS: Record<number, EnforcementLevel> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

type Unary<Req, Res> = (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => void;

function call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response))));
}

function providerOf(resource: EvaluatedResource, all: readonly EvaluatedResource[]): analyzerproto.AnalyzerProviderResource | undefined {
  if (!resource.provider) return undefined;
  const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
  const provider = all.find((r) => r.urn === urn);
  if (!provider) return undefined;
  const message = new analyzerproto.AnalyzerProviderResource();
  message.setType(provider.type);
  message.setUrn(provider.urn);
  message.setName(provider.name);
  message.setProperties(struct(provider.inputs));
  return message;
}

function optionsOf(resource: EvaluatedResource): analyzerproto.AnalyzerResourceOptions {
  const options = new analyzerproto.AnalyzerResourceOptions();
  options.setProtect(resource.protect ?? false);
  if (resource.parent) options.setParent(resource.parent);
  return options;
}

/** What Analyze and AnalyzeStack both say about a resource. */
interface ResourceMessage {
  setType(value: string): void;
  setUrn(value: string): void;
  setName(value: string): void;
  setProperties(value: ReturnType<typeof struct>): void;
  setOptions(value: analyzerproto.AnalyzerResourceOptions): void;
  setProvider(value: analyzerproto.AnalyzerProviderResource): void;
}

function describeResource<T extends ResourceMessage>(message: T, resource: EvaluatedResource, all: readonly EvaluatedResource[]): T {
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(struct(resource.inputs));
  message.setOptions(optionsOf(resource));
  const provider = providerOf(resource, all);
  if (provider) message.setProvider(provider);
  return message;
}

/** A running policy pack. `close` stops it. */
export class Analyzer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly engine: grpc.Server,
    private readonly client: analyzerrpc.AnalyzerClient,
  ) {}

  /**
   * Starts the pack in `packDir` (default: policy/, from its TypeScript, type-checked as the CLI does).
   */
  static async start(packDir = join(PROJECT_ROOT, "policy"), timeoutMs = 600_000): Promise<Analyzer> {
    const engine = new grpc.Server();
    const log = (_call: unknown, callback: (error: null, response: Empty) => void) => callback(null, new Empty());
    engine.addService(enginerpc.EngineService, { log });
    const enginePort = await new Promise<number>((resolve, reject) =>
      engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    const child = spawn(process.execPath, [join(SDK_DIR, "cmd", "run-policy-pack"), `127.0.0.1:${enginePort}`, "."], {
      cwd: packDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PULUMI_NODEJS_TYPESCRIPT: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the policy pack did not start in ${timeoutMs} ms:\n${stderr}`));
      }, timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^(\d+)\s*$/m.exec(stdout);
        if (line) {
          clearTimeout(timer);
          resolve(Number(line[1]));
        }
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        reject(new Error(`the policy pack exited (${code}) before it listened:\n${stderr}`));
      });
    }).catch((error: unknown) => {
      engine.forceShutdown();
      throw error;
    });
    const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Analyzer(child, engine, client);
  }

  /** Configure: the flat policy config (policy/config.ts) for every policy of the pack. */
  async configure(config: object, enforcementLevels: Readonly<Record<string, EnforcementLevel>> = {}): Promise<void> {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const policy of policies) {
      const level = enforcementLevels[policy.name] ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
      const entry = new analyzerproto.PolicyConfig();
      const code = Object.entries(LEVELS).find(([, name]) => name === level)?.[0];
      entry.setEnforcementlevel(Number(code));
      entry.setProperties(struct(config));
      map.set(policy.name, entry);
    }
    await call(this.client.configure.bind(this.client) as Unary<analyzerproto.ConfigureAnalyzerRequest, Empty>, request);
  }

  /** Analyze for every resource, then AnalyzeStack for all: the findings in the evaluator's shape. */
  async analyze(resources: readonly EvaluatedResource[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    const collect = (response: analyzerproto.AnalyzeResponse, fallbackUrn: string): void => {
      for (const d of response.getDiagnosticsList()) {
        findings.push({
          policy: d.getPolicyname(),
          enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
          urn: d.getUrn() || fallbackUrn,
          message: d.getMessage(),
        });
      }
    };
    const analyze = this.client.analyze.bind(this.client) as Unary<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>;
    for (const resource of resources) {
      collect(await call(analyze, describeResource(new analyzerproto.AnalyzeRequest(), resource, resources)), resource.urn);
    }
    const stack = new analyzerproto.AnalyzeStackRequest();
    stack.setResourcesList(
      resources.map((resource) => {
        const message = describeResource(new analyzerproto.AnalyzerResource(), resource, resources);
        if (resource.parent) message.setParent(resource.parent);
        return message;
      }),
    );
    const analyzeStack = this.client.analyzeStack.bind(this.client) as Unary<
      analyzerproto.AnalyzeStackRequest,
      analyzerproto.AnalyzeResponse
    >;
    collect(await call(analyzeStack, stack), "");
    return findings;
  }

  close(): void {
    this.client.close();
    this.child.kill();
    this.engine.forceShutdown();
  }
}

/**
 * The pack as `pulumi policy publish` uploads it: `npm pack` in policy/ (its prepack compiles the pack
 * and the project modules it imports to dist/), unpacked, with the dependencies its package.json
 * names installed (here: linked to the project's node_modules, the same pinned versions).
 */
export function publishedPack(): string {
  const dir = mkdtempSync(join(tmpdir(), "policy-publish-"));
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: join(PROJECT_ROOT, "policy"),
    stdio: ["ignore", "ignore", "pipe"],
  });
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (tarball === undefined) throw new Error("npm pack wrote no tarball");
  execFileSync("tar", ["-xzf", join(dir, tarball), "-C", dir]);
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "package", "node_modules"));
  return join(dir, "package");
}
