/**
 * Stack files read as the Pulumi CLI reads them (YAML 1.1), or refused where a YAML 1.2 reading would
 * differ; what `pulumi config set` writes accepted as written; only small regular files read.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateConfig } from "../config/validate";
import { main } from "../tools/plan-cli";
import {
  MAX_STACK_FILE_BYTES,
  parseStackFile,
  parseStackFileWithSecrets,
  readStackFile,
  StackFileError,
  toPulumiConfig,
} from "../tools/stackfile";
import { STACKS_DIR } from "./harness";
import { mocks } from "./setup";

const refused = (text: string, message: RegExp): void =>
  assert.throws(
    () => parseStackFile(text, "Pulumi.x.yaml"),
    (error: Error) => error instanceof StackFileError && message.test(error.message),
  );

describe("stack files as the Pulumi CLI reads them", () => {
  it("refuses a port with a leading zero: the CLI reads 0663 as the octal 435", () =>
    refused(
      "config:\n  commerce-privatelink:adobe:\n    ports:\n      - { name: mysql, port: 0663 }\n",
      /^Pulumi\.x\.yaml: config\.commerce-privatelink:adobe\.ports\[0\]\.port reads as 435 to the Pulumi CLI \(YAML 1\.1\) but as 663 in YAML 1\.2; quote the value/,
    ));

  it("refuses 026 (22 to the CLI, 26 in YAML 1.2)", () => refused("config:\n  p:port: 026\n", /p:port reads as 22 .* but as 26/));

  it("refuses the other YAML 1.1 scalars go-yaml reads: yes, off, 1_000", () => {
    refused("config:\n  p:a: yes\n", /p:a reads as true .* but as "yes"/);
    refused("config:\n  p:a: off\n", /p:a reads as false .* but as "off"/);
    refused("config:\n  p:a: 1_000\n", /p:a reads as 1000 .* but as "1_000"/);
  });

  it("accepts 1:20 and dates as text, as go-yaml v2 (the CLI's parser) leaves base 60 and timestamps out", () => {
    assert.deepEqual(
      parseStackFile("config:\n  p:a: 1:20\n  p:b: 2026-01-02\n  p:c: { window: 12:30, since: 2026-01-02 }\n", "Pulumi.x.yaml"),
      {
        "p:a": "1:20",
        "p:b": "2026-01-02",
        "p:c": { window: "12:30", since: "2026-01-02" },
      },
    );
  });

  it("refuses a key written twice in one mapping, at any depth, naming it; a key a merge (<<) overrides is no duplicate", () => {
    refused("config:\n  p:a: 1\n  p:a: 2\n", /^Pulumi\.x\.yaml is not valid YAML: Map keys must be unique: "p:a" is written twice$/);
    refused("config:\n  p:a: { x: 1, z: 2, x: 3 }\n", /Map keys must be unique: "x" is written twice$/);
    assert.deepEqual(parseStackFile("base: &b { x: 1, z: 2 }\nconfig:\n  p:a: { <<: *b, x: 3 }\n", "Pulumi.x.yaml"), {
      "p:a": { x: 3, z: 2 },
    });
    const many = `config:\n${Array.from({ length: 3_000 }, (_, i) => `  p:k${i}: ${i}`).join("\n")}\n  p:k7: again\n`;
    refused(many, /Map keys must be unique: "p:k7" is written twice$/);
  });

  it("refuses a key YAML 1.1 reads as a boolean", () =>
    refused(
      "config:\n  p:tags:\n    y: north\n",
      /config\.p:tags: the keys read as \["true"\] .* but as \["y"\] in YAML 1\.2; quote the key/,
    ));

  it("accepts merge keys, merged as the CLI merges them", () =>
    assert.deepEqual(parseStackFile("base: &tags { owner: net }\nconfig:\n  p:tags:\n    <<: *tags\n    team: edge\n", "f"), {
      "p:tags": { owner: "net", team: "edge" },
    }));

  it("reads every example stack the same both ways", () => {
    for (const name of ["aws-unidirectional", "aws-bidirectional", "azure-unidirectional", "azure-bidirectional"])
      assert.ok(Object.keys(readStackFile(join(STACKS_DIR, `Pulumi.${name}.yaml`))).length > 0);
  });

  it("reads a secure: value (pulumi config set --secret) as [secret] and lists its key", () =>
    assert.deepEqual(
      parseStackFileWithSecrets("config:\n  p:adobe:\n    company:\n      secure: v1:AAAABBBB\n  p:x: { secure: v1:CCCC }\n", "f"),
      { config: { "p:adobe": { company: "[secret]" }, "p:x": "[secret]" }, secrets: ["p:adobe.company", "p:x"] },
    ));

  it("accepts a numeric tag value as pulumi config set --path writes it (4711 is the text 4711)", () => {
    const config = readStackFile(join(STACKS_DIR, "Pulumi.aws-bidirectional.yaml"));
    config["commerce-privatelink:tags"] = { "cost-center": 4711, owner: "platform-network" };
    const result = validateConfig(toPulumiConfig(config));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.settings.tags, { "cost-center": "4711", owner: "platform-network" });
  });

  describe("reads only small regular files, with one line saying why not", () => {
    const dir = mkdtempSync(join(tmpdir(), "stackfile-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    const refusedFile = (path: string, message: RegExp): void =>
      assert.throws(
        () => readStackFile(path),
        (error: Error) => error instanceof StackFileError && message.test(error.message) && !error.message.includes("\n"),
      );

    it("a device", () => refusedFile("/dev/zero", /^stack file \/dev\/zero is not a regular file \(a device, FIFO or socket\)$/));
    it("a directory", () => refusedFile(dir, /is a directory, not a file$/));
    it("a FIFO, without waiting for a writer", () => {
      const fifo = join(dir, "fifo");
      execFileSync("mkfifo", [fifo]);
      refusedFile(fifo, /is not a regular file/);
    });
    it("a missing file", () => refusedFile(join(dir, "none.yaml"), /^cannot read stack file .*: ENOENT$/));
    it("a file over the limit, unread", () => {
      const big = join(dir, "big.yaml");
      writeFileSync(big, `config:\n  p:a: ${"a".repeat(MAX_STACK_FILE_BYTES)}\n`);
      refusedFile(big, /is larger than 64 KiB/);
    });
    it("text over the limit, unparsed (10 MB)", () => refused(`config:\n  p:a: [${"x, ".repeat(3_500_000)}]\n`, /is larger than 64 KiB/));
    it("an alias bomb", () =>
      refused(
        "a: &a [1,2]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        /not valid YAML: Excessive alias count/,
      ));
    it("nesting deeper than 64 levels, unparsed", () => refused(`a: ${"[".repeat(30_000)}\n`, /nests \[ \] and \{ \} 30000 levels deep/));
  });

  it("npm start shows [secret] for a secure: value and says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stackfile-"));
    try {
      const file = join(dir, "Pulumi.secret.yaml");
      const text = readFileSync(join(STACKS_DIR, "Pulumi.aws-bidirectional.yaml"), "utf8").replace(
        "company: Acme Corp",
        "company:\n      secure: v1:AAAAAAAAAAAAAAAAAAAAAAAA",
      );
      writeFileSync(file, text);
      let stdout = "";
      let stderr = "";
      const code = await main(
        ["--config", file, "--json"],
        { stdout: (chunk) => void (stdout += chunk), stderr: (chunk) => void (stderr += chunk) },
        { mocks },
      );
      assert.equal(code, 0, stderr);
      assert.match(
        stderr,
        /^note: commerce-privatelink:adobe\.company is a secret \(secure:\); only the Pulumi CLI can decrypt them, so this plan shows \[secret\] in their place$/m,
      );
      const report = JSON.parse(stdout) as { outputs: { enablementRequest: { subject: string } } };
      assert.match(report.outputs.enablementRequest.subject, /\[secret\]/);
      assert.ok(!stdout.includes("v1:AAAA"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
