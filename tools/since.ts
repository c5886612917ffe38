/**
 * `npm start -- --since <old>`: the old version of a stack, from an old stack file or from git
 * (`git show <revision>:<path of the stack file>`). git runs through execFile, never a shell, and the
 * revision is checked as one before git sees it, so that `--since` cannot smuggle in an option or a
 * second command.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { UsageError } from "./cli";
import { parseStackFile, readStackFile, type StackConfig, StackFileError } from "./stackfile";

/**
 * What a revision may look like: a name (`main`, `origin/main`, `v1.2`), a hash, with `~N`, `^N` or
 * `@{N}` suffixes. Never a leading `-` (an option), never `:` (a path), never `..` (a range), no spaces.
 */
const REVISION = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9._/-]*(?:[~^][0-9]*|@\{[0-9]+\})*$/;

export function isRevision(text: string): boolean {
  return text.length <= 200 && REVISION.test(text);
}

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 20 });
  } catch {
    return undefined;
  }
}

/** The old version's config and a label for it; a UsageError naming `--since` when it cannot be read. */
export function readSince(since: string, stackFile: string): { config: StackConfig; label: string } {
  if (existsSync(since)) {
    try {
      return { config: readStackFile(since), label: since };
    } catch (error) {
      if (error instanceof StackFileError) throw new UsageError(`--since ${since}: ${error.message}`);
      throw error;
    }
  }
  if (!isRevision(since))
    throw new UsageError(`--since ${since}: neither an existing stack file nor a git revision (e.g. HEAD~1, origin/main, a commit hash)`);
  const cwd = dirname(resolve(stackFile));
  const root = git(["rev-parse", "--show-toplevel"], cwd)?.trim();
  if (root === undefined || root === "")
    throw new UsageError(`--since ${since}: ${cwd} is not in a git checkout; give the old stack file instead`);
  if (git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${since}^{commit}`], cwd) === undefined)
    throw new UsageError(`--since ${since}: unknown git revision`);
  const path = relative(root, resolve(stackFile)).split(sep).join("/");
  const text = git(["show", "--end-of-options", `${since}:${path}`], cwd);
  if (text === undefined) throw new UsageError(`--since ${since}: ${path} does not exist at ${since}`);
  try {
    return { config: parseStackFile(text, `${since}:${path}`), label: `${since}:${path}` };
  } catch (error) {
    if (error instanceof StackFileError) throw new UsageError(`--since ${since}: ${error.message}`);
    throw error;
  }
}
