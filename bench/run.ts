/**
 * `npm run bench`: the performance budgets of issue 9, measured in one run on one machine.
 *
 * Every measured case is a fresh `node` process (module loading is most of the cost of a plan), run
 * `--runs` times; the cases are interleaved run by run, so that other load on the machine spreads over
 * all of them instead of skewing one, and the median is reported. Writes bench/RESULTS.md.
 * The cases and budgets are cases.ts, the running runner.ts, the report report.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { EXIT, type Io, parseCommandLine, runCommand, runMain, UsageError } from "../tools/cli";
import { buildCases, compileProject, ROOT } from "./cases";
import { describeMachine, loadAverage } from "./machine";
import { hasGnuTime } from "./measure";
import { buildReport } from "./report";
import { runCases, runNpmTest } from "./runner";
import { benchRuntime } from "./runtime";

export const USAGE = "usage: npm run bench -- [--runs <n>] [--skip-test-run] [--strict] [--only <text>] [--out <file>]";

const HELP = `Measures the plan's time and memory against the budgets and writes bench/RESULTS.md.

${USAGE}

  --runs <n>        fresh processes per case, the median is reported (default 5)
  --skip-test-run   do not time one npm test
  --strict          exit 1 when a budget is missed (by default only a broken case fails the run)
  --only <text>     only the cases whose id contains <text> (and the floor)
  --out <file>      where to write the Markdown report (default bench/RESULTS.md)

Exit status: 0 done; 1 a case failed, or a budget was missed under --strict; 2 usage error;
70 internal error (a bug: please report it).
`;

interface Options {
  readonly runs: number;
  readonly skipTestRun: boolean;
  readonly strict: boolean;
  readonly only: string | undefined;
  readonly out: string;
}

const FLAGS = { runs: "string", "skip-test-run": "boolean", strict: "boolean", only: "string", out: "string" } as const;

function parseArgs(argv: readonly string[]): Options | "help" {
  const parsed = parseCommandLine(argv, FLAGS);
  if (parsed === "help") return "help";
  const { runs = "5", "skip-test-run": skipTestRun = false, strict = false, only, out } = parsed.flags;
  const count = /^\d+$/.test(runs) ? Number(runs) : NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > 100)
    throw new UsageError(`--runs must be a whole number from 1 to 100, got ${JSON.stringify(runs)}`);
  return { runs: count, skipTestRun, strict, only, out: out === undefined ? join(ROOT, "bench", "RESULTS.md") : resolve(out) };
}

async function bench(options: Options, io: Io): Promise<number> {
  const began = performance.now();
  const useGnuTime = hasGnuTime();
  const machine = describeMachine();
  const loadBefore = loadAverage();
  const work = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const fresh = spawnSync(process.execPath, [join(ROOT, "scripts", "fresh.js")], { stdio: "inherit" });
    if (fresh.status !== 0) throw new Error("scripts/fresh.js could not compile the tools to build/");
    io.stdout("compiling the project to JavaScript for the precompiled rows ...\n");
    const compiled = compileProject(work);
    const cases = buildCases(work, compiled).filter(
      (c) => options.only === undefined || c.id.includes(options.only) || c.group === "floor",
    );
    const started = new Date();
    const summaries = await runCases(cases, options.runs, useGnuTime);
    const test = options.skipTestRun ? undefined : await runNpmTest(useGnuTime);
    const context = [
      `Date: ${started.toISOString()}`,
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM; Node ${machine.node}; ${machine.os}`,
      `1-minute load average: ${loadBefore} before, ${loadAverage()} after (${machine.cores} cores)`,
      `Runs per case: ${options.runs} (median shown); peak memory: ${useGnuTime ? "GNU time %M (maxRSS)" : "the child's process.resourceUsage().maxRSS"}`,
      `Duration of this bench run: ${((performance.now() - began) / 60_000).toFixed(1)} min (${cases.length} cases x ${options.runs} runs${test ? ", one npm test" : ""})`,
    ];
    const report = buildReport(summaries, options, test, context);
    // The program under Pulumi's real entry point (bench/runtime.ts).
    const runtime = await benchRuntime(options.runs, useGnuTime);
    io.stdout(`\n${report.text}\n${runtime.markdown}\n`);
    writeFileSync(options.out, `${report.markdown}${runtime.markdown}`);
    io.stdout(`\nwrote ${options.out}\n`);
    const missed = report.verdicts.filter((v) => !v.ok).length + (runtime.ok ? 0 : 1);
    if (report.problems.length > 0) return EXIT.failed;
    return options.strict && missed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function main(argv: readonly string[], io: Io): Promise<number> {
  return runCommand(io, USAGE, () => {
    const options = parseArgs(argv);
    if (options === "help") {
      io.stdout(HELP);
      return EXIT.ok;
    }
    return bench(options, io);
  });
}

if (require.main === module) runMain(main);
