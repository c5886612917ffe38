/**
 * Whether build/ (the program and the tools compiled to JavaScript by tsconfig.build.json) holds the
 * current sources: it does when no watched source, directory or config file is newer than the stamp
 * the last successful build wrote. A deleted or renamed source counts too, through its directory's
 * own time. Shared by scripts/fresh.js (which rebuilds) and scripts/program.js (which only reads).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
"use strict";
const { existsSync, readdirSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

/** The newest modification under path; a directory's own time counts, so a deleted source does too. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), stat.mtimeMs);
}

/** The build directory, its stamp and what it compiles, for the project at root. */
function buildState(root) {
  const config = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"));
  // The include patterns are `<file>.ts` or `<dir>/**/*.ts`: their first path segment is what to watch.
  const watched = [...config.include.map((pattern) => pattern.split("/")[0]), "tsconfig.json", "tsconfig.build.json", "package.json"];
  const build = join(root, config.compilerOptions.outDir);
  const stamp = join(build, ".built");
  const sources = Math.max(...watched.map((path) => newest(join(root, path))));
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return { build, stamp, current: built >= sources };
}

module.exports = { buildState };
