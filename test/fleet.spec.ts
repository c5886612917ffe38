/**
 * npm start -- --all (stack discovery, hostile stack files, summary rows, the pool, real worker
 * processes end to end), npm run fleet (orchestration on a fake Automation API, no CLI on PATH) and
 * the CI pipeline to copy.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { LocalProgramArgs, PulumiCommand } from "@pulumi/pulumi/automation";
import {
  type FleetRow,
  findStacks,
  fleetExitCode,
  globMatch,
  planFleet,
  type Planner,
  processPlanner,
  renderFleet,
} from "../tools/fleet-plan";
import { planTarget } from "../tools/fleet-worker";
import { type FleetStack, POLICY_PACK, runFleet, type Workspaces } from "../tools/fleet";
import { main as fleetMain, NO_CLI, USAGE as FLEET_USAGE } from "../tools/fleet-cli";
import type { Io } from "../tools/cli";
import { main as planMain, USAGE } from "../tools/plan-cli";
import { PROJECT_ROOT, STACKS_DIR } from "../tools/paths";
import { BUDGETS, writeFleet } from "../bench/cases";
import { treeRssKb } from "../bench/measure";
import { mocks } from "./setup";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(main: (argv: readonly string[], io: Io) => Promise<number>, args: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (c) => void (stdout += c), stderr: (c) => void (stderr += c) });
  return { code, stdout, stderr };
}

const example = (stack: string): string => join(STACKS_DIR, `Pulumi.${stack}.yaml`);

describe("npm start -- --all: the summary", () => {
  it("writes a name's control, bidi and separator characters as escapes, also in a planned stack's directory", () => {
    const row: FleetRow = {
      stack: "shop",
      file: "team\u202e\u2028x/Pulumi.shop.yaml",
      ok: false,
      cloud: null,
      region: null,
      topology: null,
      environment: null,
      legs: {},
      resources: 0,
      mandatory: 0,
      advisory: 0,
      next: null,
      errors: [{ key: "k", message: "m" }],
      blocking: [],
    };
    const text = renderFleet([row]);
    assert.ok(text.includes("shop (team\\u202e\\u2028x/Pulumi.shop.yaml):\n"), text);
    assert.doesNotMatch(text, /[\u202e\u2028]/);
  });
});

describe("npm start -- --all", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fleet-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("finds the stack files of a directory and of a glob in the file name, sorted by stack", () => {
    assert.deepEqual(
      findStacks(STACKS_DIR).map((t) => t.stack),
      ["aws-bidirectional", "aws-unidirectional", "azure-bidirectional", "azure-unidirectional"],
    );
    assert.deepEqual(findStacks(join(STACKS_DIR, "Pulumi.azure-*.yaml")), [
      { stack: "azure-bidirectional", file: example("azure-bidirectional") },
      { stack: "azure-unidirectional", file: example("azure-unidirectional") },
    ]);
    assert.deepEqual(
      findStacks(join(STACKS_DIR, "Pulumi.a?s-*.yaml")).map((t) => t.stack),
      ["aws-bidirectional", "aws-unidirectional"],
    );
  });

  it("matches * and ? as a glob, other characters literally", () => {
    assert.equal(globMatch("Pulumi.*.yaml", "Pulumi.prod.yaml"), true);
    assert.equal(globMatch("Pulumi.*.yaml", "Pulumi.prod.yml"), false);
    assert.equal(globMatch("Pulumi.?.yaml", "Pulumi.ab.yaml"), false);
    assert.equal(globMatch("*a*b", "xaxxb"), true);
    assert.equal(globMatch("*a*b", "xaxxbx"), false);
    assert.equal(globMatch("P[1].yaml", "P[1].yaml"), true);
    assert.equal(globMatch("P.+", "Px+"), false);
    // Many stars against a long name that fails at its end: linear backtracking answers at once.
    assert.equal(globMatch(`${"*a".repeat(30)}*b`, `${"a".repeat(200)}c`), false);
  });

  const usage: [string, string[], (dir: string) => string][] = [
    [
      "a directory that does not exist",
      ["--stacks", "/nonexistent/fleet"],
      () => "--stacks /nonexistent/fleet: no such directory or stack file",
    ],
    [
      "wildcards in the directory",
      ["--stacks", join(STACKS_DIR, "*", "Pulumi.x.yaml")],
      () => `--stacks ${join(STACKS_DIR, "*", "Pulumi.x.yaml")}: wildcards only in the file name, not in the directory`,
    ],
    [
      "a glob that matches nothing",
      ["--stacks", join(STACKS_DIR, "Pulumi.gcp-*.yaml")],
      () => `--stacks ${join(STACKS_DIR, "Pulumi.gcp-*.yaml")}: no stack files (Pulumi.<stack>.yaml) there`,
    ],
    ["a directory without stack files", ["--stacks", "<dir>"], (d) => `--stacks ${d}: no stack files (Pulumi.<stack>.yaml) there`],
    ["--stack with --all", ["--stack", "aws-bidirectional"], () => "--stack only applies to one stack's plan, not to --all"],
    [
      "--config, --diagram and --force with --all",
      ["--config", example("aws-bidirectional"), "--diagram", "x.mmd", "--force"],
      () => "--config, --diagram, --force only applies to one stack's plan, not to --all",
    ],
    ["--all twice", ["--all"], () => "--all given more than once"],
  ];
  for (const [what, args, message] of usage) {
    it(`refuses ${what} in one line, exit 2`, async () => {
      writeFileSync(join(dir, "README.md"), "not a stack\n");
      const result = await run(planMain, ["--all", ...args.map((a) => (a === "<dir>" ? dir : a))]);
      assert.deepEqual(result, { code: 2, stdout: "", stderr: `error: ${message(dir)}\n${USAGE}\n` });
    });
  }

  it("refuses --stacks without --all, and a stack with two files", async () => {
    assert.deepEqual(await run(planMain, ["--stacks", STACKS_DIR]), {
      code: 2,
      stdout: "",
      stderr: `error: --stacks only applies to --all\n${USAGE}\n`,
    });
    copyFileSync(example("aws-bidirectional"), join(dir, "Pulumi.prod.yaml"));
    copyFileSync(example("aws-bidirectional"), join(dir, "Pulumi.prod.yml"));
    assert.deepEqual(await run(planMain, ["--all", "--stacks", dir]), {
      code: 2,
      stdout: "",
      stderr: `error: stack prod has two files in ${dir}, Pulumi.prod.yaml and Pulumi.prod.yml: keep one\n${USAGE}\n`,
    });
  });

  it("summarizes a plan: cloud, region, environment, legs, resources, next step", async () => {
    const row = await planTarget(mocks, { stack: "aws-unidirectional", file: example("aws-unidirectional") });
    assert.deepEqual(
      { ...row, next: row.next?.step },
      {
        stack: "aws-unidirectional",
        file: example("aws-unidirectional"),
        cloud: "aws",
        region: "us-east-1",
        topology: "unidirectional",
        environment: "staging",
        legs: { "customer-to-adobe": "awaiting-adobe-approval" },
        resources: 7,
        mandatory: 0,
        advisory: 0,
        next: "4",
        errors: [],
        blocking: [],
        ok: true,
      },
    );
  });

  it("runs at most `concurrency` planners at once, closes each, and reports every stack in order", async () => {
    let busy = 0;
    let peak = 0;
    let closed = 0;
    const planner = (): Planner => ({
      async plan(target) {
        busy++;
        peak = Math.max(peak, busy);
        await new Promise((r) => setTimeout(r, 5));
        busy--;
        return planTarget(mocks, target);
      },
      close: () => {
        closed++;
      },
    });
    const targets = ["a", "b", "c", "d", "e"].map((stack) => ({ stack, file: join(dir, `Pulumi.${stack}.yaml`) }));
    const rows = await planFleet(targets, 2, planner);
    assert.equal(peak, 2);
    assert.equal(closed, 2);
    assert.deepEqual(
      rows.map((r) => [r.stack, r.errors]),
      targets.map((t) => [t.stack, [{ key: "(stack file)", message: `cannot read stack file ${t.file}: ENOENT` }]]),
    );
    assert.equal(fleetExitCode(rows), 1);
  });

  describe("in real worker processes", function () {
    // Worker processes load the SDK and the program through ts-node: seconds each on a busy machine.
    this.timeout(180_000);

    it("plans a directory of hostile stack files: every stack reported, exit 1, nothing outside followed", async () => {
      const outside = mkdtempSync(join(tmpdir(), "fleet-outside-"));
      try {
        copyFileSync(example("aws-unidirectional"), join(dir, "Pulumi.shop-staging.yaml"));
        copyFileSync(example("azure-bidirectional"), join(dir, "Pulumi.shop-prod.yml"));
        // YAML 1.1 (the CLI) reads 010 as 8, YAML 1.2 as 10: refused, as for one stack.
        const text = readFileSync(example("aws-unidirectional"), "utf8");
        writeFileSync(join(dir, "Pulumi.octal.yaml"), text.replace("port: 3306", "port: 010"));
        writeFileSync(join(dir, "Pulumi.huge.yaml"), `${text}#${"x".repeat(64 * 1024)}\n`);
        // A link out of the directory is not followed, however valid its target.
        copyFileSync(example("aws-bidirectional"), join(outside, "Pulumi.elsewhere.yaml"));
        symlinkSync(join(outside, "Pulumi.elsewhere.yaml"), join(dir, "Pulumi.link.yaml"));
        writeFileSync(join(dir, "Pulumi.bad name\u001b[31m.yaml"), text);
        mkdirSync(join(dir, "Pulumi.folder.yaml"));

        const result = await run(planMain, ["--all", "--stacks", dir, "--json"]);
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stderr, "");
        const rows = (JSON.parse(result.stdout) as { stacks: FleetRow[] }).stacks;
        const summary = rows.map((r) => [r.stack, r.ok, r.cloud, r.environment, r.legs, r.resources, r.errors.map((e) => e.message)]);
        assert.deepEqual(summary, [
          [
            "bad name\\u001b[31m",
            false,
            null,
            null,
            {},
            0,
            [
              'the file name gives the stack name "bad name\\u001b[31m": a stack name is letters, digits, -, _ and ., starting with a letter or digit; rename the file',
            ],
          ],
          ["folder", false, null, null, {}, 0, [`stack file ${join(dir, "Pulumi.folder.yaml")} is a directory, not a file`]],
          [
            "huge",
            false,
            null,
            null,
            {},
            0,
            [`stack file ${join(dir, "Pulumi.huge.yaml")} is larger than 64 KiB; a stack file is a few lines of config`],
          ],
          [
            "link",
            false,
            null,
            null,
            {},
            0,
            [
              `stack file ${join(dir, "Pulumi.link.yaml")} is a symbolic link: only files in the directory named are read, not where a link leads`,
            ],
          ],
          [
            "octal",
            false,
            null,
            null,
            {},
            0,
            [
              `${join(dir, "Pulumi.octal.yaml")}: config.commerce-privatelink:adobe.ports[0].port reads as 8 to the Pulumi CLI (YAML 1.1) but as 10 in YAML 1.2; quote the value, or write it so both read the same`,
            ],
          ],
          [
            "shop-prod",
            true,
            "azure",
            "staging",
            { "customer-to-adobe": "awaiting-adobe-approval", "adobe-to-customer": "awaiting-customer-approval" },
            9,
            [],
          ],
          ["shop-staging", true, "aws", "staging", { "customer-to-adobe": "awaiting-adobe-approval" }, 7, []],
        ]);
        const text2 = renderFleet(rows);
        assert.match(text2, /^STACK +CLOUD +REGION +TOPOLOGY +ENVIRONMENT +PHASE OF EACH LEG +RESOURCES +MANDATORY +ADVISORY +NEXT$/m);
        assert.match(text2, /^shop-staging +aws +us-east-1 +unidirectional +staging +to-adobe: awaiting-adobe-approval +7 +0 +0 +step 4$/m);
        assert.match(text2, /^octal +- +- +- +- +INVALID \(1 errors\) +0 +0 +0 +-$/m);
        assert.ok(
          text2.endsWith("7 stacks: 2 ready, 5 invalid, 0 failing a mandatory policy. Each stack's report: npm start -- --config <file>\n"),
        );
        assert.ok(!text2.includes("\u001b"));
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it("stops a planner that takes longer than its timeout and reports that stack; the next stack gets a new process", async () => {
      const planner = processPlanner(1);
      try {
        for (const stack of ["aws-unidirectional", "azure-unidirectional"]) {
          const target = { stack, file: example(stack) };
          const stopped = await planner.plan(target);
          assert.equal(stopped.stack, stack);
          assert.equal(stopped.ok, false);
          assert.deepEqual(stopped.errors, [
            {
              key: "(plan)",
              message: `not planned within 0.001 s, so its planner was stopped; plan it alone (npm start -- --config ${target.file}) to see where it stops`,
            },
          ]);
        }
      } finally {
        planner.close();
      }
    });
  });
});

describe("the bench's fleet case", () => {
  it("writes the example stacks in turn under distinct names, which --all finds as that many stacks", () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-bench-"));
    try {
      writeFleet(dir, BUDGETS.fleet.stacks);
      const targets = findStacks(dir);
      assert.equal(targets.length, 100);
      assert.deepEqual(
        targets.slice(0, 5).map((t) => t.stack),
        [
          "m001-aws-unidirectional",
          "m002-aws-bidirectional",
          "m003-azure-unidirectional",
          "m004-azure-bidirectional",
          "m005-aws-unidirectional",
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sums the resident memory of a process and its descendants", async () => {
    // A node process (about 40 MB resident) that starts another: the tree holds both.
    const code = `require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"], { stdio: "inherit" }); setTimeout(() => {}, 5000)`;
    const parent = spawn(process.execPath, ["-e", code], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const kb = treeRssKb(parent.pid ?? -1) ?? 0;
      assert.ok(kb > 60_000 && kb < 400_000, String(kb));
      assert.equal(treeRssKb(2 ** 22 + 1), 0);
    } finally {
      parent.kill();
    }
  });
});

describe("npm run fleet", function () {
  const calls: string[] = [];
  function fake(failing: string): Workspaces {
    const stack = (args: LocalProgramArgs): FleetStack => ({
      name: args.stackName,
      preview: (opts) => {
        calls.push(`preview ${args.stackName} ${String(opts?.policyPacks)}`);
        if (args.stackName === failing) return Promise.reject(new Error("command failed\nerror: preview failed: no credentials\n"));
        return Promise.resolve({ stdout: "", stderr: "", changeSummary: { create: 7 } });
      },
      up: (opts) => {
        calls.push(`up ${args.stackName} ${String(opts?.policyPacks)}`);
        return Promise.resolve({
          stdout: "",
          stderr: "",
          outputs: {},
          summary: {
            kind: "update",
            version: 1,
            startTime: new Date(0),
            endTime: new Date(0),
            message: "",
            environment: {},
            config: {},
            result: "succeeded",
            resourceChanges: { same: 6, update: 1 },
          },
        });
      },
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
    const results = await runFleet("preview", findStacks(STACKS_DIR), { concurrency: 2, workspaces: fake("aws-unidirectional") });
    assert.deepEqual(
      results.map((r) => [r.stack, r.operation, r.ok, r.error ?? r.changes]),
      [
        ["aws-bidirectional", "preview", true, { create: 7 }],
        ["aws-unidirectional", "preview", false, "error: preview failed: no credentials"],
        ["azure-bidirectional", "preview", true, { create: 7 }],
        ["azure-unidirectional", "preview", true, { create: 7 }],
      ],
    );
    assert.deepEqual(calls.filter((c) => c.startsWith("preview")).sort(), [
      `preview aws-bidirectional ${POLICY_PACK}`,
      `preview aws-unidirectional ${POLICY_PACK}`,
      `preview azure-bidirectional ${POLICY_PACK}`,
      `preview azure-unidirectional ${POLICY_PACK}`,
    ]);
  });

  it("updates with the policy pack and counts the engine's changes", async () => {
    calls.length = 0;
    const results = await runFleet("up", findStacks(join(STACKS_DIR, "Pulumi.azure-u*.yaml")), { concurrency: 1, workspaces: fake("") });
    assert.deepEqual(calls, ["create azure-unidirectional", `up azure-unidirectional ${POLICY_PACK}`]);
    assert.deepEqual(results[0]?.changes, { same: 6, update: 1 });
  });

  it("refresh selects existing stacks only", async () => {
    calls.length = 0;
    const results = await runFleet("refresh", findStacks(join(STACKS_DIR, "Pulumi.aws-b*.yaml")), { concurrency: 1, workspaces: fake("") });
    assert.deepEqual(calls, ["select aws-bidirectional"]);
    assert.equal(results[0]?.error, "error: no stack named 'x' found");
  });

  it("runs the whole command on the Automation API: progress on stderr, one summary, exit 1 when a stack failed", async () => {
    calls.length = 0;
    // The CLI found on PATH: the fake workspace never runs it.
    const cli = { command: "pulumi", version: null } as unknown as PulumiCommand;
    let stdout = "";
    let stderr = "";
    const code = await fleetMain(
      ["preview", "--stacks", join(STACKS_DIR, "Pulumi.aws-*.yaml"), "--concurrency", "1"],
      { stdout: (c) => void (stdout += c), stderr: (c) => void (stderr += c) },
      { workspaces: fake("aws-unidirectional"), findCli: () => Promise.resolve(cli) },
    );
    assert.equal(code, 1);
    assert.deepEqual(calls, [
      "create aws-bidirectional",
      `preview aws-bidirectional ${POLICY_PACK}`,
      "create aws-unidirectional",
      `preview aws-unidirectional ${POLICY_PACK}`,
    ]);
    assert.match(
      stderr,
      /^pulumi preview of 2 stacks, 1 at a time \.\.\.\naws-bidirectional: ok \([\d.]+ s\)\naws-unidirectional: FAILED \([\d.]+ s\)\n$/,
    );
    assert.match(
      stdout,
      /^STACK +RESULT {2}SECONDS {2}CHANGES OR ERROR\naws-bidirectional +ok +[\d.]+ {2}create 7\naws-unidirectional +FAILED +[\d.]+ {2}error: preview failed: no credentials\n\npulumi preview of 2 stacks: 1 ok, 1 failed.\n$/,
    );
  });

  it("refuses stack files outside stacks/, whose config the CLI would not read, before looking for the CLI", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-elsewhere-"));
    try {
      copyFileSync(example("aws-bidirectional"), join(dir, "Pulumi.prod.yaml"));
      assert.deepEqual(await run(fleetMain, ["up", "--stacks", dir]), {
        code: 2,
        stdout: "",
        stderr: `error: --stacks ${dir}: the Pulumi CLI reads each stack's config from ${STACKS_DIR} (stackConfigDir of Pulumi.yaml), not from ${dir}: move the files there, or plan them offline with npm start -- --all --stacks\n${FLEET_USAGE}\n`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a stack whose file name is no stack name as failed, without running it", async () => {
    calls.length = 0;
    const results = await runFleet("up", [{ stack: "a b", file: "stacks/Pulumi.a b.yaml", refusal: "not a stack name" }], {
      concurrency: 1,
      workspaces: fake(""),
    });
    assert.deepEqual(calls, []);
    assert.deepEqual(results, [{ stack: "a b", operation: "up", ok: false, error: "not a stack name", seconds: 0 }]);
  });

  it("says in one line that there is no Pulumi CLI on PATH, exit 2", async function () {
    this.timeout(30_000);
    const empty = mkdtempSync(join(tmpdir(), "fleet-path-"));
    const path = process.env.PATH;
    process.env.PATH = empty;
    try {
      assert.deepEqual(await run(fleetMain, ["preview"]), { code: 2, stdout: "", stderr: NO_CLI });
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    }
    assert.equal(NO_CLI.split("\n").length, 2);
  });

  it("refuses an unknown operation and a bad --concurrency before looking for the CLI", async () => {
    assert.deepEqual(await run(fleetMain, ["destroy"]), {
      code: 2,
      stdout: "",
      stderr: `error: unknown operation "destroy": give preview, up or refresh\n${FLEET_USAGE}\n`,
    });
    assert.deepEqual(await run(fleetMain, ["up", "--concurrency", "0"]), {
      code: 2,
      stdout: "",
      stderr: `error: --concurrency must be a whole number from 1 to 32, got "0"\n${FLEET_USAGE}\n`,
    });
  });
});

describe("docs/ci/github-actions.yml", () => {
  interface Step {
    readonly id?: string;
    readonly if?: string;
    readonly run?: string;
    readonly uses?: string;
    readonly with?: Record<string, string>;
    readonly env?: Record<string, string>;
  }
  interface Job {
    readonly needs?: string[];
    readonly if?: string;
    readonly permissions?: Record<string, string>;
    readonly environment?: string;
    readonly strategy?: { matrix: string };
    readonly steps: Step[];
  }
  const source = readFileSync(join(PROJECT_ROOT, "docs", "ci", "github-actions.yml"), "utf8");
  const ci = parse(source) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
  const job = (name: string): Job => {
    const found = ci.jobs[name];
    assert.ok(found, name);
    return found;
  };
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

  it("runs on pull requests and pushes to main, reading only by default", () => {
    assert.deepEqual(ci.on, { pull_request: null, push: { branches: ["main"] } });
    assert.deepEqual(ci.permissions, { contents: "read" });
    assert.deepEqual(Object.keys(ci.jobs), ["test", "stacks", "preview", "up"]);
    assert.deepEqual(job("preview").needs, ["test", "stacks"]);
    assert.deepEqual(job("up").needs, ["test", "stacks"]);
    assert.match(job("preview").if ?? "", /^github\.event_name == 'pull_request'/);
    assert.match(job("up").if ?? "", /^github\.event_name == 'push'/);
  });

  it("reaches Pulumi Cloud, AWS and Azure through OIDC only: id-token: write, no stored key", () => {
    for (const name of ["preview", "up"]) {
      assert.deepEqual(job(name).permissions, { contents: "read", "id-token": "write" });
      const steps = job(name).steps;
      assert.ok(steps.some((s) => s.uses === "pulumi/auth-actions@v1"));
      const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      assert.deepEqual(Object.keys(aws?.with ?? {}), ["role-to-assume", "aws-region"]);
      const azure = steps.find((s) => s.uses?.startsWith("azure/login@"));
      assert.deepEqual(Object.keys(azure?.with ?? {}), ["client-id", "tenant-id", "subscription-id"]);
      assert.equal(steps.find((s) => s.run?.startsWith("pulumi "))?.env?.ARM_USE_OIDC, "true");
    }
    for (const name of ["test", "stacks"]) assert.equal(job(name).permissions, undefined);
    // No secret, access key or client secret anywhere: identities come from repository variables.
    assert.doesNotMatch(source, /secrets\.|access-key|client-secret|PULUMI_ACCESS_TOKEN/i);
  });

  it("runs npm ci, npm test and the offline plan of every stack, and only commands package.json has", () => {
    assert.deepEqual(
      job("test").steps.flatMap((s) => (s.run ? [s.run] : [])),
      ["npm ci", "npm test", "npm start -s -- --all --json > fleet-plan.json"],
    );
    const runs = Object.values(ci.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
    for (const run of runs) {
      for (const [, script] of run.matchAll(/\bnpm run (?:-s )?([\w:-]+)/g)) assert.ok(script !== undefined && script in scripts, run);
      for (const [, command] of run.matchAll(/\bnpm (?!run\b)([\w-]+)/g)) {
        // npm ci is npm's own; npm start and npm test are scripts of package.json.
        assert.ok(command === "ci" || (command !== undefined && command in scripts), run);
      }
    }
  });

  it("previews each changed stack with the policy pack; updates on main, production behind its environment", () => {
    for (const name of ["preview", "up"]) assert.equal(job(name).strategy?.matrix, "${{ fromJSON(needs.stacks.outputs.matrix) }}");
    const pulumi = (name: string): string | undefined => job(name).steps.find((s) => s.run?.startsWith("pulumi "))?.run;
    assert.equal(pulumi("preview"), 'pulumi preview --stack "${{ matrix.stack }}" --policy-pack policy --diff --non-interactive');
    assert.equal(pulumi("up"), 'pulumi up --stack "${{ matrix.stack }}" --policy-pack policy --yes --non-interactive');
    assert.equal(job("up").environment, "${{ matrix.environment }}");
    assert.equal(job("preview").environment, undefined);
  });

  it("builds the matrix of changed stacks, production stacks in the production environment", () => {
    const script = job("stacks").steps.find((s) => s.id === "changed")?.run ?? "";
    const program = /node -e '([^']+)'/.exec(script)?.[1];
    assert.ok(program, "the matrix script");
    const matrix = (changed: readonly string[]): unknown => {
      const work = mkdtempSync(join(tmpdir(), "fleet-ci-"));
      try {
        mkdirSync(join(work, "stacks"));
        for (const stack of ["aws-bidirectional", "aws-unidirectional", "azure-unidirectional"])
          copyFileSync(example(stack), join(work, "stacks", `Pulumi.${stack}.yaml`));
        writeFileSync(join(work, "changed.txt"), changed.join("\n"));
        const output = join(work, "output");
        const ran = spawnSync(process.execPath, ["-e", program], {
          cwd: work,
          encoding: "utf8",
          env: { ...process.env, GITHUB_OUTPUT: output, NODE_PATH: join(PROJECT_ROOT, "node_modules") },
        });
        assert.equal(ran.status, 0, ran.stderr);
        const line = readFileSync(output, "utf8");
        assert.ok(line.startsWith("matrix="), line);
        return JSON.parse(line.slice("matrix=".length));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    };
    assert.deepEqual(matrix(["stacks/Pulumi.aws-unidirectional.yaml", "README.md"]), {
      include: [{ stack: "aws-unidirectional", cloud: "aws", region: "us-east-1", environment: "staging" }],
    });
    // A change to the program touches every stack; adobe.environment: production waits for approval.
    assert.deepEqual(matrix(["index.ts"]), {
      include: [
        { stack: "aws-bidirectional", cloud: "aws", region: "us-east-1", environment: "production" },
        { stack: "aws-unidirectional", cloud: "aws", region: "us-east-1", environment: "staging" },
        { stack: "azure-unidirectional", cloud: "azure", region: "eastus", environment: "production" },
      ],
    });
    assert.deepEqual(matrix(["docs/ci/github-actions.yml"]), { include: [] });
  });
});
