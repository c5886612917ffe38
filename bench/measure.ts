/**
 * Runs one command as a fresh child process and measures it: wall time from spawn to exit (taken by
 * this process) and the child's peak resident memory. The peak comes from GNU time (`/usr/bin/time
 * -f %M`, the largest maxRSS of the process and of every descendant it waited for, so `npm test`
 * reports its largest step, not a sum) when it is installed, else from the child's own report.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

/** True when GNU time is there and understands -f (busybox and BSD time do not all do). */
export function hasGnuTime(): boolean {
  const probe = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
  return probe.status === 0 && /^\d+\s*$/.test(probe.stderr.trim().split("\n").pop() ?? "");
}

export interface Measurement {
  readonly wallMs: number;
  /** Peak RSS in KB from GNU time; undefined without it. */
  readonly timeMaxRssKb: number | undefined;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The child's stdout, when kept. */
  readonly stdout: string;
  /** The last 4 KB of stderr, for the report of a crash. */
  readonly stderrTail: string;
}

export interface MeasureOptions {
  readonly cwd: string;
  readonly useGnuTime: boolean;
  /** Keep stdout (the children's report line); the plan CLI's JSON is discarded instead. */
  readonly keepStdout: boolean;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

export function measure(command: string, args: readonly string[], options: MeasureOptions): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), "bench-time-"));
  const timeFile = join(dir, "time");
  const [file, fileArgs] = options.useGnuTime ? [GNU_TIME, ["-f", "%M", "-o", timeFile, command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, fileArgs, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", options.keepStdout ? "pipe" : "ignore", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4096)));
    // A plan that never ends must not hang the whole benchmark.
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      const wallMs = performance.now() - start;
      clearTimeout(timer);
      let timeMaxRssKb: number | undefined;
      if (options.useGnuTime) {
        // GNU time writes "Command exited with non-zero status N" before the format line on failure.
        const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
        timeMaxRssKb = /^\d+$/.test(last) ? Number(last) : undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ wallMs, timeMaxRssKb, exitCode, signal, stdout, stderrTail: stderr });
    });
  });
}
