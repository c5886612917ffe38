/**
 * `npm start -- --since <old>`: the old version of a stack, from an old stack file or from git
 * (`git show <revision>:<path of the stack file>`). Every input is hostile: the file is read as the
 * stack file is (a regular file of at most 64 KiB, `stackfile.ts`); git runs through execFile, never
 * a shell, after the revision is checked as one, and with `--end-of-options`, so that `--since`
 * cannot smuggle in an option or a second command; the blob's type and size are asked before it is
 * read. Every failure is one UsageError line naming `--since`.
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { UsageError } from "./cli";
import { MAX_STACK_FILE_BYTES, parseStackFile, readStackFile, type StackConfig, StackFileError } from "./stackfile";

/**
 * What a revision may look like: a name (`main`, `origin/main`, `v1.2`), a hash, with `~N`, `^N` or
 * `@{N}` suffixes. Never a leading `-` (an option), never `:` (a path), never `..` (a range), no spaces.
 */
const REVISION = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9._/-]*(?:[~^][0-9]*|@\{[0-9]+\})*$/;
const MAX_REVISION = 200;

export function isRevision(text: string): boolean {
  return text.length <= MAX_REVISION && REVISION.test(text);
}

/** The value as the error shows it: as typed when plain, else quoted with every unusual character escaped. */
function shown(text: string): string {
  const cut = text.length > MAX_REVISION ? `${text.slice(0, MAX_REVISION)}...` : text;
  if (/^[\x21-\x7e]*$/.test(cut) && cut !== "") return cut;
  return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: MAX_STACK_FILE_BYTES + 1,
      timeout: 10_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" },
    });
  } catch {
    return undefined;
  }
}

/** `read`, with a stack file's error as one `--since` usage line. */
function asUsage<T>(since: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof StackFileError) throw new UsageError(`--since ${shown(since)}: ${error.message}`);
    throw error;
  }
}

/** The old version's config and a label for it; a UsageError naming `--since` when it cannot be read. */
export function readSince(since: string, stackFile: string): { config: StackConfig; label: string } {
  const stat = since === "" ? undefined : statSync(since, { throwIfNoEntry: false });
  // A path that exists is a file to read, unless it is a directory whose name is also a revision (`main`).
  if (stat !== undefined && !(stat.isDirectory() && isRevision(since)))
    return { config: asUsage(since, () => readStackFile(since)), label: shown(since) };
  if (!isRevision(since))
    throw new UsageError(
      `--since ${shown(since)}: neither an existing stack file nor a git revision (e.g. HEAD~1, origin/main, a commit hash)`,
    );
  const cwd = dirname(resolve(stackFile));
  const root = git(["rev-parse", "--show-toplevel"], cwd)?.trim();
  if (root === undefined || root === "")
    throw new UsageError(`--since ${since}: ${cwd} is not in a git checkout; give the old stack file instead`);
  if (git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${since}^{commit}`], cwd) === undefined)
    throw new UsageError(`--since ${since}: unknown git revision`);
  const path = relative(root, resolve(stackFile)).split(sep).join("/");
  if (path.startsWith("../") || isAbsolute(path))
    throw new UsageError(`--since ${since}: the stack file is outside the git checkout ${root}; give the old stack file instead`);
  const object = `${since}:${path}`;
  const type = git(["cat-file", "-t", "--end-of-options", object], cwd)?.trim();
  if (type === undefined) throw new UsageError(`--since ${since}: ${path} does not exist at ${since}`);
  if (type !== "blob") throw new UsageError(`--since ${since}: ${path} is a ${type} at ${since}, not a file`);
  const size = Number(git(["cat-file", "-s", "--end-of-options", object], cwd));
  if (!(size <= MAX_STACK_FILE_BYTES))
    throw new UsageError(
      `--since ${since}: ${object} is larger than ${MAX_STACK_FILE_BYTES / 1024} KiB; a stack file is a few lines of config`,
    );
  const text = git(["show", "--end-of-options", object], cwd);
  if (text === undefined) throw new UsageError(`--since ${since}: git could not read ${object}`);
  return { config: asUsage(since, () => parseStackFile(text, object)), label: object };
}
