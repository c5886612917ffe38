/**
 * Running the bench's cases: every case a fresh process, interleaved run by run, summarized by the
 * median; and one timed `npm test`.
 */
import { CHILD_TIMEOUT_MS, type Case, ROOT } from "./cases";
import { loadAverage } from "./machine";
import { measure, type Measurement } from "./measure";
import { type ChildReport, parseReport } from "./protocol";
import { median } from "./stats";

export interface Sample {
  readonly m: Measurement;
  readonly report: ChildReport | undefined;
}

export interface Summary {
  readonly c: Case;
  readonly samples: readonly Sample[];
  readonly wallMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly peakKb: number | undefined;
  /** The peak of the whole process tree, for the cases that sample it. */
  readonly treePeakKb: number | undefined;
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
  if (c.expectRefusal !== undefined) {
    const output = `${s.m.stdout}\n${s.m.stderrTail}`;
    if (s.m.exitCode !== 1 && s.m.exitCode !== 2) return `not refused (exit ${String(s.m.exitCode)}): ${tail}`;
    if (/\n\s+at /.test(output)) return `refused with a stack trace: ${tail}`;
    if (!output.includes(c.expectRefusal)) return `refusal lacks ${JSON.stringify(c.expectRefusal)}: ${tail}`;
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
    treePeakKb: medianOf(samples.map((s) => s.m.treePeakKb)),
    loadMs: medianOf(samples.map((s) => s.report?.loadedMs)),
    planMs: medianOf(samples.map((s) => (c.group === "floor" ? undefined : s.report?.planMs))),
    resources: medianOf(samples.map((s) => s.report?.resources)),
    problem: problems[0],
  };
}

export async function runCases(cases: readonly Case[], runs: number, useGnuTime: boolean): Promise<Map<string, Summary>> {
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
  const once = async (c: Case): Promise<Sample> => {
    const m = await measure(c.command, c.args, {
      cwd: ROOT,
      useGnuTime,
      keepStdout: c.reports || c.expectRefusal !== undefined,
      timeoutMs: CHILD_TIMEOUT_MS,
      ...(c.sampleTree === true ? { sampleTree: true } : {}),
    });
    return { m, report: c.reports ? parseReport(m.stdout) : undefined };
  };
  // One unmeasured pass over a plan per cloud: the first process after a while pays for a cold file cache.
  for (const c of cases.filter((k) => k.id === "floor-ts-node" || k.id === "run-aws-bidirectional" || k.id === "run-azure-bidirectional")) {
    await once(c);
  }
  for (let run = 1; run <= runs; run++) {
    process.stdout.write(`run ${run}/${runs} (load ${loadAverage()}): `);
    for (const c of cases) {
      const sample = await once(c);
      samples.get(c.id)?.push(sample);
      process.stdout.write(".");
    }
    process.stdout.write("\n");
  }
  return new Map(cases.map((c) => [c.id, summarize(c, samples.get(c.id) ?? [])]));
}

export interface TestRun {
  readonly wallMs: number;
  readonly peakKb: number | undefined;
  readonly exitCode: number | null;
  readonly tail: string;
}

export async function runNpmTest(useGnuTime: boolean): Promise<TestRun> {
  process.stdout.write("npm test (once) ...\n");
  const m = await measure("npm", ["test", "--silent"], { cwd: ROOT, useGnuTime, keepStdout: false, timeoutMs: 600_000 });
  return { wallMs: m.wallMs, peakKb: m.timeMaxRssKb, exitCode: m.exitCode, tail: m.stderrTail.trim().split("\n").slice(-5).join("\n") };
}
