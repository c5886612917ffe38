/**
 * `npm run policy`: the policy CLI over files in the offline plan's JSON shape. Exit 0 when no
 * mandatory policy fails, 1 when one does, 2 on usage and file errors (one line and the usage, never a
 * stack trace). The CLI's `main` runs in-process; one run of the real entry point as a child process
 * proves the exit status.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../tools/policy-cli";
import { compiledTool } from "./harness";

const ROOT = join(__dirname, "..");
const ADOBE = "arn:aws:iam::402592597372:root";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI's `main` in-process, with its output captured. */
async function run(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, {
    stdout: (chunk) => void (stdout += chunk),
    stderr: (chunk) => void (stderr += chunk),
  });
  return { status, stdout, stderr };
}

/** The real entry point in a child process (it loads ts-node and the policy pack: a few seconds). */
function spawn(...args: string[]): Run {
  const result = spawnSync(process.execPath, [...compiledTool("policy-cli"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function planResource(type: string, name: string, inputs: Record<string, unknown>, protect = true): Record<string, unknown> {
  return { urn: `urn:pulumi:dev::commerce-privatelink::${type}::${name}`, type, name, parent: null, custom: true, inputs, protect };
}

/** A compliant AWS bidirectional plan (the shape `npm start -- --json` writes). */
function awsPlan(
  change: { service?: Record<string, unknown>; lb?: Record<string, unknown>; outputs?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    project: "commerce-privatelink",
    stack: "dev",
    cloud: "aws",
    topology: "bidirectional",
    errors: [],
    resources: [
      planResource("pulumi:providers:aws", "privatelink", { region: "us-east-1" }, false),
      planResource("aws:ec2/vpcEndpoint:VpcEndpoint", "privatelink-to-adobe-endpoint", {
        serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718",
        vpcEndpointType: "Interface",
        privateDnsEnabled: false,
        vpcId: "vpc-1",
        tags: { owner: "x" },
      }),
      planResource(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "privatelink-to-adobe-ingress-mysql",
        { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv4: "10.20.0.0/16", securityGroupId: "sg-1" },
        false,
      ),
      planResource("aws:lb/loadBalancer:LoadBalancer", "privatelink-from-adobe-nlb", {
        internal: true,
        loadBalancerType: "network",
        enableDeletionProtection: true,
        tags: { owner: "x" },
        ...change.lb,
      }),
      planResource("aws:ec2/vpcEndpointService:VpcEndpointService", "privatelink-from-adobe-service", {
        acceptanceRequired: true,
        allowedPrincipals: [ADOBE],
        tags: { owner: "x" },
        ...change.service,
      }),
    ],
    outputs: { cloud: "aws", region: "us-east-1", topology: "bidirectional", ...change.outputs },
    policies: [],
  };
}

describe("npm run policy (tools/policy-cli.ts)", () => {
  let dir: string;
  const write = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "policy-cli-"));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 on a compliant plan and says every policy passes, with the config it derived", async () => {
    const result = await run(write("ok.json", awsPlan({ outputs: { environment: "production" } })));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /0 finding\(s\), 0 mandatory, over 5 resource\(s\)/);
    assert.match(result.stdout, /policy config: cloud=aws region=us-east-1 environment=production/);
    assert.match(result.stdout, /Every policy passes\./);
  });

  it("(child process) exits 1 when a mandatory policy fails, and --json lists the finding", function () {
    // Starts node with ts-node (a few seconds on a busy machine).
    this.timeout(120_000);
    const result = spawn(write("bad.json", awsPlan({ service: { acceptanceRequired: false } })), "--json");
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.config, { cloud: "aws", region: "us-east-1" });
    assert.deepEqual(
      (report.findings as { policy: string; enforcementLevel: string; urn: string }[]).map((f) => [f.policy, f.enforcementLevel, f.urn]),
      [
        [
          "vpc-endpoint-service-acceptance-required",
          "mandatory",
          "urn:pulumi:dev::commerce-privatelink::aws:ec2/vpcEndpointService:VpcEndpointService::privatelink-from-adobe-service",
        ],
      ],
    );
    assert.match(report.findings[0].message, /CKV_AWS_123/);
  });

  it("exits 0 with only advisory findings, and --environment turns on the production-only policies", async () => {
    const plan = write("staging.json", awsPlan({ lb: { enableDeletionProtection: false } }));
    const advisory = await run(plan);
    assert.equal(advisory.status, 0, advisory.stderr);
    assert.match(advisory.stdout, /ADVISORY {2}load-balancer-deletion-protection-non-production/);
    assert.match(advisory.stdout, /environment unknown/);
    const production = await run(plan, "--environment", "production");
    assert.equal(production.status, 1);
    assert.match(production.stdout, /MANDATORY {2}load-balancer-deletion-protection-production/);
  });

  it("takes ports and level overrides from a --policy-pack-config file", async () => {
    const plan = write("ports.json", awsPlan());
    const strict = write("strict.json", { "security-group-ingress-configured-ports": { ports: [2222] } });
    const result = await run(plan, "--config", strict, "--json");
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout).findings as { policy: string }[]).map((f) => f.policy),
      ["security-group-ingress-configured-ports"],
    );
    const relaxed = write("relaxed.json", { "security-group-ingress-configured-ports": { enforcementLevel: "advisory", ports: [2222] } });
    assert.equal((await run(plan, "--config", relaxed)).status, 0);
  });

  for (const [what, args, message] of [
    ["a missing file", ["/nonexistent/plan.json"], /cannot read \/nonexistent\/plan\.json/],
    ["no file", [], /missing the plan file/],
    ["an unknown option", ["x.json", "--yaml"], /unknown option --yaml/],
    ["a flag without its value", ["x.json", "--environment"], /--environment needs a value/],
  ] as const) {
    it(`exits 2 with one error line and the usage on ${what}`, async () => {
      const result = await run(...args);
      assert.equal(result.status, 2);
      const lines = result.stderr.trim().split("\n");
      assert.match(lines[0] ?? "", message);
      assert.match(lines[1] ?? "", /^usage: npm run policy -- <plan\.json>/);
      assert.equal(lines.length, 2);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    });
  }

  it("exits 2 on a file that is not a plan: bad JSON, no resources, recorded config errors, a bad --config", async () => {
    const broken = await run(write("broken.json", "{"));
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /^error: .*broken\.json is not valid JSON/);
    assert.equal((await run(write("nores.json", { project: "p" }))).status, 2);
    const errors = await run(
      write("errors.json", { ...awsPlan(), resources: [], errors: [{ key: "region", message: "is not an AWS region" }] }),
    );
    assert.equal(errors.status, 2);
    assert.match(errors.stderr, /records 1 config error\(s\), so nothing was planned; first: region: is not an AWS region/);
    const badConfig = await run(write("ok2.json", awsPlan()), "--config", write("bad-config.json", { "no-such-policy": "advisory" }));
    assert.equal(badConfig.status, 2);
    assert.match(badConfig.stderr, /not a policy of this pack/);
  });

  it("prints help and exits 0", async () => {
    const result = await run("--help");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Exit status: 0 no mandatory policy fails; 1 a mandatory policy fails; 2 usage or file error/);
  });
});
