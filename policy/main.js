/**
 * The pack's entry point. Published (`pulumi policy publish` runs `npm pack`, whose prepack compiles
 * the pack and the project modules it imports to dist/), it runs the compiled JavaScript; in the
 * project, `pulumi preview --policy-pack policy` runs index.ts through the ts-node the policy runtime
 * registers.
 */
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "dist", "policy", "index.js");
require(existsSync(compiled) ? compiled : "./index.ts");
