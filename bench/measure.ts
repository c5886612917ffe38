/**
 * Runs one command as a fresh child process and measures it: wall time from spawn to exit (taken by
 * this process) and the child's peak resident memory. The peak comes from GNU time (`/usr/bin/time
 * -f %M`, the largest maxRSS of the process and of every descendant it waited for, so `npm test`
 * reports its largest step, not a sum) when it is installed, else from the child's own report.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
  /** With `sampleTree`: the largest sum of RSS over the child and all its descendants at one time. */
  readonly treePeakKb?: number;
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
  /**
   * Sample the resident memory of the whole process tree every 50 ms (Linux /proc): the peak of a
   * command whose worker processes run side by side, which GNU time (one process's peak) cannot show.
   */
  readonly sampleTree?: boolean;
}

function procStat(pid: string): { ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields start after the last ")".
    return { ppid: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) };
  } catch {
    return undefined;
  }
}

function rssKb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The summed RSS in KB of `root` and its descendants now; undefined without /proc. A sum of RSS counts
 * pages the processes share (Node's own code) once per process: an upper bound of the memory used.
 */
export function treeRssKb(root: number): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat === undefined) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(pid)]);
  }
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += rssKb(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
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
    let treePeakKb: number | undefined;
    const sampler =
      options.sampleTree === true && child.pid !== undefined
        ? setInterval(
            (pid: number) => {
              const kb = treeRssKb(pid);
              if (kb !== undefined) treePeakKb = Math.max(treePeakKb ?? 0, kb);
            },
            50,
            child.pid,
          )
        : undefined;
    child.on("error", (error) => {
      clearTimeout(timer);
      clearInterval(sampler);
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      const wallMs = performance.now() - start;
      clearTimeout(timer);
      clearInterval(sampler);
      let timeMaxRssKb: number | undefined;
      if (options.useGnuTime) {
        // GNU time writes "Command exited with non-zero status N" before the format line on failure.
        const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
        timeMaxRssKb = /^\d+$/.test(last) ? Number(last) : undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ wallMs, timeMaxRssKb, ...(treePeakKb !== undefined ? { treePeakKb } : {}), exitCode, signal, stdout, stderrTail: stderr });
    });
  });
}
