/**
 * Entry point of `npm run verify`; the command itself is `run` in `verify.ts`. This file only wires
 * the process in and makes sure nothing can outlive the per-target timeout.
 */
import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { isatty } from "node:tty";
import { realNetwork, run } from "./verify";

// A reader that went away (`| head`) is not an error worth a stack trace.
process.stdout.on("error", () => process.exit(process.exitCode ?? 1));

void run({
  argv: process.argv.slice(2),
  // process.stdin.isTTY is typed boolean but is undefined for a pipe; ask the descriptor instead.
  stdinIsTTY: isatty(0),
  readStdin: () => text(process.stdin),
  readFile: (path) => readFile(path, "utf8"),
  network: realNetwork,
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (chunk) => process.stderr.write(chunk),
}).then((code) => {
  // Exit explicitly once the output is flushed: a getaddrinfo that the timeout gave up on still holds
  // a libuv thread and would keep the process alive for the resolver's own, longer timeout.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
});
