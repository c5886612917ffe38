/**
 * Whether build/ (the program and the tools compiled to JavaScript by tsconfig.build.json) holds the
 * current sources. The stamp the last successful build wrote lists the files it was built from:
 * build/ is current when that list is today's and no listed file is newer than the stamp. So an
 * added or deleted source counts, while a directory's own time (a test's temporary dist/ in policy/)
 * does not. Shared by scripts/fresh.js (which rebuilds) and scripts/program.js (which only reads).
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
"use strict";
const { existsSync, readdirSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

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

/** The build directory, its stamp, the stamp's text for today's sources, and whether build/ is current. */
function buildState(root) {
  const config = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"));
  // The include patterns are `<file>.ts` or `<dir>/**/*.ts`: their first path segment is what to watch.
  const watched = [...config.include.map((pattern) => pattern.split("/")[0]), "tsconfig.json", "tsconfig.build.json", "package.json"];
  const inputs = watched.flatMap((path) => files(join(root, path), []));
  const sources = Math.max(0, ...inputs.map((file) => statSync(file).mtimeMs));
  const list = inputs.map((file) => file.slice(root.length + 1)).join("\n") + "\n";
  const build = join(root, config.compilerOptions.outDir);
  const stamp = join(build, ".built");
  const built = existsSync(stamp) && readFileSync(stamp, "utf8") === list ? statSync(stamp).mtimeMs : 0;
  return { build, stamp, list, current: built >= sources && built > 0 };
}

module.exports = { buildState };
