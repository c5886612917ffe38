/**
 * `npm start --diagram`: never the stack file being planned, never an existing file without --force,
 * "-" is stdout, and a diagram that cannot be written is one line after the report. In-process, under
 * the shared mocks.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, USAGE } from "../tools/plan-cli";
import { STACKS_DIR } from "./harness";
import { mocks } from "./setup";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (chunk) => void (stdout += chunk), stderr: (chunk) => void (stderr += chunk) }, { mocks });
  return { code, stdout, stderr };
}

function assertUsage(result: Run, message: string): void {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, `error: ${message}\n${USAGE}\n`);
}

describe("npm start --diagram: what it may write", function () {
  this.timeout(30_000);
  let dir: string;
  let stackFile: string;
  const STACK_TEXT = () => readFileSync(join(STACKS_DIR, "Pulumi.aws-unidirectional.yaml"), "utf8");

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-cli-"));
    stackFile = join(dir, "Pulumi.aws-unidirectional.yaml");
    copyFileSync(join(STACKS_DIR, "Pulumi.aws-unidirectional.yaml"), stackFile);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses the stack file being planned, by name, through a link, and even with --force", async () => {
    const link = join(dir, "link.mmd");
    symlinkSync(stackFile, link);
    for (const [target, force] of [
      [stackFile, []],
      [link, []],
      [stackFile, ["--force"]],
      [link, ["--force"]],
    ] as const) {
      assertUsage(
        await run("--config", stackFile, `--diagram=${target}`, ...force),
        `--diagram ${target} is the stack file being planned: write the diagram elsewhere`,
      );
    }
    assert.equal(readFileSync(stackFile, "utf8"), STACK_TEXT());
  });

  it("refuses an existing file without --force, and overwrites it with --force", async () => {
    const target = join(dir, "plan.mmd");
    writeFileSync(target, "keep me\n");
    assertUsage(
      await run("--config", stackFile, "--diagram", target),
      `--diagram ${target} exists: add --force to overwrite it, or write elsewhere`,
    );
    assert.equal(readFileSync(target, "utf8"), "keep me\n");
    const forced = await run("--config", stackFile, "--diagram", target, "--force");
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(target, "utf8"), /^flowchart LR\n/);
    assert.match(forced.stdout, /RESULT/);
  });

  it("refuses a directory and --force without --diagram", async () => {
    assertUsage(await run("--config", stackFile, "--diagram", dir, "--force"), `--diagram ${dir} exists and is not a regular file`);
    assertUsage(await run("--config", stackFile, "--force"), "--force only applies to --diagram <file>");
  });

  it('"-" prints the diagram alone on stdout and the report on stderr, and writes no file named "-"', async () => {
    const result = await run("--config", stackFile, "--diagram", "-");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^flowchart LR\n/);
    assert.doesNotMatch(result.stdout, /RESULT/);
    assert.match(result.stderr, /RESULT/);
    assert.ok(!existsSync("-"));
    assertUsage(
      await run("--config", stackFile, "--diagram=-", "--json"),
      "--json and --diagram - both write to stdout: write the diagram to a file",
    );
  });

  it("a diagram that cannot be written is one line after the full report, exit 2, no stack trace", async () => {
    const target = join(dir, "no-such-dir", "plan.mmd");
    const result = await run("--config", stackFile, "--diagram", target);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /RESULT/);
    assert.equal(result.stderr, `error: cannot write the diagram to ${target}: no such directory\n`);
  });
});
