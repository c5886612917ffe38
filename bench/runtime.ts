/**
 * The program under Pulumi's real entry point, as `pulumi up` starts it: the SDK's `cmd/run` with the
 * environment Pulumi.yaml's runtime options imply (`typescript: false`; the entry point
 * scripts/program.js runs build/ while it is current), against the engine stand-in of
 * test/runtime/engine.ts, for every example stack. Compared with the floor (a fresh `node` loading
 * @pulumi/pulumi) and, once, with the start right after an edit (build/ older than the sources, so
 * index.ts through ts-node transpile-only). Budgets: program time within 2.5x the floor, peak memory
 * within 300 MB.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackFile } from "../tools/stackfile";
import { runOnEngine } from "../test/runtime/engine";
import { measure } from "./measure";
import { formatMb, formatMs, markdownTable, median } from "./stats";

const STACKS = ["aws-unidirectional", "aws-bidirectional", "azure-unidirectional", "azure-bidirectional"] as const;
export const RUNTIME_BUDGETS = { vsFloor: 2.5, peakMb: 300 };

interface Sample {
  readonly ms: number;
  readonly kb: number | undefined;
}

async function program(stack: string, env: Record<string, string>, useGnuTime: boolean): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), "bench-runtime-"));
  try {
    const timeFile = join(dir, "time");
    const start = performance.now();
    const run = await runOnEngine({
      stack,
      config: readStackFile(join(__dirname, "..", "stacks", `Pulumi.${stack}.yaml`)),
      preview: false,
      env,
      ...(useGnuTime ? { wrap: ["/usr/bin/time", "-f", "%M", "-o", timeFile] } : {}),
    });
    const ms = performance.now() - start;
    if (run.code !== 0) throw new Error(`${stack} failed under cmd/run: ${run.stderr.slice(-2000)}`);
    const kb = useGnuTime ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) : undefined;
    return { ms, kb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ROOT = join(__dirname, "..");
const STAMP = join(ROOT, "build", ".built");

/** Runs measure while build/ looks older than the sources, as right after an edit; then restores the stamp. */
async function withBuildOutdated<T>(measure: () => Promise<T>): Promise<T> {
  const { atime, mtime } = statSync(STAMP);
  utimesSync(STAMP, new Date(0), new Date(0));
  try {
    return await measure();
  } finally {
    utimesSync(STAMP, atime, mtime);
  }
}

/** Runs the measurement (bench/run.ts has brought build/ up to date) and returns the Markdown section for bench/RESULTS.md. */
export async function benchRuntime(runs: number, useGnuTime: boolean): Promise<{ markdown: string; ok: boolean }> {
  const floor: Sample[] = [];
  const samples = new Map<string, Sample[]>(STACKS.map((s) => [s, []]));
  for (let i = 0; i < runs; i++) {
    const m = await measure(process.execPath, ["-e", 'require("@pulumi/pulumi")'], {
      cwd: ROOT,
      useGnuTime,
      keepStdout: false,
      timeoutMs: 120_000,
    });
    floor.push({ ms: m.wallMs, kb: m.timeMaxRssKb });
    for (const stack of STACKS) samples.get(stack)?.push(await program(stack, {}, useGnuTime));
  }
  const afterEdit = await withBuildOutdated(() => program("aws-unidirectional", {}, useGnuTime));
  const floorMs = median(floor.map((s) => s.ms));
  let ok = true;
  const rows = [...samples].map(([stack, list]) => {
    const ms = median(list.map((s) => s.ms));
    const kb = useGnuTime ? median(list.map((s) => s.kb ?? 0)) : undefined;
    // Without GNU time the memory budget is not measured, so no verdict is given.
    const pass = ms <= RUNTIME_BUDGETS.vsFloor * floorMs && kb !== undefined && kb <= RUNTIME_BUDGETS.peakMb * 1024;
    ok &&= pass;
    return [
      stack,
      formatMs(ms),
      `${(ms / floorMs).toFixed(2)}x`,
      formatMb(kb),
      kb === undefined ? "n/a (no GNU time)" : pass ? "pass" : "MISS",
    ];
  });
  const markdown = [
    "",
    "## The program under Pulumi's real entry point",
    "",
    `\`cmd/run\` as \`pulumi up\` starts it (Pulumi.yaml: \`typescript: false\`; scripts/program.js runs build/ while it is current), against the engine stand-in, ${runs} runs (median). Budgets: within ${RUNTIME_BUDGETS.vsFloor}x the floor and ${RUNTIME_BUDGETS.peakMb} MB.`,
    "",
    markdownTable(
      ["case", "time", "vs floor", "peak memory", "verdict"],
      [
        [
          "floor: node loading @pulumi/pulumi",
          formatMs(floorMs),
          "1.00x",
          useGnuTime ? formatMb(median(floor.map((s) => s.kb ?? 0))) : "n/a",
          "",
        ],
        ...rows,
        [
          "aws-unidirectional right after an edit (index.ts through ts-node, transpile-only), 1 run",
          formatMs(afterEdit.ms),
          `${(afterEdit.ms / floorMs).toFixed(2)}x`,
          formatMb(afterEdit.kb),
          "once per edit",
        ],
      ],
    ),
    "",
  ].join("\n");
  return { markdown, ok };
}
