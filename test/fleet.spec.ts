/** npm start -- --all (summary rows, pool) and npm run fleet (orchestration on a fake Automation API), and the CI pipeline. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { LocalProgramArgs } from "@pulumi/pulumi/automation";
import { findStacks, fleetExitCode, planFleet, type Planner } from "../tools/fleet-plan";
import { planTarget } from "../tools/fleet-worker";
import { type FleetStack, POLICY_PACK, runFleet, type Workspaces } from "../tools/fleet";
import { main, NO_CLI } from "../tools/fleet-cli";
import { PROJECT_ROOT, STACKS_DIR } from "../tools/paths";
import { mocks } from "./setup";

describe("npm start -- --all", function () {
  this.timeout(30_000);
  it("finds the stack files of a directory and of a glob, sorted", () => {
    assert.deepEqual(
      findStacks(STACKS_DIR).map((t) => t.stack),
      ["aws-bidirectional", "aws-unidirectional", "azure-bidirectional", "azure-unidirectional"],
    );
    assert.deepEqual(
      findStacks(join(STACKS_DIR, "Pulumi.azure-*.yaml")).map((t) => t.stack),
      ["azure-bidirectional", "azure-unidirectional"],
    );
    assert.throws(() => findStacks(join(STACKS_DIR, "Pulumi.gcp-*.yaml")), /no stack files/);
  });

  it("summarizes a plan: cloud, region, environment, legs, resources, next step", async () => {
    const row = await planTarget(mocks, { stack: "aws-unidirectional", file: join(STACKS_DIR, "Pulumi.aws-unidirectional.yaml") });
    assert.equal(row.ok, true);
    assert.equal(row.cloud, "aws");
    assert.equal(row.region, "us-east-1");
    assert.equal(row.environment, "staging");
    assert.deepEqual(row.legs, { "customer-to-adobe": "awaiting-adobe-approval" });
    assert.equal(row.resources, 7);
    assert.equal(row.next?.step, "4");
  });

  it("runs at most `concurrency` planners at once and reports every stack in order", async () => {
    let busy = 0;
    let peak = 0;
    let closed = 0;
    const planner = (): Planner => ({
      async plan(target) {
        busy++;
        peak = Math.max(peak, busy);
        await new Promise((r) => setTimeout(r, 5));
        busy--;
        const row = await planTarget(mocks, { stack: "x", file: "/nonexistent/Pulumi.x.yaml" });
        return { ...row, stack: target.stack };
      },
      close: () => void closed++,
    });
    const targets = ["a", "b", "c", "d", "e"].map((stack) => ({ stack, file: `/nonexistent/Pulumi.${stack}.yaml` }));
    const rows = await planFleet(targets, 2, planner);
    assert.equal(peak, 2);
    assert.equal(closed, 2);
    assert.deepEqual(
      rows.map((r) => r.stack),
      ["a", "b", "c", "d", "e"],
    );
    assert.equal(rows[0]?.errors[0]?.key, "(stack file)");
    assert.equal(fleetExitCode(rows), 1);
  });
});

describe("npm run fleet", function () {
  const calls: string[] = [];
  function fake(failing: string): Workspaces {
    const stack = (args: LocalProgramArgs): FleetStack => ({
      name: args.stackName,
      preview: async (opts) => {
        calls.push(`preview ${args.stackName} ${String(opts?.policyPacks)}`);
        if (args.stackName === failing) throw new Error("command failed\nerror: preview failed: no credentials\n");
        return { stdout: "", stderr: "", changeSummary: { create: 7 } };
      },
      up: () => Promise.reject(new Error("not used")),
      refresh: () => Promise.reject(new Error("not used")),
    });
    return {
      createOrSelectStack: (args) => {
        assert.equal(args.workDir, PROJECT_ROOT);
        calls.push(`create ${args.stackName}`);
        return Promise.resolve(stack(args));
      },
      selectStack: (args) => {
        calls.push(`select ${args.stackName}`);
        return Promise.reject(new Error("error: no stack named 'x' found"));
      },
    };
  }

  it("previews every stack with the policy pack and reports a failure without stopping", async () => {
    calls.length = 0;
    const targets = findStacks(STACKS_DIR);
    const results = await runFleet("preview", targets, { concurrency: 2, workspaces: fake("aws-unidirectional") });
    assert.deepEqual(
      results.map((r) => [r.stack, r.ok, r.error ?? r.changes]),
      [
        ["aws-bidirectional", true, { create: 7 }],
        ["aws-unidirectional", false, "error: preview failed: no credentials"],
        ["azure-bidirectional", true, { create: 7 }],
        ["azure-unidirectional", true, { create: 7 }],
      ],
    );
    assert.ok(calls.includes(`preview aws-bidirectional ${POLICY_PACK}`));
  });

  it("refresh selects existing stacks only", async () => {
    calls.length = 0;
    const results = await runFleet("refresh", findStacks(join(STACKS_DIR, "Pulumi.aws-b*.yaml")), { concurrency: 1, workspaces: fake("") });
    assert.deepEqual(calls, ["select aws-bidirectional"]);
    assert.equal(results[0]?.error, "error: no stack named 'x' found");
  });

  it("says in one line that there is no Pulumi CLI, exit 2", async () => {
    let stderr = "";
    const code = await main(
      ["preview"],
      { stdout: () => undefined, stderr: (c) => void (stderr += c) },
      {
        workspaces: fake(""),
        findCli: () => Promise.resolve(undefined),
      },
    );
    assert.equal(code, 2);
    assert.equal(stderr, NO_CLI);
  });
});

describe("docs/ci/github-actions.yml", () => {
  const ci = parse(readFileSync(join(PROJECT_ROOT, "docs", "ci", "github-actions.yml"), "utf8")) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<
      string,
      {
        permissions?: Record<string, string>;
        environment?: string;
        steps: { run?: string; uses?: string; with?: Record<string, string> }[];
      }
    >;
  };
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

  it("runs on pull requests and main, with OIDC only where clouds are reached", () => {
    assert.deepEqual(Object.keys(ci.on), ["pull_request", "push"]);
    assert.deepEqual(ci.permissions, { contents: "read" });
    assert.deepEqual(Object.keys(ci.jobs), ["test", "stacks", "preview", "up"]);
    for (const job of ["preview", "up"]) {
      assert.equal(ci.jobs[job]?.permissions?.["id-token"], "write");
      const uses = ci.jobs[job]?.steps.map((s) => s.uses ?? "") ?? [];
      const aws = ci.jobs[job]?.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
      assert.ok(aws?.with?.["role-to-assume"]);
      const azure = ci.jobs[job]?.steps.find((s) => s.uses?.startsWith("azure/login"));
      assert.deepEqual(Object.keys(azure?.with ?? {}), ["client-id", "tenant-id", "subscription-id"]);
      assert.ok(uses.some((u) => u.startsWith("pulumi/auth-actions")));
    }
    assert.equal(ci.jobs.up?.environment, "${{ matrix.environment }}");
    assert.ok(!readFileSync(join(PROJECT_ROOT, "docs", "ci", "github-actions.yml"), "utf8").includes("secrets."));
  });

  it("runs npm ci, npm test, the offline plan of every stack, preview with the pack and up", () => {
    const runs = Object.values(ci.jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ? [s.run] : [])));
    assert.ok(runs.includes("npm ci") && runs.includes("npm test"));
    assert.ok(runs.some((r) => r.startsWith("npm start -s -- --all --json")));
    assert.ok(ci.jobs.preview?.steps.some((s) => s.run?.startsWith("pulumi preview") && s.run.includes("--policy-pack policy")));
    assert.ok(ci.jobs.up?.steps.some((s) => s.run?.startsWith("pulumi up")));
    for (const run of runs) {
      for (const [, script] of run.matchAll(/npm run (?:-s )?([\w:-]+)/g)) assert.ok(script && script in scripts, `npm run ${script}`);
      for (const m of run.matchAll(/npm (start|test|ci)\b/g)) assert.ok(m[1] === "ci" || (m[1] ?? "") in scripts, run);
    }
  });
});
