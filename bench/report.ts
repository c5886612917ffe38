/**
 * The report of `npm run bench`: bench/RESULTS.md and the same tables as text, with a verdict for
 * every budget of issue 9.
 */
import { BUDGETS, SERIES, type Series } from "./cases";
import type { Summary, TestRun } from "./runner";
import { formatMb, formatMs, judgeScaling, linearFit, markdownTable, passFail, textTable } from "./stats";

export interface Verdict {
  readonly budget: string;
  readonly measured: string;
  readonly ok: boolean;
}

export interface Report {
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

interface Section {
  readonly title: string;
  readonly header: string[];
  readonly rows: string[][];
  readonly note?: string;
}

/** A part of the report: its tables and the budgets it judges. */
interface Part {
  readonly sections: Section[];
  readonly verdicts: Verdict[];
  readonly problems: string[];
}

/** The floor and the example stacks; the budget is on what users run, `npm start`. */
function examplesPart(summaries: ReadonlyMap<string, Summary>): Part {
  const all = [...summaries.values()];
  const floor = summaries.get("floor-node");
  const sections: Section[] = [];
  const verdicts: Verdict[] = [];
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

  return { sections, verdicts, problems: [] };
}

interface SeriesRows {
  readonly scale: string[][];
  readonly marginal?: string[];
  readonly past?: string[];
  readonly verdicts: Verdict[];
}

/** One series: a row per size, its marginal cost and linearity, and the case one past the quota. */
function seriesRows(series: Series, summaries: ReadonlyMap<string, Summary>): SeriesRows {
  const scaleRows: string[][] = [];
  const marginalRows: string[][] = [];
  const pastRows: string[][] = [];
  const verdicts: Verdict[] = [];
  const points = series.sizes.map((size) => summaries.get(`${series.id}-${size}`)).filter((s): s is Summary => s !== undefined);
  const scaleRow = (label: string, size: number, s: Summary): string[] => [
    label,
    String(size),
    formatMs(s.wallMs),
    formatMb(s.peakKb),
    ms(s.loadMs),
    ms(s.planMs),
    s.resources === undefined ? "n/a" : String(s.resources),
    s.problem ?? "ok",
  ];
  for (const s of points) scaleRows.push(scaleRow(series.id, s.c.size ?? 0, s));
  for (const size of series.sizes) {
    const s = summaries.get(`js-${series.id}-${size}`);
    if (s !== undefined) scaleRows.push(scaleRow(`${series.id} (precompiled JS)`, size, s));
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
  return { scale: scaleRows, marginal: marginalRows[0], past: pastRows[0], verdicts };
}

/** The generated stacks of every series. */
function scalingPart(summaries: ReadonlyMap<string, Summary>): Part {
  const sections: Section[] = [];
  const rows = SERIES.map((series) => seriesRows(series, summaries));
  const scaleRows = rows.flatMap((r) => r.scale);
  const marginalRows = rows.flatMap((r) => (r.marginal ? [r.marginal] : []));
  const pastRows = rows.flatMap((r) => (r.past ? [r.past] : []));
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
  return { sections, verdicts: rows.flatMap((r) => r.verdicts), problems: [] };
}

/** Hostile stack files: each refused in one line within the budget (issue 17). */
function hostilePart(summaries: ReadonlyMap<string, Summary>): Part {
  const hostile = [...summaries.values()].filter((s) => s.c.group === "hostile");
  if (hostile.length === 0) return { sections: [], verdicts: [], problems: [] };
  return {
    sections: [
      {
        title: "Hostile inputs",
        header: ["case", "wall (median)", "peak RSS", "refused"],
        rows: hostile.map((s) => [s.c.label, formatMs(s.wallMs), formatMb(s.peakKb), s.problem ?? "yes, in one line"]),
        note: "Each must exit 1 or 2 with a one-line error and no stack trace.",
      },
    ],
    verdicts: hostile.map((s) => ({
      budget: `${s.c.label}: refused within ${formatMs(BUDGETS.hostileRefusedMs)}`,
      measured: formatMs(s.wallMs),
      ok: s.problem === undefined && s.wallMs <= BUDGETS.hostileRefusedMs,
    })),
    problems: [],
  };
}

/** Issue 21: every stack of a fleet planned by `npm start -- --all`, per stack and for the whole tree. */
function fleetPart(summaries: ReadonlyMap<string, Summary>): Part {
  const budget = BUDGETS.fleet;
  const fleet = [...summaries.values()].filter((s) => s.c.group === "fleet");
  const verdicts: Verdict[] = [];
  const rows = fleet.map((s) => {
    const stacks = s.c.size ?? 1;
    const perStack = s.wallMs / stacks;
    verdicts.push(
      {
        budget: `${s.c.label}: <= ${budget.perStackMs} ms per stack`,
        measured: `${formatMs(s.wallMs)} / ${stacks} = ${formatMs(perStack)}`,
        ok: perStack <= budget.perStackMs && s.problem === undefined,
      },
      {
        budget: `${s.c.label}: <= ${formatMb(budget.peakKb)} peak, every process together`,
        measured: formatMb(s.treePeakKb),
        ok: s.treePeakKb !== undefined && s.treePeakKb <= budget.peakKb,
      },
    );
    return [
      s.c.label,
      String(stacks),
      formatMs(s.wallMs),
      formatMs(perStack),
      formatMb(s.treePeakKb),
      formatMb(s.peakKb),
      s.problem ?? "ok",
    ];
  });
  const sections: Section[] =
    rows.length === 0
      ? []
      : [
          {
            title: "Many stacks (npm start -- --all)",
            header: ["case", "stacks", "wall (median)", "per stack", "peak, all processes", "peak, CLI process alone", "status"],
            rows,
            note:
              "The example stacks in turn under 100 names, planned by the compiled plan CLI's pool of worker processes (one per core, at most 4). " +
              "peak, all processes = the largest sum of RSS of the CLI and its workers, sampled every 50 ms from /proc (shared pages counted in each process: an upper bound).",
          },
        ];
  return { sections, verdicts, problems: [] };
}

/** The one timed `npm test`. */
function testPart(test: TestRun | undefined): Part {
  const sections: Section[] = [];
  const verdicts: Verdict[] = [];
  const problems: string[] = [];
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
  return { sections, verdicts, problems };
}

/** How the run was made, for the report's "Reproduce" section. */
export interface RunSettings {
  readonly runs: number;
  readonly skipTestRun: boolean;
}

export function buildReport(
  summaries: ReadonlyMap<string, Summary>,
  options: RunSettings,
  test: TestRun | undefined,
  context: readonly string[],
): Report {
  const parts = [examplesPart(summaries), scalingPart(summaries), hostilePart(summaries), fleetPart(summaries), testPart(test)];
  const sections = parts.flatMap((p) => p.sections);
  const verdicts = parts.flatMap((p) => p.verdicts);
  const problems = [
    ...[...summaries.values()].filter((s) => s.problem !== undefined).map((s) => `${s.c.label}: ${s.problem ?? ""}`),
    ...parts.flatMap((p) => p.problems),
  ];
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
