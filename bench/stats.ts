/**
 * Pure arithmetic and formatting for the benchmark: no clock, no process, no file. Kept apart from the
 * runner so that test/bench.spec.ts can check it without timing anything.
 */

/** The median; the mean of the two middle values for an even count. Throws on no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

export interface LinearFit {
  /** Added cost per unit (ms per port or service). */
  readonly slope: number;
  /** Fitted cost at zero units. */
  readonly intercept: number;
  /** Coefficient of determination; 1 when every point lies on the line (or all y are equal). */
  readonly r2: number;
}

/** Ordinary least squares of y on x. Needs two distinct x values. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length) throw new RangeError("linearFit: xs and ys differ in length");
  const n = xs.length;
  if (n < 2) throw new RangeError("linearFit: needs at least two points");
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError("linearFit: needs two distinct x values");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  // All y equal: the horizontal line explains them exactly.
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}

/**
 * How much steeper the last step is than the whole fit: (y[n-1] - y[n-2]) / (x[n-1] - x[n-2]) divided
 * by the slope. About 1 for a straight line, well above 1 when the cost grows faster than the count.
 * R² alone does not show that with three sizes spread 1/10/100: the last point dominates both.
 * Undefined when the fit is flat (the ratio would only magnify noise).
 */
export function lastStepRatio(xs: readonly number[], ys: readonly number[], fit: LinearFit): number | undefined {
  const n = xs.length;
  if (n < 2 || fit.slope <= 0) return undefined;
  const dx = (xs[n - 1] as number) - (xs[n - 2] as number);
  if (dx === 0) return undefined;
  return ((ys[n - 1] as number) - (ys[n - 2] as number)) / dx / fit.slope;
}

export interface LinearityBudget {
  /** Most ms a unit may add. */
  readonly maxSlopeMs: number;
  /** Least R² for the cost to count as linear. */
  readonly minR2: number;
  /** Most the last step may exceed the fitted slope by (superlinear growth). */
  readonly maxLastStepRatio: number;
  /**
   * Below this many ms added over the whole range the growth is within run-to-run noise: R² and the
   * step ratio then measure the noise, not the program, and linearity is not judged.
   */
  readonly noiseMs: number;
}

export interface ScalingVerdict {
  readonly slopeOk: boolean;
  readonly linear: boolean;
  /** Why linear is what it is, in words for the report. */
  readonly linearReason: string;
}

export function judgeScaling(xs: readonly number[], ys: readonly number[], budget: LinearityBudget): ScalingVerdict {
  const fit = linearFit(xs, ys);
  const span = Math.max(...xs) - Math.min(...xs);
  const added = fit.slope * span;
  const slopeOk = fit.slope <= budget.maxSlopeMs;
  if (added < budget.noiseMs) {
    return { slopeOk, linear: true, linearReason: `adds ${formatMs(added)} over the range, within noise (< ${budget.noiseMs} ms)` };
  }
  const ratio = lastStepRatio(xs, ys, fit);
  const r2Ok = fit.r2 >= budget.minR2;
  const ratioOk = ratio === undefined || ratio <= budget.maxLastStepRatio;
  const ratioText = ratio === undefined ? "n/a" : ratio.toFixed(2);
  return {
    slopeOk,
    linear: r2Ok && ratioOk,
    linearReason: `R² ${fit.r2.toFixed(3)} (>= ${budget.minR2}), last step ${ratioText}x the slope (<= ${budget.maxLastStepRatio})`,
  };
}

/** Milliseconds for a table: whole ms from 100 up, one decimal below. */
export function formatMs(ms: number): string {
  return Math.abs(ms) >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** Kilobytes (as /usr/bin/time and process.resourceUsage report maxRSS) as MB. */
export function formatMb(kb: number | undefined): string {
  return kb === undefined ? "n/a" : `${(kb / 1024).toFixed(0)} MB`;
}

export function passFail(ok: boolean): string {
  return ok ? "PASS" : "FAIL";
}

/** Pipes inside a cell would split it into columns. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A GitHub-flavoured Markdown table. Numeric-looking columns are right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const numeric = header.map((_h, c) => rows.length > 0 && rows.every((row) => /^[-+]?[\d.]+( ?[a-zA-Z²%x]+)?$|^n\/a$/.test(row[c] ?? "")));
  const lines = [
    `| ${header.map(cell).join(" | ")} |`,
    `|${header.map((_h, c) => (numeric[c] ? " ---: " : " --- ")).join("|")}|`,
    ...rows.map((row) => `| ${header.map((_h, c) => cell(row[c] ?? "")).join(" | ")} |`),
  ];
  return lines.join("\n");
}

/** The same table as aligned plain text, for the terminal. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? "").length)));
  const line = (row: readonly string[]): string =>
    header
      .map((_h, c) => (row[c] ?? "").padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
