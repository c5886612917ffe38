/**
 * What a benchmark child prints on its last stdout line, and how the parent reads it. Shared by the
 * children (bench/child.ts, bench/floor.ts) and the runner so that both sides agree on one shape.
 */

export const REPORT_PREFIX = "BENCH-REPORT ";

export interface ChildReport {
  /** True when the plan completed; false when the program refused the config or threw. */
  readonly ok: boolean;
  /** ms from process start (performance.timeOrigin) to the end of module loading. */
  readonly loadedMs: number;
  /** ms the plan itself took (runProgram), after loading. Zero for the floor. */
  readonly planMs: number;
  /** Resources the mocks recorded. */
  readonly resources: number;
  /** The error message when ok is false. */
  readonly error?: string;
  /** process.resourceUsage().maxRSS, in KB, just before the report. */
  readonly maxRssKb: number;
}

/** The report in a child's stdout, or undefined when the child printed none (it crashed). */
export function parseReport(stdout: string): ChildReport | undefined {
  const line = stdout
    .split("\n")
    .reverse()
    .find((l) => l.startsWith(REPORT_PREFIX));
  if (line === undefined) return undefined;
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport;
}

export function formatReport(report: ChildReport): string {
  return `${REPORT_PREFIX}${JSON.stringify(report)}`;
}
