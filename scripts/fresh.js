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
const { rmSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { buildState } = require("./build-state");

const root = join(__dirname, "..");
const { build, stamp, list, current } = buildState(root);

if (!current) {
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
