/**
 * The program under Pulumi's real entry point, as `pulumi up` starts it: the SDK's `cmd/run` with the
 * environment Pulumi.yaml's runtime options imply (tsconfig.pulumi.json: noCheck, so transpile-only),
 * against the engine stand-in of test/runtime/engine.ts, for every example stack. Compared with the
 * floor (a fresh `node` loading @pulumi/pulumi) and, once, with the type-checked start a project
 * without the option pays. Budgets: program time within 2.5x the floor, peak memory within 300 MB.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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

/** Runs the measurement and returns the Markdown section for bench/RESULTS.md. */
export async function benchRuntime(runs: number, useGnuTime: boolean): Promise<{ markdown: string; ok: boolean }> {
  const floor: Sample[] = [];
  const samples = new Map<string, Sample[]>(STACKS.map((s) => [s, []]));
  for (let i = 0; i < runs; i++) {
    const m = await measure(process.execPath, ["-e", 'require("@pulumi/pulumi")'], {
      cwd: join(__dirname, ".."),
      useGnuTime,
      keepStdout: false,
      timeoutMs: 120_000,
    });
    floor.push({ ms: m.wallMs, kb: m.timeMaxRssKb });
    for (const stack of STACKS) samples.get(stack)?.push(await program(stack, {}, useGnuTime));
  }
  const typeChecked = await program("aws-unidirectional", { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }, useGnuTime);
  const floorMs = median(floor.map((s) => s.ms));
  let ok = true;
  const rows = [...samples].map(([stack, list]) => {
    const ms = median(list.map((s) => s.ms));
    const kb = useGnuTime ? median(list.map((s) => s.kb ?? 0)) : undefined;
    const pass = ms <= RUNTIME_BUDGETS.vsFloor * floorMs && (kb === undefined || kb <= RUNTIME_BUDGETS.peakMb * 1024);
    ok &&= pass;
    return [stack, formatMs(ms), `${(ms / floorMs).toFixed(2)}x`, formatMb(kb), pass ? "pass" : "MISS"];
  });
  const markdown = [
    "",
    "## The program under Pulumi's real entry point",
    "",
    `\`cmd/run\` as \`pulumi up\` starts it (Pulumi.yaml runtime options: tsconfig.pulumi.json, noCheck), against the engine stand-in, ${runs} runs (median). Budgets: within ${RUNTIME_BUDGETS.vsFloor}x the floor and ${RUNTIME_BUDGETS.peakMb} MB.`,
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
          "aws-unidirectional type-checked (without the option), 1 run",
          formatMs(typeChecked.ms),
          `${(typeChecked.ms / floorMs).toFixed(2)}x`,
          formatMb(typeChecked.kb),
          "for contrast",
        ],
      ],
    ),
    "",
  ].join("\n");
  return { markdown, ok };
}
