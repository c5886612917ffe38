/**
 * scripts/fresh.js, which keeps build/ in step with the sources before `npm start`, `npm run verify`
 * and `npm run policy`, and scripts/program.js, the Pulumi entry point that runs build/ only while it
 * is current: run against a small project in a temporary directory, so that the real build/ is never
 * touched.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../tools/paths";

const COMPILING = "compiling the tools to build/";

function fresh(root: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, "scripts", "fresh.js")], { cwd: root }, (error, _stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stderr });
    });
  });
}

describe("scripts/fresh.js", function () {
  // Three tsc runs: about 10 s on an idle machine, over a minute on a loaded shared one.
  this.timeout(180_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), "fresh-spec-"));
    mkdirSync(join(root, "scripts"));
    for (const script of ["fresh.js", "build-state.js", "program.js"])
      cpSync(join(PROJECT_ROOT, "scripts", script), join(root, "scripts", script));
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(root, "node_modules"), "dir");
    writeFileSync(join(root, "package.json"), "{}\n");
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", target: "ES2022" } }));
    writeFileSync(
      join(root, "tsconfig.build.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { noCheck: true, outDir: "build", rootDir: "." },
        include: ["index.ts", "lib/**/*.ts"],
      }),
    );
    writeFileSync(
      join(root, "tsconfig.pulumi.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noCheck: true }, files: ["index.ts"] }),
    );
    // Tells which file the entry point loaded: the compiled one or the source.
    writeFileSync(join(root, "index.ts"), 'export const loaded: string = __filename.endsWith(".js") ? "build" : "source";\n');
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "lib", "kept.ts"), "export const kept = 1;\n");
    writeFileSync(join(root, "lib", "removed.ts"), "export const removed = 2;\n");
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("compiles once, does nothing while the sources are unchanged, and leaves no JavaScript of a deleted source", async () => {
    const first = await fresh(root);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, new RegExp(COMPILING));
    assert.ok(existsSync(join(root, "build", "lib", "kept.js")));
    assert.ok(existsSync(join(root, "build", "lib", "removed.js")));

    const unchanged = await fresh(root);
    assert.equal(unchanged.code, 0, unchanged.stderr);
    assert.equal(unchanged.stderr, "", "no compile when nothing changed");

    // A folder made and removed beside the sources (npm pack's dist/) changes no source.
    mkdirSync(join(root, "lib", "dist"));
    writeFileSync(join(root, "lib", "dist", "packed.js"), "");
    rmSync(join(root, "lib", "dist"), { recursive: true });
    const afterTemporary = await fresh(root);
    assert.equal(afterTemporary.stderr, "", "no compile after a temporary folder");

    unlinkSync(join(root, "lib", "removed.ts"));
    const afterDelete = await fresh(root);
    assert.equal(afterDelete.code, 0, afterDelete.stderr);
    assert.match(afterDelete.stderr, new RegExp(COMPILING), "a deleted source triggers a build");
    assert.ok(existsSync(join(root, "build", "lib", "kept.js")));
    assert.ok(!existsSync(join(root, "build", "lib", "removed.js")), "the deleted source's JavaScript is gone");
  });

  it("program.js runs build/ while it is current, the source through ts-node once a source is newer, and never writes build/", async () => {
    const built = await fresh(root);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(await loaded(root), "build");

    // The last build is now older than every source, as after an edit.
    utimesSync(join(root, "build", ".built"), new Date(0), new Date(0));
    const stamp = statSync(join(root, "build", ".built")).mtimeMs;
    assert.equal(await loaded(root), "source", "an edited program runs without a build step");
    assert.equal(statSync(join(root, "build", ".built")).mtimeMs, stamp, "the entry point does not rebuild");

    const rebuilt = await fresh(root);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(await loaded(root), "build");
  });
});

/** What scripts/program.js of the project at root exports as `loaded`, in a fresh node. */
function loaded(root: string): Promise<string> {
  return new Promise((done, fail) => {
    const code = `process.stdout.write(require(${JSON.stringify(join(root, "scripts", "program.js"))}).loaded)`;
    execFile(process.execPath, ["-e", code], { cwd: root }, (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout)));
  });
}

describe("files the README's commands write into the checkout", () => {
  /** Every file a shell block of the README writes: `> file` and `--diagram file`, placeholders aside. */
  function written(): string[] {
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
    // Commands only: a comment's "customer -> Adobe" is no redirection.
    const commands = blocks.flatMap((block) => block.split("\n").map((line) => line.replace(/\s#.*$/, "")));
    const files = commands.flatMap((line) => [...line.matchAll(/(?:\s>|--diagram[ =])\s*([^\s|&;<>]+)/g)].map((m) => m[1] ?? ""));
    return [...new Set(files.filter((file) => file !== "-" && !file.startsWith("/")))];
  }

  it("are found: plans, stack outputs, a diagram and the permission documents", () => {
    assert.deepEqual(written().sort(), ["outputs.json", "permissions.json", "plan.json", "plan.mmd", "policy.json", "role-$scope.json"]);
  });

  it("cannot make npm test's format check fail: Prettier ignores each or has no parser for it", async () => {
    const { getFileInfo } = await import("prettier");
    for (const file of [...written(), "policy-config.json"]) {
      const info = await getFileInfo(join(PROJECT_ROOT, file), {
        ignorePath: [join(PROJECT_ROOT, ".gitignore"), join(PROJECT_ROOT, ".prettierignore")],
      });
      assert.ok(info.ignored || info.inferredParser === null, `${file}: prettier --check would read it (${String(info.inferredParser)})`);
    }
  });
});
