/** The benchmark's pure helpers: statistics, generated configs and table formatting. Nothing here is timed. */
import assert from "node:assert/strict";
import { PROJECT } from "../config/keys";
import { validateConfig } from "../config/validate";
import { generatePorts, targetAddress, withPorts, withServices } from "../bench/generate";
import { parseReport, formatReport } from "../bench/protocol";
import { formatMb, formatMs, judgeScaling, lastStepRatio, linearFit, markdownTable, median, textTable } from "../bench/stats";
import { toPulumiConfig } from "../tools/stackfile";
import { exampleStack } from "./harness";

const BUDGET = { maxSlopeMs: 2, minR2: 0.9, maxLastStepRatio: 2, noiseMs: 50 };

describe("bench helpers", () => {
  describe("median", () => {
    it("takes the middle value of an odd count, in any order", () => {
      assert.equal(median([5, 1, 3]), 3);
    });
    it("averages the two middle values of an even count", () => {
      assert.equal(median([4, 1, 3, 2]), 2.5);
    });
    it("refuses no values", () => {
      assert.throws(() => median([]), RangeError);
    });
  });

  describe("linearFit", () => {
    it("recovers an exact line with R² 1", () => {
      const fit = linearFit([1, 10, 100], [1002, 1020, 1200]);
      assert.ok(Math.abs(fit.slope - 2) < 1e-9);
      assert.ok(Math.abs(fit.intercept - 1000) < 1e-9);
      assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
    });
    it("gives R² 1 for a flat series", () => {
      assert.deepEqual(linearFit([1, 2, 3], [7, 7, 7]), { slope: 0, intercept: 7, r2: 1 });
    });
    it("gives a low R² for scattered points", () => {
      assert.ok(linearFit([1, 2, 3, 4], [10, 0, 10, 0]).r2 < 0.5);
    });
    it("needs two distinct x values", () => {
      assert.throws(() => linearFit([5, 5], [1, 2]), RangeError);
      assert.throws(() => linearFit([1], [1]), RangeError);
    });
  });

  describe("linearity", () => {
    it("sees a quadratic last step", () => {
      const xs = [1, 10, 50, 100];
      const ys = xs.map((x) => x * x);
      const ratio = lastStepRatio(xs, ys, linearFit(xs, ys));
      assert.ok(ratio !== undefined && ratio > 1.3);
    });
    it("passes a line under the slope budget and fails one over it", () => {
      const xs = [1, 10, 100];
      const cheap = judgeScaling(
        xs,
        xs.map((x) => 1000 + 1.5 * x),
        BUDGET,
      );
      assert.equal(cheap.slopeOk, true);
      assert.equal(cheap.linear, true);
      const dear = judgeScaling(
        xs,
        xs.map((x) => 1000 + 20 * x),
        BUDGET,
      );
      assert.equal(dear.slopeOk, false);
      assert.equal(dear.linear, true);
    });
    it("does not judge linearity when the growth is within noise", () => {
      const verdict = judgeScaling([1, 10, 100], [1000, 1010, 990], BUDGET);
      assert.equal(verdict.linear, true);
      assert.match(verdict.linearReason, /within noise/);
    });
  });

  describe("formatting", () => {
    it("formats ms and MB", () => {
      assert.equal(formatMs(1234.4), "1234 ms");
      assert.equal(formatMs(12.34), "12.3 ms");
      assert.equal(formatMb(2048), "2 MB");
      assert.equal(formatMb(undefined), "n/a");
    });
    it("writes a Markdown table, right-aligning numbers and escaping pipes", () => {
      const table = markdownTable(
        ["case", "wall"],
        [
          ["a|b", "12 ms"],
          ["c", "3.5 ms"],
        ],
      );
      assert.equal(table, ["| case | wall |", "| --- | ---: |", "| a\\|b | 12 ms |", "| c | 3.5 ms |"].join("\n"));
    });
    it("aligns a text table", () => {
      assert.equal(textTable(["a", "bb"], [["xyz", "1"]]), ["a    bb", "---  --", "xyz  1"].join("\n"));
    });
    it("round-trips a child report through stdout", () => {
      const report = { ok: false, loadedMs: 1, planMs: 2, resources: 0, error: "ConfigError: x", maxRssKb: 3 };
      assert.deepEqual(parseReport(`noise\n${formatReport(report)}\n`), report);
      assert.equal(parseReport("no report"), undefined);
    });
  });

  describe("generated stacks", () => {
    it("skips the ports a cloud forbids", () => {
      assert.deepEqual(generatePorts("azure", "customer-to-adobe", 3, 442, 1), [442, 444, 445]);
      assert.deepEqual(generatePorts("aws", "customer-to-adobe", 2, 21, 1), [21, 23]);
      assert.deepEqual(generatePorts("aws", "customer-to-adobe", 3, 100, 2), [100, 102, 104]);
    });
    it("keeps target addresses valid", () => {
      assert.equal(targetAddress("10.40.0.0/16", 0), "10.40.1.10");
      assert.equal(targetAddress("10.40.0.0/16", 1500), "10.40.7.70");
    });
    it("makes valid configs up to the AWS quotas and refuses one past them", () => {
      const ports = (n: number, consecutive: boolean): ReturnType<typeof validateConfig> =>
        validateConfig(toPulumiConfig(withPorts(exampleStack("aws-unidirectional"), "aws", n, consecutive)));
      const services = (n: number): ReturnType<typeof validateConfig> =>
        validateConfig(toPulumiConfig(withServices(exampleStack("aws-bidirectional"), "aws", n)));
      assert.equal(ports(60, false).ok, true);
      assert.equal(ports(61, false).ok, false);
      assert.equal(ports(61, true).ok, false, "consecutive ports are never merged into range rules");
      assert.equal(services(50).ok, true);
      assert.equal(services(51).ok, false);
    });
    it("makes a valid Azure config with 100 services and refuses 1501", () => {
      const services = (n: number): ReturnType<typeof validateConfig> =>
        validateConfig(toPulumiConfig(withServices(exampleStack("azure-bidirectional"), "azure", n)));
      assert.equal(services(100).ok, true);
      const past = services(1501);
      if (past.ok) assert.fail("1501 services must be refused");
      assert.deepEqual(
        past.problems.map((p) => p.key),
        ["services"],
      );
    });
    it("does not change the base config", () => {
      const base = exampleStack("aws-unidirectional");
      const before = JSON.stringify(base);
      withPorts(base, "aws", 5, false);
      assert.equal(JSON.stringify(base), before);
      assert.ok(`${PROJECT}:adobe` in base);
    });
  });
});
