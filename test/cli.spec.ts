/** The command-line kit every command shares (tools/cli.ts): one parser, one usage error, one bug report. */
import assert from "node:assert/strict";
import { EXIT, type Io, parseCommandLine, runCommand, UsageError } from "../tools/cli";

const SPEC = { out: "string", json: "boolean" } as const;

function captured(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (chunk: string) => void (io.out += chunk),
    stderr: (chunk: string) => void (io.err += chunk),
  };
  return io;
}

describe("the command-line kit", () => {
  it("reads --flag value and --flag=value alike, switches and positionals", () => {
    assert.deepEqual(parseCommandLine(["--out", "a", "--json", "p"], SPEC, { positionals: 1 }), {
      flags: { out: "a", json: true },
      positionals: ["p"],
    });
    assert.deepEqual(parseCommandLine(["--out=a"], SPEC), { flags: { out: "a" }, positionals: [] });
    assert.deepEqual(parseCommandLine(["--out", "-"], SPEC), { flags: { out: "-" }, positionals: [] });
    assert.deepEqual(parseCommandLine(["--", "--json"], SPEC, { positionals: 1 }), { flags: {}, positionals: ["--json"] });
  });

  it("answers help wherever it is asked for, even on an otherwise wrong line", () => {
    assert.equal(parseCommandLine(["--nope", "--help"], SPEC), "help");
    assert.equal(parseCommandLine(["-h"], SPEC), "help");
  });

  for (const [argv, message] of [
    [["--colour"], "unknown option --colour"],
    [["-x"], "unknown option -x"],
    [["--out"], "--out needs a value"],
    [["--out="], "--out needs a value"],
    [["--out", "--json"], "--out needs a value"],
    [["--json=1"], "--json takes no value"],
    [["--out=a", "--out", "b"], "--out given more than once"],
    [["extra"], 'unexpected argument "extra"; try --out'],
  ] as const) {
    it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
      assert.throws(
        () => parseCommandLine(argv, SPEC, { extra: "; try --out" }),
        (error: unknown) => error instanceof UsageError && error.message === message,
      );
    });
  }

  it("turns a usage error into one line and the usage line, exit 2", async () => {
    const io = captured();
    const code = await runCommand(io, "usage: x", () => {
      throw new UsageError("bad\nthing");
    });
    assert.equal(code, EXIT.usage);
    assert.equal(io.err, "error: bad thing\nusage: x\n");
    assert.equal(io.out, "");
  });

  it("reports a command's own user-error classes the same way", async () => {
    class FileError extends Error {}
    const io = captured();
    assert.equal(await runCommand(io, "usage: x", () => Promise.reject(new FileError("cannot read f")), [FileError]), 2);
    assert.equal(io.err, "error: cannot read f\nusage: x\n");
  });

  it("reports anything else as a bug, with its stack trace, exit 70", async () => {
    const io = captured();
    const code = await runCommand(io, "usage: x", () => {
      throw new TypeError("undefined is not a function");
    });
    assert.equal(code, EXIT.bug);
    assert.match(
      io.err,
      /^internal error \(a bug in commerce-privatelink, not in your input; please report it with this text\):\nTypeError: undefined is not a function\n\s+at /,
    );
  });

  it("passes the body's own exit status through", async () => {
    assert.equal(await runCommand(captured(), "usage: x", () => 1), 1);
    assert.equal(await runCommand(captured(), "usage: x", () => Promise.resolve(0)), 0);
  });
});
