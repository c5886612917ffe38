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
