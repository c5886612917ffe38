/** Runs the real program under the shared mocks, and reads the example stacks. */
import type { RecordedResource } from "../tools/mocks";
import { type CapturedOptions, runProgram } from "../tools/run";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT, STACKS_DIR } from "../tools/paths";
import { readStackFile, type StackConfig } from "../tools/stackfile";
import { mocks } from "./setup";

export type { CapturedOptions };

export interface Plan {
  resources: RecordedResource[];
  options: Map<string, CapturedOptions>;
  outputs: any;
}

export { STACKS_DIR } from "../tools/paths";
export const EXAMPLE_STACKS = ["aws-unidirectional", "aws-bidirectional", "azure-unidirectional", "azure-bidirectional"] as const;

export function exampleStack(name: string): StackConfig {
  return readStackFile(`${STACKS_DIR}/Pulumi.${name}.yaml`);
}

/** Plans a stack config: runs the program under mocks, waits for every registration and output. */
export async function plan(config: StackConfig): Promise<Plan> {
  const run = await runProgram(mocks, config);
  return { resources: [...run.resources], options: new Map(run.options), outputs: run.outputs };
}

/** The custom resources of a plan of one type. */
export function ofType(p: Plan, type: string): RecordedResource[] {
  return p.resources.filter((r) => r.type === type);
}

/** Deep copy of a stack config, to change one field in a test. */
export function clone(config: StackConfig): StackConfig {
  return structuredClone(config);
}

let built = false;

/**
 * The node arguments that run a CLI the way `npm start`, `npm run verify` and `npm run policy` do:
 * from its JavaScript in build/, compiled first by scripts/fresh.js when a source changed.
 */
export function compiledTool(name: "plan-cli" | "policy-cli" | "verify-cli"): string[] {
  if (!built) {
    const fresh = spawnSync(process.execPath, [join(PROJECT_ROOT, "scripts", "fresh.js")], { encoding: "utf8" });
    if (fresh.status !== 0) throw new Error(`scripts/fresh.js failed:\n${fresh.stderr}`);
    built = true;
  }
  return [join(PROJECT_ROOT, "build", "tools", `${name}.js`)];
}
