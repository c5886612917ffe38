/**
 * What every command line of the project shares (`npm start`, `npm run policy`, `npm run verify`,
 * `npm run bench`): one argument parser over `node:util`'s `parseArgs`, one usage error, one way to
 * write output and to exit, and one bug report. The same flag behaves the same in every command:
 * `--flag value` and `--flag=value` alike, a missing value, a repeated flag, an unknown flag or a
 * value on a switch is a usage error (exit 2, one line and the usage line, never a stack trace).
 */
import { parseArgs } from "node:util";

/** The exit statuses every command shares; 0 and 1 are each command's own (success, failed check). */
export const EXIT = { ok: 0, failed: 1, usage: 2, bug: 70 } as const;

/** The command line or an input file is wrong: one line, then the usage line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
}

export const PROCESS_IO: Io = {
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (chunk) => void process.stderr.write(chunk),
};

export type FlagType = "string" | "boolean";
export type FlagSpec = Readonly<Record<string, FlagType>>;
export type Flags<S extends FlagSpec> = { -readonly [K in keyof S]?: S[K] extends "string" ? string : true };

export interface Parsed<S extends FlagSpec> {
  readonly flags: Flags<S>;
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against `spec` (`--help` and `-h` are always known). Returns "help" when help was
 * asked for anywhere on the line, whatever else is wrong with it. `positionals` is how many plain
 * arguments the command takes; `extra` explains the refusal of one more.
 */
export function parseCommandLine<S extends FlagSpec>(
  argv: readonly string[],
  spec: S,
  { positionals = 0, extra = "" }: { positionals?: number; extra?: string } = {},
): Parsed<S> | "help" {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type, multiple: true }]));
  // strict: false returns every token, so that each refusal is ours, in the same words everywhere.
  const { tokens } = parseArgs({
    args: [...argv],
    options: { ...options, help: { type: "boolean", short: "h", multiple: true } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return "help";
  const flags: Record<string, string | true> = {};
  const plain: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      if (plain.length >= positionals) throw new UsageError(`unexpected argument ${JSON.stringify(token.value)}${extra}`);
      plain.push(token.value);
      continue;
    }
    const type = spec[token.name];
    if (type === undefined || !token.rawName.startsWith("--")) throw new UsageError(`unknown option ${token.rawName}`);
    if (token.name in flags) throw new UsageError(`${token.rawName} given more than once`);
    if (type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      flags[token.name] = true;
      continue;
    }
    // A following flag is a forgotten value, not a value that starts with "--".
    const value = token.value;
    if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("--")))
      throw new UsageError(`${token.rawName} needs a value`);
    flags[token.name] = value;
  }
  return { flags: flags as Flags<S>, positionals: plain };
}

/** The report of a bug (not a user's mistake): the stack trace is for whoever fixes it. */
export function bugReport(error: unknown): string {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error (a bug in commerce-privatelink, not in your input; please report it with this text):\n${detail}\n`;
}

/** A class of error that is the user's to fix: reported like a usage error. */
type UserError = abstract new (...args: never[]) => Error;

/**
 * Runs a command's body and turns what it throws into the shared exit statuses: a usage error (or one
 * of `userErrors`) is one line and the usage line, exit 2; anything else is a bug, exit 70.
 */
export async function runCommand(
  io: Io,
  usage: string,
  body: () => number | Promise<number>,
  userErrors: readonly UserError[] = [],
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError || userErrors.some((type) => error instanceof type)) {
      const message = (error as Error).message.split("\n").join(" ");
      io.stderr(`error: ${message}\n${usage}\n`);
      return EXIT.usage;
    }
    io.stderr(bugReport(error));
    return EXIT.bug;
  }
}

/**
 * The process around a command: runs `main` on the process's arguments and streams, then exits with
 * its status once the output is flushed. Exiting explicitly matters: nothing a command leaves behind
 * (Pulumi's mocks, a getaddrinfo the timeout gave up on) may keep the process alive.
 */
export function runMain(main: (argv: readonly string[], io: Io) => number | Promise<number>): void {
  // A reader that went away (`| head`) is not an error worth a stack trace.
  process.stdout.on("error", () => process.exit(process.exitCode ?? EXIT.failed));
  const exit = (code: number): void => {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  };
  Promise.resolve()
    .then(() => main(process.argv.slice(2), PROCESS_IO))
    .then(exit, (error: unknown) => {
      process.stderr.write(bugReport(error));
      exit(EXIT.bug);
    });
}
