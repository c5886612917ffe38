/** Runs the real program under the shared mocks, and reads the example stacks. */
import type { RecordedResource } from "../tools/mocks";
import { type CapturedOptions, runProgram } from "../tools/run";
import { STACKS_DIR } from "../tools/paths";
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
