/**
 * `npm run bench`: the performance budgets of issue 9, measured in one run on one machine.
 *
 * Every measured case is a fresh `node` process (module loading is most of the cost of a plan), run
 * `--runs` times; the cases are interleaved run by run, so that other load on the machine spreads over
 * all of them instead of skewing one, and the median is reported. Writes bench/RESULTS.md.
 *
 *   npm run bench -- [--runs N] [--skip-test-run] [--strict] [--only <text>] [--out <file>]
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { AWS_QUOTAS, AZURE_QUOTAS, type Cloud } from "../rules/adobe";
import { readStackFile, type StackConfig } from "../tools/stackfile";
import { type Dimension, withPorts, withServices } from "./generate";
import { describeMachine, loadAverage } from "./machine";
import { hasGnuTime, measure, type Measurement } from "./measure";
import { type ChildReport, parseReport, REPORT_PREFIX } from "./protocol";
import { benchRuntime } from "./runtime";
import { formatMb, formatMs, judgeScaling, type LinearityBudget, linearFit, markdownTable, median, passFail, textTable } from "./stats";

const ROOT = resolve(__dirname, "..");
const STACKS = ["aws-unidirectional", "aws-bidirectional", "azure-unidirectional", "azure-bidirectional"] as const;

/** The budgets of issue 9. */
const BUDGETS = {
  /** An example stack's plan, at most this many times the floor. */
  planVsFloor: 1.5,
  scaling: { maxSlopeMs: 2, minR2: 0.9, maxLastStepRatio: 2, noiseMs: 50 } satisfies LinearityBudget,
  testWallMs: 30_000,
  testPeakKb: 1024 * 1024,
};

const TS_NODE = ["-r", "ts-node/register/transpile-only"];
const CHILD_TIMEOUT_MS = 300_000;

interface Options {
  readonly runs: number;
  readonly skipTestRun: boolean;
  readonly strict: boolean;
  readonly only: string | undefined;
  readonly out: string;
}

