/**
 * Entry point of `npm run verify`; the command itself is `run` in `verify.ts`. This file only wires
 * the process in; `runMain` exits once the output is flushed, so that a getaddrinfo the per-target
 * timeout gave up on (it holds a libuv thread for the resolver's own, longer timeout) cannot keep the
 * process alive.
 */
import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { isatty } from "node:tty";
import { runMain } from "./cli";
import { realNetwork, run } from "./verify";

runMain((argv, io) =>
  run({
    ...io,
    argv,
    // process.stdin.isTTY is typed boolean but is undefined for a pipe; ask the descriptor instead.
    stdinIsTTY: isatty(0),
    readStdin: () => text(process.stdin),
    readFile: (path) => readFile(path, "utf8"),
    network: realNetwork,
  }),
);
