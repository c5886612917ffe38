/**
 * Where the project's files are, whether a tool runs from its TypeScript source (tools/) or from its
 * compiled JavaScript (build/tools/): the nearest folder above with a Pulumi.yaml.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    if (dirname(dir) === dir) return join(from, "..");
  }
}

export const PROJECT_ROOT = projectRoot(__dirname);
export const STACKS_DIR = join(PROJECT_ROOT, "stacks");

/** A stack name that stays a file name inside stacks/: nothing that could leave the folder. */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * stacks/Pulumi.<name>.yaml for a stack named on a command line, or why it cannot be used (an unsafe
 * name, or no such file): the one check every command that takes `--stack` makes.
 */
export function exampleStackFile(name: string): { file: string } | { refusal: string } {
  if (!STACK_NAME.test(name)) return { refusal: `invalid stack name ${JSON.stringify(name)}` };
  const file = join(STACKS_DIR, `Pulumi.${name}.yaml`);
  if (!existsSync(file)) return { refusal: `no such stack: ${name} (no file stacks/Pulumi.${name}.yaml)` };
  return { file };
}
