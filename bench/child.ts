/**
 * One measured plan, in a process of its own so that module loading is part of the measurement:
 * installs the recording mocks, runs the real program for one stack config through tools/run.ts, prints
 * a report line and lets the process end by itself (a plan that keeps the event loop alive shows up as
 * slow, instead of being hidden by process.exit).
 *
 *   child.ts --stack-file <Pulumi.<stack>.yaml> | --config-json <file with a StackConfig as JSON>
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config/keys";
import { RecordingMocks } from "../tools/mocks";
import { runProgram } from "../tools/run";
import { readStackFile, type StackConfig } from "../tools/stackfile";
import { formatReport } from "./protocol";

// Every import above has run: the program, its components and the SDK modules they import are loaded.
const loadedMs = performance.now();

function readConfig(argv: readonly string[]): StackConfig {
  const [flag, file] = argv;
  if (flag === "--stack-file" && file !== undefined) return readStackFile(file);
  if (flag === "--config-json" && file !== undefined) return JSON.parse(readFileSync(file, "utf8")) as StackConfig;
  throw new Error("usage: child.ts --stack-file <file> | --config-json <file>");
}

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2));
  // As tools/plan-cli.ts and test/setup.ts do: without ts-node's source-map hook on stack traces, which
  // Pulumi takes for every internal promise. The benchmark measures the plan as the project runs it.
  if (process.env.BENCH_KEEP_SOURCE_MAPS !== "1") Reflect.deleteProperty(Error, "prepareStackTrace");
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, PROJECT, "bench", false);
  const start = performance.now();
  let error: string | undefined;
  try {
    await runProgram(mocks, config);
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const planMs = performance.now() - start;
  const report = {
    ok: error === undefined,
    loadedMs,
    planMs,
    resources: mocks.resources.length,
    ...(error !== undefined ? { error } : {}),
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${formatReport(report)}\n`);
  if (error !== undefined) process.exitCode = 1;
}

void main();
