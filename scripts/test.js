#!/usr/bin/env node
/**
 * `npm test`: the static checks (the type check and ESLint over one program, then Prettier) and the
 * unit tests (mocha) run side by side. Each is single-threaded, so on two cores this takes the time
 * of the longer lane instead of the sum. Mocha streams its output; the static checks' output is
 * printed when they end.
 * Every step runs even when an earlier one fails, so one run reports every problem; the exit status
 * is non-zero when any step failed.
 */
"use strict";
const { spawn } = require("node:child_process");
const { join } = require("node:path");

const root = join(__dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

const lanes = [
  {
    buffered: true,
    steps: [
      { name: "tsc+eslint", command: process.execPath, args: [join(__dirname, "check.js")] },
      { name: "prettier", command: bin("prettier"), args: ["--check", "."] },
    ],
  },
  { buffered: false, steps: [{ name: "mocha", command: bin("mocha"), args: [] }] },
];

function run(step, buffered) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(step.command, step.args, {
      cwd: root,
      stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    if (buffered) {
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
    }
    child.on("error", (error) => resolve({ step, ok: false, seconds: 0, output: `${error.message}\n` }));
    child.on("close", (code) => resolve({ step, ok: code === 0, seconds: (Date.now() - started) / 1000, output }));
  });
}

async function lane({ buffered, steps }) {
  const results = [];
  for (const step of steps) results.push(await run(step, buffered));
  return results;
}

Promise.all(lanes.map(lane)).then((done) => {
  const results = done.flat();
  for (const { step, output } of results) {
    if (output.trim() !== "") process.stdout.write(`\n--- ${step.name}\n${output}`);
  }
  process.stdout.write(`\n${results.map((r) => `${r.step.name} ${r.ok ? "ok" : "FAILED"} (${r.seconds.toFixed(1)} s)`).join(", ")}\n`);
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
});
