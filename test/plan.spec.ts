/**
 * The offline plan (`npm start`). The CLI's `main` runs in-process under the shared mocks, once per
 * example stack and format; those runs happen in one `before` and every assertion reads their results.
 * One run of the real entry point as a child process, the way users and CI run it, proves the exit
 * status and that a config error shows no stack trace. Everything else goes through the pure core.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import type { StackOutputValues } from "../handshake/outputs";
import { UnknownResourceTypeError } from "../lib/resourceTypes";
import type { RecordedResource } from "../tools/mocks";
import {
  errorsOf,
  exitCode,
  type Plan,
  type PlannedResource,
  type PlanReport,
  planResources,
  planStack,
  renderDiagram,
  renderReport,
  WIDTH,
  wrap,
} from "../tools/plan";
import { DEFAULT_STACK, main, parseArgs, USAGE, UsageError } from "../tools/plan-cli";
import { evaluatePlan } from "../tools/plan-policies";
import type { CapturedOptions } from "../tools/run";
import { clone, compiledTool, EXAMPLE_STACKS, exampleStack } from "./harness";
import { mocks } from "./setup";

const ROOT = resolve(__dirname, "..");
const CLI = compiledTool("plan-cli");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real entry point in a child process (it loads the SDK and the program: ~0.7 s). */
function cli(args: readonly string[], nodeArgs: readonly string[] = []): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [...nodeArgs, ...CLI, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

/** The CLI's `main` in-process, under the shared mocks, with its output captured. */
async function inProcess(args: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    args,
    {
      stdout: (chunk) => void (stdout += chunk),
      stderr: (chunk) => void (stderr += chunk),
    },
    { mocks },
  );
  return { code, stdout, stderr };
}

const STACK_TRACE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/** Custom resources per leg and type that each example stack must plan. */
const EXPECTED: Record<string, Record<string, Record<string, number>>> = {
  "aws-unidirectional": {
    provider: { "pulumi:providers:aws": 1 },
    "customer-to-adobe": {
      "aws:ec2/securityGroup:SecurityGroup": 1,
      // 2 ports x 1 client CIDR, one rule each.
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
      "aws:ec2/vpcEndpoint:VpcEndpoint": 1,
    },
  },
  "aws-bidirectional": {
    provider: { "pulumi:providers:aws": 1 },
    "customer-to-adobe": {
      "aws:ec2/securityGroup:SecurityGroup": 1,
      // 2 ports x 2 client CIDRs.
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 4,
      "aws:ec2/vpcEndpoint:VpcEndpoint": 1,
    },
    "adobe-to-customer": {
      "aws:ec2/securityGroup:SecurityGroup": 1,
      // One per target host: erp-db has two, pim-api one.
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 3,
      "aws:lb/loadBalancer:LoadBalancer": 1,
      "aws:lb/targetGroup:TargetGroup": 2,
      "aws:lb/listener:Listener": 2,
      "aws:lb/targetGroupAttachment:TargetGroupAttachment": 3,
      "aws:ec2/vpcEndpointService:VpcEndpointService": 1,
      "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": 1,
    },
  },
  "azure-unidirectional": {
    provider: { "pulumi:providers:azure-native": 1 },
    "customer-to-adobe": {
      "azure-native:network:ApplicationSecurityGroup": 1,
      // One allow rule per port and the final deny, inline in the group: no SecurityRule resources.
      "azure-native:network:NetworkSecurityGroup": 1,
      "azure-native:network:PrivateEndpoint": 1,
    },
  },
  "azure-bidirectional": {
    provider: { "pulumi:providers:azure-native": 1 },
    "customer-to-adobe": {
      "azure-native:network:ApplicationSecurityGroup": 1,
      "azure-native:network:NetworkSecurityGroup": 1,
      "azure-native:network:PrivateEndpoint": 1,
    },
    "adobe-to-customer": {
      "azure-native:network:LoadBalancer": 1,
      "azure-native:network:PrivateLinkService": 1,
    },
  },
};

function countsByLeg(resources: readonly PlannedResource[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of resources.filter((resource) => resource.custom)) {
    const leg = (out[r.leg] ??= {});
    leg[r.type] = (leg[r.type] ?? 0) + 1;
  }
  return out;
}

/** Lines longer than the width that a break at a space could have shortened. */
function breakableLongLines(text: string): string[] {
  return text.split("\n").filter((line) => {
    if (line.length <= WIDTH) return false;
    const indent = /^[\s|]*/.exec(line)?.[0].length ?? 0;
    const longest = Math.max(
      ...line
        .trim()
        .split(/\s+/)
        .map((word) => word.length),
    );
    return indent + 4 + longest <= WIDTH;
  });
}

