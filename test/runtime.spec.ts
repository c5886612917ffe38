/**
 * The program under Pulumi's real runtime path: started by the SDK's `cmd/run` as
 * pulumi-language-nodejs starts it, against an engine stand-in over gRPC (test/runtime/engine.ts),
 * in preview and update, for every example stack in both phases of Adobe's handshake (before Adobe
 * sends its service, and with it). What the engine receives must equal the offline plan; the policy
 * pack, started by `cmd/run-policy-pack`, must find what the offline evaluator finds.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { evaluatePolicies, type EvaluatedResource, type Finding } from "../policy/evaluate";
import { policies } from "../policy/policies";
import type { StackConfig } from "../tools/stackfile";
import { Analyzer, publishedPack } from "./runtime/analyzer";
import { failureOf, runOnEngine, type RuntimeRun } from "./runtime/engine";
import { cleanInputs, type Expectation, expectation, subjects, withUnknowns } from "./runtime/expected";
import { strings, UNKNOWN } from "./runtime/wire";
import { OTHER_VPC, OTHER_VPC_SUBNET } from "../tools/mock-rules-aws";
import { clone, EXAMPLE_STACKS, exampleStack } from "./harness";
import { mocks } from "./setup";

const K = (key: string): string => `commerce-privatelink:${key}`;
const PHASES = ["adobe-service", "awaiting-adobe-service"] as const;
const MODES = ["preview", "update"] as const;
type Phase = (typeof PHASES)[number];
type Mode = (typeof MODES)[number];

/** The stack before Adobe has sent its service (step 1 of Adobe's workflow): no service, no connections. */
function inPhase(config: StackConfig, phase: Phase): StackConfig {
  if (phase === "adobe-service") return config;
  const copy = clone(config);
  const adobe = copy[K("adobe")] as Record<string, unknown>;
  delete adobe.endpointService;
  delete adobe.privateLinkService;
  delete adobe.connections;
  return copy;
}

/** Runs tasks two at a time: the test machine has two cores. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], width = 2): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < tasks.length; i = next++) results[i] = await (tasks[i] as () => Promise<T>)();
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

const DESCRIPTIONS = new Map(policies.map((p) => [p.name, p.description]));

/** The offline evaluator's finding as the policy server reports it: the policy's description first. */
function asServed(finding: Finding): Finding {
  return { ...finding, message: `${DESCRIPTIONS.get(finding.policy) ?? ""}\n${finding.message}` };
}

function sorted(findings: readonly Finding[], stackUrn: string): string[] {
  return findings
    .map((f) => JSON.stringify([f.policy, f.enforcementLevel, f.urn === stackUrn || f.urn === "" ? null : f.urn, f.message]))
    .sort();
}

/**
 * Every leaf of an output value: unknown, or what the plan says at that path; no member the plan does
 * not have. (A member computed from a cloud output inside an input the stand-in echoes, such as an
 * endpoint's connection status, is absent rather than unknown in its preview.)
 */