function parseArgs(argv: readonly string[]): Options {
  let runs = 5;
  let skipTestRun = false;
  let strict = false;
  let only: string | undefined;
  let out = join(ROOT, "bench", "RESULTS.md");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg ?? ""} needs a value`);
      return next;
    };
    if (arg === "--runs") {
      runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a whole number >= 1");
    } else if (arg === "--skip-test-run") skipTestRun = true;
    else if (arg === "--strict") strict = true;
    else if (arg === "--only") only = value();
    else if (arg === "--out") out = resolve(value());
    else
      throw new Error(
        `unknown option ${arg ?? ""}; usage: npm run bench -- [--runs N] [--skip-test-run] [--strict] [--only <text>] [--out <file>]`,
      );
  }
  return { runs, skipTestRun, strict, only, out };
}

// ---------------------------------------------------------------------------------------------------
// Cases

type Group = "floor" | "example" | "scale" | "scale-js";

interface Case {
  readonly id: string;
  readonly group: Group;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Reads the child's report line (false for commands that print none, like the plan CLI). */
  readonly reports: boolean;
  readonly series?: Series;
  readonly size?: number;
  /** Past-quota cases: the substrings the error must contain. */
  readonly expectError?: readonly string[];
}

interface Series {
  readonly id: string;
  readonly cloud: Cloud;
  readonly dimension: Dimension;
  readonly consecutive: boolean;
  readonly sizes: readonly number[];
  /** One past the quota, or undefined when the series does not reach the quota. */
  readonly past?: { readonly size: number; readonly expect: readonly string[] };
  /** Judged against the marginal-cost budget (the consecutive-ports series only illustrates merging). */
  readonly budgeted: boolean;
  readonly note: string;
}

const NOTHING_PLANNED = "nothing was planned or changed";

const SERIES: readonly Series[] = [
  {
    id: "aws-ports",
    cloud: "aws",
    dimension: "ports",
    consecutive: false,
    sizes: [1, 10, AWS_QUOTAS.inboundRulesPerSecurityGroup],
    past: {
      size: AWS_QUOTAS.inboundRulesPerSecurityGroup + 1,
      expect: [NOTHING_PLANNED, `over the quota of ${AWS_QUOTAS.inboundRulesPerSecurityGroup} inbound rules per group`],
    },
    budgeted: true,
    note: "scattered ports (step 2), 1 client CIDR: one security group rule per port, quota 60 rules",
  },
  {
    id: "aws-ports-consecutive",
    cloud: "aws",
    dimension: "ports",
    consecutive: true,
    sizes: [1, 10, AWS_QUOTAS.inboundRulesPerSecurityGroup + 1, 100],
    budgeted: false,
    note: "consecutive ports: past 60 they merge into one range rule, so 61 and 100 ports fit",
  },
  {
    id: "aws-services",
    cloud: "aws",
    dimension: "services",
    consecutive: false,
    sizes: [1, 10, AWS_QUOTAS.listenersPerLoadBalancer],
    past: {
      size: AWS_QUOTAS.listenersPerLoadBalancer + 1,
      expect: [NOTHING_PLANNED, `exceeds the quota of ${AWS_QUOTAS.listenersPerLoadBalancer} listeners per Network Load Balancer`],
    },
    budgeted: true,
    note: "one listener per service, quota 50",
  },
  {
    id: "azure-ports",
    cloud: "azure",
    dimension: "ports",
    consecutive: false,
    sizes: [1, 10, 100],
    past: {
      size: AZURE_QUOTAS.rulesPerNetworkSecurityGroup,
      expect: [NOTHING_PLANNED, `over Azure's ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup} rules per network security group`],
    },
    budgeted: true,
    note: `measured to 100; the quota is ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup - 1} ports (one NSG rule each plus the final deny)`,
  },
  {
    id: "azure-services",
    cloud: "azure",
    dimension: "services",
    consecutive: false,
    sizes: [1, 10, 100],
    past: {
      size: AZURE_QUOTAS.rulesPerLoadBalancer + 1,
      expect: [
        NOTHING_PLANNED,
        `exceeds the quota of ${AZURE_QUOTAS.rulesPerLoadBalancer} load-balancing rules per Standard Load Balancer`,
      ],
    },
    budgeted: true,
    note: `measured to 100 (practical); the quota is ${AZURE_QUOTAS.rulesPerLoadBalancer} load-balancing rules`,
  },
];

function stackFile(stack: string): string {
  return join(ROOT, "stacks", `Pulumi.${stack}.yaml`);
}

function generatedConfig(series: Series, size: number): StackConfig {
  const base = readStackFile(stackFile(`${series.cloud}-${series.dimension === "ports" ? "unidirectional" : "bidirectional"}`));
  return series.dimension === "ports" ? withPorts(base, series.cloud, size, series.consecutive) : withServices(base, series.cloud, size);
}

/**
 * Compiles the project to JavaScript once (emit only, no type check) in a temporary directory, to show
 * what a plan costs without ts-node. The directory links the project's node_modules so that the
 * compiled files resolve the same packages. Undefined when the compile fails.
 */
function compileProject(dir: string): string | undefined {
  const out = join(dir, "js");
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", ROOT, "--outDir", out, "--noCheck", "--sourceMap", "false"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (tsc.status !== 0 || !existsSync(join(out, "bench", "child.js"))) {
    process.stderr.write(
      `note: compiling the project to JavaScript failed, the precompiled rows are left out\n${tsc.stdout}${tsc.stderr}\n`,
    );
    return undefined;
  }
  symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"), "dir");
  return out;
}

const FLOOR_NODE_CODE = `require("@pulumi/pulumi");process.stdout.write(${JSON.stringify(REPORT_PREFIX)}+JSON.stringify({ok:true,loadedMs:performance.now(),planMs:0,resources:0,maxRssKb:process.resourceUsage().maxRSS})+"\\n")`;

