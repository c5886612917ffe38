#!/usr/bin/env node
/**
 * Keeps build/ (the tools compiled to JavaScript) in step with the TypeScript sources, so that
 * `npm start`, `npm run verify` and `npm run policy` start in well under a second instead of
 * transpiling every file with ts-node on each run. Compiles only when a source is newer than the
 * last build; type errors are `npm test`'s job (tsconfig.build.json has noCheck).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled. Build output goes to
 * stderr, so that `npm run -s verify -- --json` keeps stdout pure JSON.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const build = join(root, "build");
const stamp = join(build, ".built");
const config = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"));

/** Every file under path that the build reads: the .ts files of a directory, or the file itself. */
function files(path, out) {
  if (!existsSync(path)) return out;
  if (!statSync(path).isDirectory()) out.push(path);
  else for (const entry of readdirSync(path).sort()) if (entry !== "node_modules") collect(join(path, entry), out);
  return out;
}

function collect(path, out) {
  if (statSync(path).isDirectory()) files(path, out);
  else if (path.endsWith(".ts")) out.push(path);
}

// The include patterns are `<file>.ts` or `<dir>/**/*.ts`: their first path segment is what to watch.
const watched = [...config.include.map((pattern) => pattern.split("/")[0]), "tsconfig.json", "tsconfig.build.json", "package.json"];
const inputs = watched.flatMap((path) => files(join(root, path), []));
const sources = Math.max(0, ...inputs.map((file) => statSync(file).mtimeMs));
// The stamp lists the files it was built from: a deleted or added source rebuilds too, while a
// directory's own time (a test's temporary dist/ in policy/) does not.
const list = inputs.map((file) => file.slice(root.length + 1)).join("\n") + "\n";
const built = existsSync(stamp) && readFileSync(stamp, "utf8") === list ? statSync(stamp).mtimeMs : 0;

if (sources > built) {
  process.stderr.write("compiling the tools to build/ (once after a change) ...\n");
  // From scratch: the JavaScript of a deleted or renamed source must not stay behind.
  rmSync(build, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (tsc.status !== 0) {
    process.stderr.write("compiling the tools failed; run npm run typecheck for the errors\n");
    process.exit(1);
  }
  writeFileSync(stamp, list);
}