/** A stack file that breaks several rules at once. */
const INVALID = {
  "commerce-privatelink:cloud": "aws",
  "commerce-privatelink:region": "us-east-1",
  "commerce-privatelink:topology": "sideways",
  "commerce-privatelink:adobe": {
    company: "Acme Corp",
    projectId: "NOT-A-PROJECT",
    environment: "integration",
    ports: [{ name: "mysql", port: 3306 }],
  },
  "commerce-privatelink:network": {
    clientCidrs: ["10.20.0.0/16"],
    vpcId: "vpc-0a1b2c3d4e5f67890",
    subnetIds: ["subnet-0a1b2c3d4e5f60001"],
  },
};
const INVALID_KEYS = ["topology", "adobe.projectId", "adobe.environment"];

/** Preloaded into a child: at exit, lists the @pulumi packages the process loaded. */
const PACKAGES_LOADED_PROBE = `process.on("exit", () => {
  const loaded = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules[\\\\/]@pulumi[\\\\/]([^\\\\/]+)/.exec(file);
    if (match) loaded.add("@pulumi/" + match[1]);
  }
  process.stderr.write("PULUMI PACKAGES LOADED: " + [...loaded].sort().join(" ") + "\\n");
});
`;

describe("offline plan: npm start", function () {
  let dir: string;
  const human = new Map<string, Run>();
  const json = new Map<string, Run>();
  let invalidHuman: Run;
  let invalidJson: Run;
  let unknownFlag: Run;
  let missingFile: Run;
  let missingValue: Run;
  let help: Run;
  const packagesLoaded = new Map<string, Promise<Run>>();

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), "plan-spec-"));
    const invalidFile = join(dir, "Pulumi.broken.yaml");
    writeFileSync(invalidFile, stringify({ config: INVALID }));
    // The children work on the other core while the in-process runs go one at a time (the mocks are shared).
    const child = cli(["--config", invalidFile, "--diagram", join(dir, "broken.mmd")]);
    const probe = join(dir, "packages-loaded.js");
    writeFileSync(probe, PACKAGES_LOADED_PROBE);
    for (const stack of ["aws-bidirectional", "azure-bidirectional"]) {
      packagesLoaded.set(stack, cli(["--stack", stack, "--json"], ["--require", probe]));
    }
    try {
      for (const stack of EXAMPLE_STACKS) {
        human.set(stack, await inProcess(["--stack", stack, "--diagram", join(dir, `${stack}.mmd`)]));
        json.set(stack, await inProcess(["--stack", stack, "--json"]));
      }
      invalidJson = await inProcess(["--config", invalidFile, "--json"]);
      unknownFlag = await inProcess(["--stack", "aws-bidirectional", "--colour"]);
      missingFile = await inProcess(["--config", join(dir, "Pulumi.absent.yaml")]);
      missingValue = await inProcess(["--json", "--diagram"]);
      help = await inProcess(["--help"]);
    } finally {
      invalidHuman = await child;
    }
  });

  after(async () => {
    await Promise.all(packagesLoaded.values());
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [stack, expected] of [
    ["aws-bidirectional", "@pulumi/aws @pulumi/pulumi"],
    ["azure-bidirectional", "@pulumi/azure-native @pulumi/pulumi"],
  ] as const) {
    it(`(child process) ${stack} loads its own cloud's SDK only: ${expected}`, async () => {
      const run = await packagesLoaded.get(stack);
      assert.ok(run);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`^PULUMI PACKAGES LOADED: ${expected}$`, "m"));
    });
  }

  for (const stack of EXAMPLE_STACKS) {
    describe(`example stack ${stack}`, () => {
      it("--json prints only valid JSON of the documented shape and exits 0", () => {
        const run = json.get(stack);
        assert.ok(run);
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout) as PlanReport;
        assert.deepEqual(Object.keys(report), ["project", "stack", "cloud", "topology", "errors", "resources", "outputs", "policies"]);
        assert.equal(report.project, "commerce-privatelink");
        assert.equal(report.stack, stack);
        assert.equal(report.cloud, stack.split("-")[0]);
        assert.equal(report.topology, stack.split("-")[1]);
        assert.deepEqual(report.errors, []);
        for (const r of report.resources) {
          for (const field of ["urn", "type", "name", "parent", "custom", "inputs", "protect"])
            assert.ok(field in r, `${r.name}: ${field}`);
          assert.ok(r.urn.startsWith(`urn:pulumi:${stack}::commerce-privatelink::`), r.urn);
          assert.ok(r.parent === null || report.resources.some((p) => p.urn === r.parent), `${r.name}: parent ${r.parent} is planned`);
        }
      });

      it("--json plans exactly the expected cloud resources on each leg", () => {
        const report = JSON.parse(json.get(stack)?.stdout ?? "") as PlanReport;
        assert.deepEqual(countsByLeg(report.resources), EXPECTED[stack]);
      });

      it("--json outputs carry the enablement request, the handshake and the verification targets", () => {
        const report = JSON.parse(json.get(stack)?.stdout ?? "") as PlanReport;
        // A planned stack's outputs: the program's own type, through JSON.
        const outputs = report.outputs as StackOutputValues;
        const config = exampleStack(stack);
        const bidirectional = stack.endsWith("bidirectional");
        assert.equal(outputs.cloud, report.cloud);
        assert.equal(outputs.topology, report.topology);
        assert.equal(outputs.fromAdobe !== undefined, bidirectional);
        assert.equal(outputs.enablementRequest.subject, "PrivateLink support for Acme Corp");
        assert.deepEqual(
          Object.keys(outputs.handshake.legs).sort(),
          bidirectional ? ["adobe-to-customer", "customer-to-adobe"] : ["customer-to-adobe"],
        );
        assert.ok(outputs.handshake.next.length > 0);
        const adobePorts = (config["commerce-privatelink:adobe"] as { ports: { port: number }[] }).ports.map((p) => p.port);
        assert.deepEqual(
          outputs.verification.targets.filter((t) => t.leg === "customer-to-adobe").map((t) => t.port),
          adobePorts,
        );
      });

      it("--json reports no mandatory policy finding", () => {
        const report = JSON.parse(json.get(stack)?.stdout ?? "") as PlanReport;
        assert.deepEqual(
          report.policies.filter((p) => p.enforcementLevel === "mandatory" || p.enforcementLevel === "remediate"),
          [],
        );
      });

      it("the report says identifiers are placeholders, shows each leg, the ticket, the next step and exits 0", () => {
        const run = human.get(stack);
        assert.ok(run);
        assert.equal(run.code, 0, run.stderr);
        const out = run.stdout;
        assert.match(out, /PLACEHOLDERS: .*runtime mocks/);
        assert.match(out, /no\s+cloud account/);
        assert.match(out, /^Provider: 1 resource$/m);
        assert.match(out, /^Leg customer -> Adobe .*: \d+ resources$/m);
        assert.equal(/^Leg Adobe -> customer /m.test(out), stack.endsWith("bidirectional"));
        assert.match(out, /^Policy findings: 0 mandatory, \d+ advisory$/m);
        assert.match(out, /\| Subject: PrivateLink support for Acme Corp/);
        assert.match(out, /^ {2}Next: Step \d/m);
        assert.match(out, /^Verification targets/m);
        assert.match(out, /privateDnsEnabled=false|manualPrivateLinkServiceConnections\[0\]\.privateLinkServiceId=/);
        assert.match(out, /RESULT: the config is valid and no mandatory policy fails\./);
        assert.deepEqual(breakableLongLines(out), []);
      });

      it("--diagram writes a Mermaid flowchart with both networks, each leg and its ports", () => {
        const file = join(dir, `${stack}.mmd`);
        assert.ok(existsSync(file));
        const diagram = readFileSync(file, "utf8");
        assert.match(diagram, /^flowchart LR\n/);
        assert.match(diagram, /subgraph customer\["Customer network: /);
        assert.match(diagram, /subgraph adobe\["Adobe Commerce network: /);
        assert.match(diagram, /subgraph leg_customer_to_adobe\["customer -> Adobe"\]/);
        assert.equal(diagram.includes(`subgraph leg_adobe_to_customer["Adobe -> customer"]`), stack.endsWith("bidirectional"));
        const config = exampleStack(stack);
        const adobe = config["commerce-privatelink:adobe"] as { ports: { name: string; port: number }[] };
        for (const p of adobe.ports) assert.match(diagram, new RegExp(`-->\\|"TCP [^"]*${p.port} ${p.name}`));
        const services = (config["commerce-privatelink:services"] ?? []) as { name: string; port: number }[];
        for (const s of services) assert.match(diagram, new RegExp(`-->\\|"TCP ${s.port}"\\| svc_${s.name.replace(/-/g, "_")}`));
      });
    });
  }

  describe("invalid config via --config", () => {
    it("(child process) exits 1 and lists every problem with its key, plans nothing and shows no stack trace", () => {
      assert.equal(invalidHuman.code, 1);
      for (const key of INVALID_KEYS) assert.match(invalidHuman.stdout, new RegExp(`^ {2}- ${key.replace(/[.[\]]/g, "\\$&")}: got `, "m"));
      assert.match(invalidHuman.stdout, /stack broken was NOT planned/);
      assert.doesNotMatch(invalidHuman.stdout, /would create|PLACEHOLDERS|RESULT/);
      assert.doesNotMatch(invalidHuman.stdout + invalidHuman.stderr, STACK_TRACE);
      assert.ok(!existsSync(join(dir, "broken.mmd")), "no diagram for a stack that was not planned");
    });

    it("--json exits 1 with every error as {key, message}, empty resources, outputs and policies", () => {
      assert.equal(invalidJson.code, 1);
      const report = JSON.parse(invalidJson.stdout) as PlanReport;
      assert.equal(report.stack, "broken");
      assert.deepEqual(report.resources, []);
      assert.deepEqual(report.outputs, {});
      assert.deepEqual(report.policies, []);
      for (const key of INVALID_KEYS) {
        const error = report.errors.find((e) => e.key === key);
        assert.ok(error, `error for ${key}`);
        assert.match(error.message, /^got .+; .+\. Fix: .+\.$/);
      }
      assert.doesNotMatch(invalidJson.stderr, STACK_TRACE);
    });
  });

  describe("usage errors", () => {
    for (const [what, run, message] of [
      ["an unknown flag", () => unknownFlag, "error: unknown option --colour"],
      ["a missing stack file", () => missingFile, "error: no such stack file: "],
      ["a flag without its value", () => missingValue, "error: --diagram needs a value"],
    ] as const) {
      it(`${what} exits 2 with one error line and the usage, and prints nothing on stdout`, () => {
        const result = run();
        assert.equal(result.code, 2);
        assert.equal(result.stdout, "");
        const lines = result.stderr.trimEnd().split("\n");
        assert.equal(lines.length, 2, result.stderr);
        assert.ok(lines[0]?.startsWith(message), lines[0]);
        assert.equal(lines[1], USAGE);
      });
    }

    it("--help prints the usage and the exit statuses and exits 0", () => {
      assert.equal(help.code, 0);
      assert.ok(help.stdout.includes(USAGE));
      assert.match(help.stdout, /Exit status: 0 .* 1 .* 2/s);
    });
  });
});

describe("offline plan: the core, in-process", () => {
  async function planOf(stack: string, config = exampleStack(stack), evaluate = evaluatePlan): Promise<Plan> {
    return planStack(mocks, stack, config, evaluate);
  }

  it("parseArgs plans the default example stack aws-bidirectional when no flag is given", () => {
    const options = parseArgs([]);
    assert.notEqual(options, "help");
    assert.equal(DEFAULT_STACK, "aws-bidirectional");
    assert.equal(options !== "help" && options.stack, "aws-bidirectional");
  });

  it("parseArgs takes the stack name from a --config file name and refuses --stack with --config", () => {
    const options = parseArgs(["--config", "stacks/Pulumi.azure-unidirectional.yaml", "--json"]);
    assert.equal(options !== "help" && options.stack, "azure-unidirectional");
    assert.equal(options !== "help" && options.json, true);
    assert.throws(() => parseArgs(["--stack", "aws-bidirectional", "--config", "stacks/Pulumi.aws-bidirectional.yaml"]), UsageError);
    assert.throws(() => parseArgs(["--config", "stacks/config.yaml"]), /name the file Pulumi.<stack>.yaml/);
    assert.throws(() => parseArgs(["--stack", "../../etc/passwd"]), /invalid stack name/);
  });

  it("every resource's URN is the real engine's: the whole parent type chain, the stack and the project", async () => {
    const plan = await planOf("aws-bidirectional");
    const byUrn = new Map(plan.report.resources.map((r) => [r.urn, r]));
    for (const r of plan.report.resources) {
      if (r.parent === null) {
        assert.equal(r.urn, `urn:pulumi:aws-bidirectional::commerce-privatelink::${r.type}::${r.name}`);
        continue;
      }
      const parent = byUrn.get(r.parent);
      assert.ok(parent, `${r.name}: parent planned`);
      const parentChain = parent.urn.split("::")[2];
      assert.equal(r.urn, `urn:pulumi:aws-bidirectional::commerce-privatelink::${parentChain}$${r.type}::${r.name}`);
    }
  });

  function recorded(name: string, type: string, custom: boolean): RecordedResource {
    return {
      urn: `urn:pulumi:mock::mock::${type}::${name}`,
      type,
      name,
      custom,
      inputs: { __defaults: [], port: 1 },
      id: custom ? `${name}-id` : undefined,
      state: {},
      provider: undefined,
    };
  }

  function capturedOptions(protect: boolean | undefined, parent?: { name: string; type: string }): CapturedOptions {
    return {
      type: "",
      protect,
      retainOnDelete: undefined,
      deleteBeforeReplace: undefined,
      replaceOnChanges: undefined,
      ignoreChanges: undefined,
      aliases: undefined,
      parent,
    };
  }

  const ROOT = "commerce-privatelink:aws:PrivateLink";

  it("children inherit protect from their parent, as the SDK applies it after the transformations", () => {
    const planned = planResources(
      "s",
      [recorded("root", ROOT, false), recorded("root-child", "aws:lb/listener:Listener", true)],
      new Map([
        ["root", capturedOptions(true)],
        ["root-child", capturedOptions(undefined, { name: "root", type: ROOT })],
      ]),
    );
    assert.deepEqual(
      planned.map((r) => [r.name, r.protect, r.parent, r.leg]),
      [
        ["root", true, null, "shared"],
        ["root-child", true, `urn:pulumi:s::commerce-privatelink::${ROOT}::root`, "adobe-to-customer"],
      ],
    );
    assert.deepEqual(planned[1]?.inputs, { port: 1 }, "the SDK's __defaults bookkeeping is not an input");
  });

  it("a type on either leg takes its component's group from the table; a type missing from the table is refused", () => {
    const component = "commerce-privatelink:azure:AdobePrivateEndpoint";
    const group = "azure-native:network:NetworkSecurityGroup";
    const planned = planResources(
      "s",
      [recorded("root", ROOT, false), recorded("leg", component, false), recorded("leg-nsg", group, true)],
      new Map([
        ["leg", capturedOptions(undefined, { name: "root", type: ROOT })],
        ["leg-nsg", capturedOptions(undefined, { name: "leg", type: component })],
      ]),
    );
    assert.deepEqual(
      planned.map((r) => r.leg),
      ["shared", "customer-to-adobe", "customer-to-adobe"],
    );
    for (const [type, custom] of [
      ["aws:s3/bucket:Bucket", true],
      ["commerce-privatelink:aws:Unlisted", false],
    ] as const) {
      assert.throws(
        () => planResources("s", [recorded("x", type, custom)], new Map()),
        (error: unknown) =>
          error instanceof UnknownResourceTypeError &&
          error.message ===
            `the plan: the resource type ${type} is not in lib/resourceTypes.ts; add its entry there (cloud, group, diagram role, mock outputs)`,
      );
    }
  });

  it("a config warning (a discouraged port) is reported once, in the report, not also on the console", async () => {
    const config = clone(exampleStack("aws-unidirectional"));
    const adobe = config["commerce-privatelink:adobe"] as { ports: { name: string; port: number }[] };
    adobe.ports = [{ name: "web", port: 443 }];
    const printed: unknown[] = [];
    const consoleWarn = console.warn;
    console.warn = (...args: unknown[]) => void printed.push(args);
    let plan: Plan;
    try {
      plan = await planOf("aws-unidirectional", config);
    } finally {
      console.warn = consoleWarn;
    }
    assert.deepEqual(plan.warnings, [
      "adobe.ports[0].port 443: PrivateLink is best used for non-HTTP(S) integrations; for Adobe Commerce APIs Adobe recommends API Mesh.",
    ]);
    assert.deepEqual(printed, []);
    assert.match(renderReport(plan), /^Config warnings\n-+\n {2}- adobe\.ports\[0\]\.port 443: PrivateLink is best used/m);
  });

  it("reports the settings the program ran with, and its outputs typed as the program's", async () => {
    const plan = await planOf("azure-bidirectional");
    assert.ok(plan.settings, "planned");
    assert.equal(plan.settings.cloud, "azure");
    assert.equal(plan.report.outputs, plan.outputs);
    // Azure reads Adobe's connection back from the Private Link Service: none is approved under the mocks.
    assert.equal(plan.outputs.fromAdobe?.state, "awaiting-customer-approval");
    assert.deepEqual(plan.outputs.fromAdobe.connectionStates, {});
    assert.deepEqual(Object.keys(plan.outputs.handshake.legs).sort(), ["adobe-to-customer", "customer-to-adobe"]);
  });

  it("a mandatory policy failure (private DNS on the endpoint to Adobe) exits 1 and is shown as MANDATORY", async () => {
    const plan = await planOf("aws-unidirectional", exampleStack("aws-unidirectional"), (resources, settings) =>
      evaluatePlan(
        resources.map((r) =>
          r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" ? { ...r, inputs: { ...r.inputs, privateDnsEnabled: true } } : r,
        ),
        settings,
      ),
    );
    const finding = plan.report.policies.find((p) => p.policy === "vpc-endpoint-to-adobe-interface-no-private-dns");
    assert.ok(finding, JSON.stringify(plan.report.policies));
    assert.equal(finding.enforcementLevel, "mandatory");
    assert.equal(exitCode(plan.report), 1);
    const report = renderReport(plan);
    assert.match(report, /^ {2}MANDATORY {2}vpc-endpoint-to-adobe-interface-no-private-dns {2}\(privatelink-to-adobe-endpoint\)$/m);
    assert.match(report, /RESULT: a mandatory policy fails/);
  });

  it("an invalid config registers nothing and comes back as errors, each with key and message", async () => {
    const plan = await planOf("broken", INVALID);
    assert.equal(mocks.resources.length, 0);
    assert.deepEqual(plan.report.resources, []);
    assert.deepEqual(
      INVALID_KEYS.filter((key) => !plan.report.errors.some((e) => e.key === key)),
      [],
    );
    assert.equal(exitCode(plan.report), 1);
    assert.equal(renderDiagram(plan), "");
  });

  it("errorsOf turns a RunError or a component's ResourceError into one error, and leaves bugs to propagate", async () => {
    const pulumi = await import("@pulumi/pulumi");
    assert.deepEqual(errorsOf(new pulumi.RunError("too many rules")), [{ key: "(program)", message: "too many rules" }]);
    assert.deepEqual(errorsOf(new pulumi.ResourceError("quota exceeded", undefined, true)), [
      { key: "(program)", message: "quota exceeded" },
    ]);
    assert.equal(errorsOf(new TypeError("undefined is not a function")), undefined);
  });

  it("before Adobe sends its service, the diagram draws the leg to Adobe dashed and the report has no targets", async () => {
    const config = clone(exampleStack("aws-unidirectional"));
    delete (config["commerce-privatelink:adobe"] as Record<string, unknown>).endpointService;
    const plan = await planOf("aws-unidirectional", config);
    assert.equal(plan.report.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint").length, 0);
    const diagram = renderDiagram(plan);
    assert.match(diagram, /clients -\.->\|"TCP 3306 mysql, 2222 sftp, once Adobe sends its endpoint service"\| adobe_service/);
    assert.match(diagram, /adobe_service\["Adobe's endpoint service<br\/>not sent yet"\]/);
    assert.match(renderReport(plan), /None yet: no endpoint exists until Adobe sends its service\./);
  });

  it("wrap breaks at spaces within the width, keeps the prefix, and never splits a long identifier", () => {
    const id = `vpce-${"0".repeat(120)}`;
    const lines = wrap(`  | ${"word ".repeat(40)}${id} end`, WIDTH);
    for (const line of lines) assert.ok(line.startsWith("  |"), line);
    assert.ok(lines.includes(`  |     ${id}`), "the identifier whole, on a continuation line of its own");
    assert.ok(lines.filter((line) => !line.includes(id)).every((line) => line.length <= WIDTH));
  });
});

describe("the diagrams in the docs", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  for (const stack of EXAMPLE_STACKS) {
    it(`${stack}: docs/diagrams and the README show what the tool renders today`, async () => {
      const plan = await planStack(mocks, stack, exampleStack(stack), evaluatePlan);
      const diagram = renderDiagram(plan).trim();
      assert.equal(readFileSync(join(ROOT, "docs", "diagrams", `${stack}.mmd`), "utf8").trim(), diagram);
      assert.ok(readme.includes(`**${stack}**\n\n\`\`\`mermaid\n${diagram}\n\`\`\``), `README's ${stack} diagram is out of date`);
    });
  }
});