function buildCases(work: string, compiled: string | undefined): Case[] {
  const node = process.execPath;
  const cases: Case[] = [
    {
      id: "node-empty",
      group: "floor",
      label: "node -e 0 (Node start alone, for scale)",
      command: node,
      args: ["-e", "0"],
      reports: false,
    },
    {
      id: "floor-node",
      group: "floor",
      label: "FLOOR: node, require('@pulumi/pulumi')",
      command: node,
      args: ["-e", FLOOR_NODE_CODE],
      reports: true,
    },
    {
      id: "floor-ts-node",
      group: "floor",
      label: "ts-node transpile-only, import '@pulumi/pulumi'",
      command: node,
      args: [...TS_NODE, join(ROOT, "bench", "floor.ts")],
      reports: true,
    },
  ];
  // What `npm start` runs: the plan CLI compiled to build/ by scripts/fresh.js.
  const planCli = join(ROOT, "build", "tools", "plan-cli.js");
  for (const stack of STACKS) {
    cases.push({
      id: `run-${stack}`,
      group: "example",
      label: `${stack}: tools/run.ts (ts-node)`,
      command: node,
      args: [...TS_NODE, join(ROOT, "bench", "child.ts"), "--stack-file", stackFile(stack)],
      reports: true,
    });
    if (existsSync(planCli)) {
      cases.push({
        id: `cli-${stack}`,
        group: "example",
        label: `${stack}: npm start --json (plan CLI from build/)`,
        command: node,
        args: [planCli, "--stack", stack, "--json"],
        reports: false,
      });
    }
    if (compiled !== undefined) {
      cases.push({
        id: `js-${stack}`,
        group: "example",
        label: `${stack}: tools/run.ts precompiled JS (no ts-node)`,
        command: node,
        args: [join(compiled, "bench", "child.js"), "--stack-file", stackFile(stack)],
        reports: true,
      });
    }
  }
  for (const series of SERIES) {
    const sizes = [
      ...series.sizes.map((size) => ({ size, past: false })),
      ...(series.past ? [{ size: series.past.size, past: true }] : []),
    ];
    for (const { size, past } of sizes) {
      const file = join(work, `${series.id}-${size}.json`);
      writeFileSync(file, JSON.stringify(generatedConfig(series, size)));
      cases.push({
        id: `${series.id}-${size}`,
        group: "scale",
        label: `${series.id} x${size}${past ? " (past quota)" : ""}`,
        command: node,
        args: [...TS_NODE, join(ROOT, "bench", "child.ts"), "--config-json", file],
        reports: true,
        series,
        size,
        ...(past && series.past ? { expectError: series.past.expect } : {}),
      });
      // The smallest and largest valid size again without ts-node: the marginal cost of the program
      // itself, without the source-map work ts-node adds to every stack trace the SDK takes.
      const ends = [series.sizes[0], series.sizes[series.sizes.length - 1]];
      if (compiled !== undefined && series.budgeted && !past && ends.includes(size)) {
        cases.push({
          id: `js-${series.id}-${size}`,
          group: "scale-js",
          label: `${series.id} x${size} (precompiled JS)`,
          command: node,
          args: [join(compiled, "bench", "child.js"), "--config-json", file],
          reports: true,
          series,
          size,
        });
      }
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------
// Measuring

interface Sample {
  readonly m: Measurement;
  readonly report: ChildReport | undefined;
}

interface Summary {
  readonly c: Case;
  readonly samples: readonly Sample[];
  readonly wallMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly peakKb: number | undefined;
  readonly loadMs: number | undefined;
  readonly planMs: number | undefined;
  readonly resources: number | undefined;
  /** What went wrong with the case itself (crash, unexpected error, wrong error text). */
  readonly problem: string | undefined;
}

function medianOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : median(known);
}

function checkSample(c: Case, s: Sample): string | undefined {
  const tail = s.m.stderrTail.trim().split("\n").slice(-3).join(" / ");
  if (s.m.signal !== null) return `killed by ${s.m.signal} (timeout ${CHILD_TIMEOUT_MS / 1000} s?)`;
  if (c.expectError !== undefined) {
    if (s.report === undefined) return `crashed without a report: ${tail}`;
    if (s.report.ok) return "planned without error, but the config is past the quota";
    const missing = c.expectError.filter((text) => !(s.report?.error ?? "").includes(text));
    if (missing.length > 0) return `error lacks ${missing.map((t) => JSON.stringify(t)).join(", ")}: ${s.report.error ?? ""}`;
    if (s.report.resources > 0) return `failed after registering ${s.report.resources} resources`;
    return undefined;
  }
  if (c.reports) {
    if (s.report === undefined) return `crashed without a report (exit ${String(s.m.exitCode)}): ${tail}`;
    if (!s.report.ok) return `plan failed: ${s.report.error ?? ""}`;
  }
  // The plan CLI exits 1 when a mandatory policy fails: the plan still ran, so it is timed, but said.
  if (s.m.exitCode !== 0) return `exit ${String(s.m.exitCode)}: ${tail}`;
  return undefined;
}

function summarize(c: Case, samples: readonly Sample[]): Summary {
  const walls = samples.map((s) => s.m.wallMs);
  const problems = samples.map((s) => checkSample(c, s)).filter((p): p is string => p !== undefined);
  return {
    c,
    samples,
    wallMs: median(walls),
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    peakKb: medianOf(samples.map((s) => s.m.timeMaxRssKb ?? s.report?.maxRssKb)),
    loadMs: medianOf(samples.map((s) => s.report?.loadedMs)),
    planMs: medianOf(samples.map((s) => (c.group === "floor" ? undefined : s.report?.planMs))),
    resources: medianOf(samples.map((s) => s.report?.resources)),
    problem: problems[0],
  };
}

async function runCases(cases: readonly Case[], options: Options, useGnuTime: boolean): Promise<Map<string, Summary>> {
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
  const once = async (c: Case): Promise<Sample> => {
    const m = await measure(c.command, c.args, { cwd: ROOT, useGnuTime, keepStdout: c.reports, timeoutMs: CHILD_TIMEOUT_MS });
    return { m, report: c.reports ? parseReport(m.stdout) : undefined };
  };
  // One unmeasured pass over a plan per cloud: the first process after a while pays for a cold file cache.
  for (const c of cases.filter((k) => k.id === "floor-ts-node" || k.id === "run-aws-bidirectional" || k.id === "run-azure-bidirectional")) {
    await once(c);
  }
  for (let run = 1; run <= options.runs; run++) {
    process.stdout.write(`run ${run}/${options.runs} (load ${loadAverage()}): `);
    for (const c of cases) {
      const sample = await once(c);
      samples.get(c.id)?.push(sample);
      process.stdout.write(".");
    }
    process.stdout.write("\n");
  }
  return new Map(cases.map((c) => [c.id, summarize(c, samples.get(c.id) ?? [])]));
}

interface TestRun {
  readonly wallMs: number;
  readonly peakKb: number | undefined;
  readonly exitCode: number | null;
  readonly tail: string;
}

async function runNpmTest(useGnuTime: boolean): Promise<TestRun> {
  process.stdout.write("npm test (once) ...\n");
  const m = await measure("npm", ["test", "--silent"], { cwd: ROOT, useGnuTime, keepStdout: false, timeoutMs: 600_000 });
  return { wallMs: m.wallMs, peakKb: m.timeMaxRssKb, exitCode: m.exitCode, tail: m.stderrTail.trim().split("\n").slice(-5).join("\n") };
}

// ---------------------------------------------------------------------------------------------------
// Report

interface Verdict {
  readonly budget: string;
  readonly measured: string;
  readonly ok: boolean;
}

interface Report {
  readonly markdown: string;
  readonly text: string;
  readonly verdicts: readonly Verdict[];
  readonly problems: readonly string[];
}

function ms(value: number | undefined): string {
  return value === undefined ? "n/a" : formatMs(value);
}

function rest(s: Summary): string {
  return s.loadMs === undefined || s.planMs === undefined ? "n/a" : formatMs(s.wallMs - s.loadMs - s.planMs);
}

function buildReport(summaries: ReadonlyMap<string, Summary>, options: Options, test: TestRun | undefined, context: string[]): Report {
  const all = [...summaries.values()];
  const verdicts: Verdict[] = [];
  const problems = all.filter((s) => s.problem !== undefined).map((s) => `${s.c.label}: ${s.problem ?? ""}`);
  const floor = summaries.get("floor-node");
  const sections: { title: string; header: string[]; rows: string[][]; note?: string }[] = [];

  // Floor and example stacks.
  const baseHeader = ["case", "wall (median)", "min-max", "peak RSS", "load", "plan", "exit+rest", "resources", "vs floor"];
  const vsFloor = (s: Summary): string => (floor ? `${(s.wallMs / floor.wallMs).toFixed(2)}x` : "n/a");
  const row = (s: Summary): string[] => [
    s.c.label,
    formatMs(s.wallMs),
    `${formatMs(s.minMs)}-${formatMs(s.maxMs)}`,
    formatMb(s.peakKb),
    ms(s.loadMs),
    ms(s.planMs),
    rest(s),
    s.resources === undefined ? "n/a" : String(s.resources),
    vsFloor(s),
  ];
  const floors = all.filter((s) => s.c.group === "floor");
  const examples = all.filter((s) => s.c.group === "example");
  if (floors.length + examples.length > 0) {
    sections.push({
      title: "Floor and example stacks",
      header: baseHeader,
      rows: [...floors, ...examples].map(row),
      note:
        "FLOOR = plain node loading @pulumi/pulumi, the floor nothing can beat. load = process start to the end of the imports " +
        "(the child's performance.now()); plan = runProgram; exit+rest = wall - load - plan (process spawn, exit).",
    });
  }
  if (floor) {
    // The budget is on what users run, `npm start`; the other rows show where the time goes.
    for (const s of examples.filter((e) => e.c.id.startsWith("cli-"))) {
      if (s.problem !== undefined && s.c.reports) continue;
      const ratio = s.wallMs / floor.wallMs;
      verdicts.push({
        budget: `${s.c.label} <= ${BUDGETS.planVsFloor}x floor (${formatMs(floor.wallMs * BUDGETS.planVsFloor)})`,
        measured: `${formatMs(s.wallMs)} = ${ratio.toFixed(2)}x`,
        ok: ratio <= BUDGETS.planVsFloor,
      });
    }
  }

  // Scaling.
  const scaleRows: string[][] = [];
  const marginalRows: string[][] = [];
  const pastRows: string[][] = [];
  for (const series of SERIES) {
    const points = series.sizes.map((size) => summaries.get(`${series.id}-${size}`)).filter((s): s is Summary => s !== undefined);
    for (const s of points) {
      scaleRows.push([
        series.id,
        String(s.c.size ?? ""),
        formatMs(s.wallMs),
        formatMb(s.peakKb),
        ms(s.loadMs),
        ms(s.planMs),
        s.resources === undefined ? "n/a" : String(s.resources),
        s.problem ?? "ok",
      ]);
    }
    for (const size of series.sizes) {
      const s = summaries.get(`js-${series.id}-${size}`);
      if (s === undefined) continue;
      scaleRows.push([
        `${series.id} (precompiled JS)`,
        String(size),
        formatMs(s.wallMs),
        formatMb(s.peakKb),
        ms(s.loadMs),
        ms(s.planMs),
        s.resources === undefined ? "n/a" : String(s.resources),
        s.problem ?? "ok",
      ]);
    }
    const valid = points.filter((s) => s.problem === undefined);
    if (valid.length >= 2) {
      const xs = valid.map((s) => s.c.size ?? 0);
      const walls = valid.map((s) => s.wallMs);
      const plans = valid.map((s) => s.planMs ?? 0);
      const fit = linearFit(xs, walls);
      const planFit = linearFit(xs, plans);
      const rssFit = valid.every((s) => s.peakKb !== undefined)
        ? linearFit(
            xs,
            valid.map((s) => s.peakKb ?? 0),
          )
        : undefined;
      // Judged on the child's own clock: the plan is the only part that grows with the size, and the
      // process start and module loading around it only add noise to the slope.
      const verdict = judgeScaling(xs, plans, BUDGETS.scaling);
      const unit = series.dimension === "ports" ? "port" : "service";
      const resourceFit = linearFit(
        xs,
        valid.map((s) => s.resources ?? 0),
      );
      const jsPoints = series.sizes
        .map((size) => summaries.get(`js-${series.id}-${size}`))
        .filter((s): s is Summary => s !== undefined && s.problem === undefined);
      const jsFit =
        jsPoints.length >= 2
          ? linearFit(
              jsPoints.map((s) => s.c.size ?? 0),
              jsPoints.map((s) => s.wallMs),
            )
          : undefined;
      marginalRows.push([
        series.id,
        `${fit.slope.toFixed(2)} ms/${unit}`,
        `${planFit.slope.toFixed(2)} ms/${unit}`,
        jsFit ? `${jsFit.slope.toFixed(2)} ms/${unit}` : "n/a",
        resourceFit.slope.toFixed(2),
        resourceFit.slope > 0 ? `${(planFit.slope / resourceFit.slope).toFixed(2)} ms` : "n/a",
        planFit.r2.toFixed(3),
        rssFit ? `${rssFit.slope.toFixed(0)} KB/${unit}` : "n/a",
        series.budgeted ? `${passFail(verdict.slopeOk)} / ${passFail(verdict.linear)}` : "not budgeted",
        verdict.linearReason,
      ]);
      if (series.budgeted) {
        verdicts.push({
          budget: `${series.id}: marginal cost <= ${BUDGETS.scaling.maxSlopeMs} ms/${unit}`,
          measured: `${planFit.slope.toFixed(2)} ms/${unit} (wall ${fit.slope.toFixed(2)})`,
          ok: verdict.slopeOk,
        });
        verdicts.push({ budget: `${series.id}: linear`, measured: verdict.linearReason, ok: verdict.linear });
      }
    }
    if (series.past) {
      const s = summaries.get(`${series.id}-${series.past.size}`);
      const neighbour = points[points.length - 1];
      if (s && neighbour) {
        const faster = s.wallMs < neighbour.wallMs;
        const error = s.samples.find((x) => x.report?.error !== undefined)?.report?.error ?? "";
        pastRows.push([
          series.id,
          String(series.past.size),
          formatMs(s.wallMs),
          `${formatMs(neighbour.wallMs)} (x${String(neighbour.c.size ?? "")})`,
          s.problem ?? "error as expected, nothing registered",
          error.split("\n").slice(1).join(" ").trim().slice(0, 220),
        ]);
        verdicts.push({
          budget: `${series.id} x${series.past.size}: refused with the quota error, faster than the valid x${String(neighbour.c.size ?? "")}`,
          measured: `${formatMs(s.wallMs)} vs ${formatMs(neighbour.wallMs)}${s.problem ? `; ${s.problem}` : ""}`,
          ok: faster && s.problem === undefined,
        });
      }
    }
  }
  if (scaleRows.length > 0) {
    sections.push({
      title: "Generated stacks",
      header: ["series", "size", "wall (median)", "peak RSS", "load", "plan", "resources", "status"],
      rows: scaleRows,
      note: SERIES.map((s) => `${s.id}: ${s.note}.`).join(" "),
    });
    sections.push({
      title: "Marginal cost (least-squares slope over the sizes)",
      header: [
        "series",
        "wall slope",
        "plan slope",
        "precompiled wall slope",
        "resources per unit",
        "plan per resource",
        "R²",
        "RSS slope",
        "slope / linear",
        "linearity",
      ],
      rows: marginalRows,
      note:
        "plan slope (the child's own clock around runProgram, ts-node as the plan CLI runs) is the budgeted marginal cost and R² is its fit; " +
        "wall slope is the same from spawn to exit, noisier; precompiled wall slope runs the smallest and largest size as JavaScript compiled by tsc, without ts-node.",
    });
  }
  if (pastRows.length > 0) {
    sections.push({
      title: "One past the quota (must fail fast with the validation error)",
      header: ["series", "size", "wall (median)", "valid neighbour", "check", "error (first problem)"],
      rows: pastRows,
    });
  }
  if (test) {
    sections.push({
      title: "npm test (once)",
      header: ["wall", "peak RSS (largest process)", "exit"],
      rows: [[formatMs(test.wallMs), formatMb(test.peakKb), String(test.exitCode)]],
    });
    verdicts.push({
      budget: `npm test <= ${BUDGETS.testWallMs / 1000} s wall`,
      measured: formatMs(test.wallMs),
      ok: test.wallMs <= BUDGETS.testWallMs,
    });
    verdicts.push({
      budget: "npm test <= 1 GB peak",
      measured: formatMb(test.peakKb),
      ok: test.peakKb !== undefined && test.peakKb <= BUDGETS.testPeakKb,
    });
    if (test.exitCode !== 0) problems.push(`npm test exited ${String(test.exitCode)}: ${test.tail}`);
  }
  const verdictRows = verdicts.map((v) => [passFail(v.ok), v.budget, v.measured]);

  const md: string[] = [
    "# Benchmark results",
    "",
    "Generated by `npm run bench` (bench/run.ts); do not edit by hand.",
    "",
    ...context.map((line) => `- ${line}`),
    "",
    "## Budgets",
    "",
    markdownTable(["verdict", "budget", "measured"], verdictRows),
    "",
  ];
  const text: string[] = [...context, ""];
  for (const section of sections) {
    md.push(`## ${section.title}`, "", markdownTable(section.header, section.rows), "");
    if (section.note) md.push(section.note, "");
    text.push(`== ${section.title}`, textTable(section.header, section.rows), "");
  }
  if (problems.length > 0) {
    md.push("## Problems", "", ...problems.map((p) => `- ${p}`), "");
  }
  md.push(
    "## Reproduce",
    "",
    "```sh",
    "npm ci",
    `npm run bench -- --runs ${options.runs}${options.skipTestRun ? " --skip-test-run" : ""}`,
    "```",
    "",
    "Every case is a fresh `node` process; cases are interleaved run by run and the median is shown. Numbers from a busy",
    "machine (see the load average above) are larger and noisier than on an idle one; compare rows of one run only.",
    "",
  );
  text.push("== Budgets", textTable(["verdict", "budget", "measured"], verdictRows));
  if (problems.length > 0) text.push("", "== Problems", ...problems);
  return { markdown: md.join("\n"), text: text.join("\n"), verdicts, problems };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const useGnuTime = hasGnuTime();
  const machine = describeMachine();
  const loadBefore = loadAverage();
  const work = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    mkdirSync(work, { recursive: true });
    const fresh = spawnSync(process.execPath, [join(ROOT, "scripts", "fresh.js")], { stdio: "inherit" });
    if (fresh.status !== 0) throw new Error("scripts/fresh.js could not compile the tools to build/");
    process.stdout.write("compiling the project to JavaScript for the precompiled rows ...\n");
    const compiled = compileProject(work);
    const cases = buildCases(work, compiled).filter(
      (c) => options.only === undefined || c.id.includes(options.only) || c.group === "floor",
    );
    const started = new Date();
    const summaries = await runCases(cases, options, useGnuTime);
    const test = options.skipTestRun ? undefined : await runNpmTest(useGnuTime);
    const context = [
      `Date: ${started.toISOString()}`,
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM; Node ${machine.node}; ${machine.os}`,
      `1-minute load average: ${loadBefore} before, ${loadAverage()} after (${machine.cores} cores)`,
      `Runs per case: ${options.runs} (median shown); peak memory: ${useGnuTime ? "GNU time %M (maxRSS)" : "the child's process.resourceUsage().maxRSS"}`,
    ];
    const report = buildReport(summaries, options, test, context);
    // The program under Pulumi's real entry point (bench/runtime.ts).
    const runtime = await benchRuntime(options.runs, useGnuTime);
    process.stdout.write(`\n${report.text}\n${runtime.markdown}\n`);
    writeFileSync(options.out, `${report.markdown}${runtime.markdown}`);
    process.stdout.write(`\nwrote ${options.out}\n`);
    const missed = report.verdicts.filter((v) => !v.ok).length + (runtime.ok ? 0 : 1);
    if (report.problems.length > 0) return 1;
    return options.strict && missed > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
