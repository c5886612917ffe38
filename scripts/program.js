/**
 * The Pulumi program's entry point (package.json `main`; Pulumi.yaml sets `typescript: false`, so the
 * language host loads this file as it is). When build/ holds the current sources, as `npm ci`,
 * `npm start` and `npm run build` leave it, the program runs from build/index.js: no TypeScript compiler
 * is loaded, and `pulumi preview` / `pulumi up` start about as fast as node loading the SDKs. When a
 * source is newer than the last build, index.ts is loaded through ts-node, transpile-only
 * (tsconfig.pulumi.json), so an edited program runs on the next `pulumi up` without a build step.
 * Types are `npm test`'s job either way. This file never writes build/: parallel stacks (the fleet)
 * may run it at the same time.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
"use strict";
const { join } = require("node:path");
const { buildState } = require("./build-state");

const root = join(__dirname, "..");
const { build, current } = buildState(root);

// cmd/run installs source-map-support, which maps the stack the SDK captures for each of its
// promises through the SDK's source maps: about a sixth of a run (measured with --cpu-prof under the
// engine stand-in), for stacks Pulumi shows only on a bug. build/ has no source maps to apply, and
// ts-node (the fallback below) installs its own mapping for index.ts.
Reflect.deleteProperty(Error, "prepareStackTrace");

if (current) {
  module.exports = require(join(build, "index.js"));
} else {
  require("ts-node").register({ transpileOnly: true, project: join(root, "tsconfig.pulumi.json") });
  module.exports = require(join(root, "index.ts"));
}