function assertUnknownOrRight(actual: unknown, expected: unknown, path: string): void {
  if (actual === UNKNOWN) return;
  if (typeof actual === "object" && actual !== null) {
    assert.equal(typeof expected, "object", `${path}: the plan has ${JSON.stringify(expected)}`);
    const extra = Object.keys(actual).filter((key) => !(key in (expected as object)));
    assert.deepEqual(extra, [], `${path}: members the plan does not have`);
    for (const [key, value] of Object.entries(actual)) {
      assertUnknownOrRight(value, (expected as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return;
  }
  assert.deepEqual(actual, expected, `${path} in the preview`);
}

interface Case {
  readonly stack: string;
  readonly phase: Phase;
  readonly mode: Mode;
  run?: RuntimeRun;
  expected?: Expectation;
}

describe("the program under Pulumi's real runtime (engine stand-in over gRPC)", function () {
  this.timeout(900_000);
  const cases: Case[] = EXAMPLE_STACKS.flatMap((stack) => PHASES.flatMap((phase) => MODES.map((mode) => ({ stack, phase, mode }))));
  let analyzer: Analyzer;
  let packDir: string | undefined;

  before(async function () {
    // The offline plans first, in this process; then the programs and the policy pack as child processes.
    for (const c of cases) c.expected = await expectation(mocks, c.stack, inPhase(exampleStack(c.stack), c.phase));
    // The pack as `pulumi policy publish` uploads it, started by cmd/run-policy-pack as the CLI starts it.
    packDir = publishedPack();
    const started = Analyzer.start(packDir);
    started.catch(() => undefined);
    const runs = await pool(
      cases.map(
        (c) => () => runOnEngine({ stack: c.stack, config: inPhase(exampleStack(c.stack), c.phase), preview: c.mode === "preview" }),
      ),
    );
    runs.forEach((run, i) => ((cases[i] as Case).run = run));
    analyzer = await started;
  });

  // Kept here so that the runs above and these share the two cores in one pool.
  const SECRET_STACKS = ["aws-bidirectional", "azure-bidirectional"] as const;
  const secretRuns = new Map<string, RuntimeRun>();
  before(async function () {
    const runs = await pool(
      SECRET_STACKS.map(
        (stack) => () => runOnEngine({ stack, config: exampleStack(stack), preview: false, secretKeys: [K("adobe"), K("tags")] }),
      ),
    );
    runs.forEach((run, i) => secretRuns.set(SECRET_STACKS[i] as string, run));
  });

  after(() => {
    analyzer.close();
    if (packDir) rmSync(dirname(packDir), { recursive: true, force: true });
  });

  for (const c of cases) {
    describe(`${c.stack}, ${c.phase}, ${c.mode}`, () => {
      const run = (): RuntimeRun => c.run as RuntimeRun;
      const expected = (): Expectation => c.expected as Expectation;

      it("exits 0 with no error logged", () => {
        assert.equal(run().code, 0, failureOf(run()));
        assert.deepEqual(
          run().logs.filter((log) => log.severity === "error" || log.severity === "warning"),
          [],
        );
      });

      it("registers exactly the offline plan's resources: URNs, types, parents, inputs and options", () => {
        const stackUrn = run().stackUrn;
        assert.match(stackUrn, new RegExp(`^urn:pulumi:${c.stack}::commerce-privatelink::pulumi:pulumi:Stack::`));
        const registered = run().registrations.filter((r) => r.urn !== stackUrn);
        assert.deepEqual(registered.map((r) => r.urn).sort(), [...expected().resources.keys()].sort());
        for (const r of registered) {
          const plan = expected().resources.get(r.urn);
          assert.ok(plan);
          const inputs = cleanInputs(r.inputs);
          assert.deepEqual(
            {
              type: r.type,
              parent: r.parent === stackUrn ? null : r.parent,
              custom: r.custom,
              inputs,
              protect: r.protect,
              retainOnDelete: r.retainOnDelete,
              replaceOnChanges: r.replaceOnChanges,
              aliases: r.aliases.length,
              provider: r.provider === "" ? undefined : r.provider.slice(0, r.provider.lastIndexOf("::")),
            },
            {
              type: plan.type,
              parent: plan.parent,
              custom: plan.custom,
              // In a preview an input computed from another resource's output is unknown.
              inputs: c.mode === "preview" ? withUnknowns(plan.inputs, inputs) : plan.inputs,
              protect: plan.protect,
              retainOnDelete: plan.retainOnDelete,
              replaceOnChanges: [...plan.replaceOnChanges],
              aliases: plan.aliases,
              provider: plan.provider,
            },
            r.urn,
          );
        }
      });

      it(c.mode === "preview" ? "gives stack outputs that are unknown or right" : "gives the offline plan's stack outputs", () => {
        const outputs = run().outputs.get(run().stackUrn)?.value;
        assert.ok(outputs, "the stack registered its outputs");
        for (const text of strings(outputs)) {
          assert.doesNotMatch(text, /undefined|\[object Object\]|\(pending\)/, `an output reads ${JSON.stringify(text)}`);
          // An unknown turned into text would pass for a value.
          if (text !== UNKNOWN) assert.ok(!text.includes(UNKNOWN), `an unknown went into the text ${JSON.stringify(text)}`);
          // A plain `pulumi refresh` does not run the program, so it cannot bring these outputs up to date.
          assert.doesNotMatch(text, /pulumi refresh/, "a step says pulumi refresh where outputs must be recomputed");
        }
        // Pulumi drops an output member that is undefined; the comparison is of what the engine receives.
        if (c.mode === "preview") {
          const planned = JSON.parse(JSON.stringify(expected().plan.report.outputs)) as Record<string, unknown>;
          // Every stack output is there, known or unknown.
          assert.deepEqual(Object.keys(outputs).sort(), Object.keys(planned).sort());
          assertUnknownOrRight(outputs, planned, "outputs");
        } else assert.deepEqual(outputs, JSON.parse(JSON.stringify(expected().plan.report.outputs)));
      });

      it("calls every data source through the stack's explicit provider", () => {
        const providers = run()
          .registrations.filter((r) => r.type.startsWith("pulumi:providers:"))
          .map((r) => r.urn);
        assert.equal(providers.length, 1, "one explicit provider");
        assert.ok(run().invokes.length > 0);
        for (const invoke of run().invokes) {
          assert.equal(invoke.provider.slice(0, invoke.provider.lastIndexOf("::")), providers[0], invoke.token);
        }
      });

      if (c.mode === "update") {
        it("gets the offline evaluator's findings from the policy pack under cmd/run-policy-pack", async () => {
          const resources = subjects(run().registrations);
          await analyzer.configure(expected().policyConfig);
          const found = await analyzer.analyze(resources);
          const offline = evaluatePolicies(resources, expected().policyConfig).map(asServed);
          assert.deepEqual(sorted(found, run().stackUrn), sorted(offline, run().stackUrn));
          assert.deepEqual(
            sorted(found, run().stackUrn),
            sorted(
              expected().plan.report.policies.map((f) => asServed({ ...f, urn: f.urn ?? "" })),
              run().stackUrn,
            ),
          );
        });
      }
    });
  }

  describe("aws-unidirectional with only region held as a secret", () => {
    let run: RuntimeRun | undefined;
    before(async () => {
      run = await runOnEngine({
        stack: "aws-unidirectional",
        config: exampleStack("aws-unidirectional"),
        preview: false,
        secretKeys: [K("region")],
      });
    });

    it("makes region and every output that names it (tickets, steps, commands) secret outputs", () => {
      const outputs = run?.outputs.get(run.stackUrn);
      assert.ok(outputs, failureOf(run as RuntimeRun));
      assert.match(JSON.stringify(outputs.value.verification), /--region us-east-1/, "the verification commands name the region");
      for (const key of ["region", "toAdobe", "enablementRequest", "handshake", "verification"])
        assert.ok(outputs.secrets.includes(key), `${key} is not a secret output: ${JSON.stringify(outputs.secrets)}`);
      for (const key of ["cloud", "topology", "environment", "accountId"]) assert.ok(!outputs.secrets.includes(key), `${key} is secret`);
    });
  });

  for (const stack of SECRET_STACKS) {
    describe(`${stack} with adobe and tags held as secrets (pulumi config set --secret)`, () => {
      const run = (): RuntimeRun => secretRuns.get(stack) as RuntimeRun;
      const config = exampleStack(stack);
      const adobe = config[K("adobe")] as Record<string, unknown>;
      const tags = config[K("tags")] as Record<string, string>;
      /** What must never be readable: who the customer is, its Adobe project, and its tag values. */
      const sensitive = [adobe.company, adobe.projectId, adobe.clusterId, ...Object.values(tags)].filter(
        (v): v is string => typeof v === "string",
      );

      it("exits 0 with no error logged", () => assert.equal(run().code, 0, failureOf(run())));

      it("makes every output derived from them a secret output", () => {
        const outputs = run().outputs.get(run().stackUrn);
        assert.ok(outputs);
        for (const key of ["environment", "toAdobe", "fromAdobe", "enablementRequest", "handshake", "verification"])
          assert.ok(outputs.secrets.includes(key), `${key} is not a secret output: ${JSON.stringify(outputs.secrets)}`);
        for (const key of ["cloud", "region", "topology", "accountId"]) assert.ok(!outputs.secrets.includes(key), `${key} is secret`);
      });

      it("sends every input that carries a secret value as a secret", () => {
        for (const r of run().registrations) {
          for (const [key, value] of Object.entries(r.inputs)) {
            const carries = strings(value).some((text) => sensitive.some((secret) => text.includes(secret)));
            if (carries) assert.ok(r.secretInputs.includes(key), `${r.urn} sends ${key} in plain text`);
          }
        }
        assert.ok(
          run().registrations.some((r) => r.secretInputs.includes("tags")),
          "the tags go out as secrets",
        );
      });

      it("puts none of them in a resource name, URN or log line", () => {
        for (const secret of sensitive) {
          // Adobe names its private endpoint connections after the project (pe-adobe-<project>...), and
          // an approval is named after the connection it approves: the one place the project id is in a URN.
          const names = run().registrations.filter((r) => !(secret === adobe.projectId && r.type.endsWith("PrivateEndpointConnection")));
          for (const r of names) assert.ok(!r.urn.includes(secret) && !r.name.includes(secret), `${secret} in ${r.urn}`);
          // What a user sees; the SDK's own debug lines (shown only with -v) print RPC responses whole.
          for (const log of run().logs.filter((l) => l.severity !== "debug"))
            assert.ok(!log.message.includes(secret), `${secret} logged: ${log.message}`);
          assert.ok(!run().stderr.includes(secret) && !run().stdout.includes(secret), `${secret} printed`);
        }
      });
    });
  }

  describe("the policy pack on violations", () => {
    /** One change per policy, to the first resource of the type in an example's recorded update. */
    const VIOLATIONS: readonly { stack: string; type: string; change: Record<string, unknown>; protect?: boolean }[] = [
      { stack: "aws-bidirectional", type: "aws:ec2/vpcEndpointService:VpcEndpointService", change: { acceptanceRequired: false } },
      { stack: "aws-bidirectional", type: "aws:ec2/vpcEndpointService:VpcEndpointService", change: { allowedPrincipals: ["*"] } },
      { stack: "aws-bidirectional", type: "aws:lb/loadBalancer:LoadBalancer", change: { internal: false } },
      { stack: "aws-bidirectional", type: "aws:lb/loadBalancer:LoadBalancer", change: { enableDeletionProtection: false } },
      { stack: "aws-bidirectional", type: "aws:lb/loadBalancer:LoadBalancer", change: {}, protect: false },
      {
        stack: "aws-bidirectional",
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        change: { fromPort: 22, toPort: 22 },
      },
      { stack: "aws-bidirectional", type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", change: { cidrIpv4: "0.0.0.0/0" } },
      { stack: "aws-bidirectional", type: "aws:ec2/vpcEndpoint:VpcEndpoint", change: { privateDnsEnabled: true } },
      { stack: "aws-bidirectional", type: "aws:ec2/securityGroup:SecurityGroup", change: { tags: {} } },
      { stack: "aws-unidirectional", type: "pulumi:providers:aws", change: { region: "eu-west-1" } },
      { stack: "azure-bidirectional", type: "azure-native:network:PrivateLinkService", change: { visibility: { subscriptions: [] } } },
      {
        stack: "azure-bidirectional",
        type: "azure-native:network:LoadBalancer",
        change: { sku: { name: "Basic" }, frontendIPConfigurations: [{ name: "public", publicIPAddress: { id: "pip" } }] },
      },
      {
        stack: "azure-unidirectional",
        type: "azure-native:network:NetworkSecurityGroup",
        change: {
          securityRules: [
            {
              name: "any",
              access: "Allow",
              direction: "Inbound",
              priority: 100,
              protocol: "*",
              sourceAddressPrefix: "*",
              destinationPortRange: "*",
            },
          ],
        },
      },
      { stack: "azure-unidirectional", type: "azure-native:network:PrivateEndpoint", change: { location: "westeurope" } },
    ];

    for (const v of VIOLATIONS) {
      it(`${v.stack}: ${v.type.split(":").pop() ?? v.type} with ${JSON.stringify(v.change)}${v.protect === false ? ", unprotected" : ""}`, async () => {
        const c = cases.find((x) => x.stack === v.stack && x.phase === "adobe-service" && x.mode === "update") as Case;
        const resources: EvaluatedResource[] = subjects((c.run as RuntimeRun).registrations);
        const at = resources.findIndex((r) => r.type === v.type);
        assert.ok(at >= 0, `${v.stack} has a ${v.type}`);
        const target = resources[at] as EvaluatedResource;
        resources[at] = {
          ...target,
          inputs: { ...target.inputs, ...v.change },
          ...(v.protect === undefined ? {} : { protect: v.protect }),
        };
        const config = (c.expected as Expectation).policyConfig;
        await analyzer.configure(config);
        const found = await analyzer.analyze(resources);
        const offline = evaluatePolicies(resources, config);
        const baseline = evaluatePolicies(subjects((c.run as RuntimeRun).registrations), config);
        assert.ok(offline.length > baseline.length, `the change violates a policy: ${JSON.stringify(offline)}`);
        assert.deepEqual(sorted(found, ""), sorted(offline.map(asServed), ""));
      });
    }
  });
});

describe("the real runtime path: a refusal from a plan-time lookup", function () {
  this.timeout(300_000);

  it("fails the preview with the refusal logged once as an error, without a stack trace, and registers nothing of the leg", async () => {
    const config = exampleStack("aws-bidirectional");
    const network = config[K("network")] as { subnetIds: string[] };
    network.subnetIds = [network.subnetIds[0] ?? "", OTHER_VPC_SUBNET];
    const run = await runOnEngine({ stack: "aws-bidirectional", config, preview: true });
    assert.notEqual(run.code, 0, "the preview fails");
    const errors = run.logs.filter((log) => log.severity === "error").map((log) => log.message);
    assert.equal(errors.length, 1, failureOf(run));
    assert.match(errors[0] ?? "", new RegExp(`network\\.subnetIds: ${OTHER_VPC_SUBNET} is in ${OTHER_VPC}, not in network\\.vpcId`));
    assert.doesNotMatch(errors[0] ?? "", /\n\s+at /, "no stack trace");
    assert.deepEqual(
      run.registrations.filter((r) => r.type === "aws:ec2/vpcEndpointService:VpcEndpointService"),
      [],
      "no endpoint service is registered",
    );
  });
});
