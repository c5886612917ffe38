/**
 * What `npm run bench` measures: the cases (the floor, the example stacks, the generated stacks of each
 * series up to and one past its quota) and the budgets of issue 9 they are judged against.
 */
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { AWS_QUOTAS, AZURE_QUOTAS, type Cloud } from "../rules/adobe";
import { readStackFile, type StackConfig } from "../tools/stackfile";
import { type Dimension, withPorts, withServices } from "./generate";
import { REPORT_PREFIX } from "./protocol";
import type { LinearityBudget } from "./stats";

export const ROOT = resolve(__dirname, "..");
export const STACKS = ["aws-unidirectional", "aws-bidirectional", "azure-unidirectional", "azure-bidirectional"] as const;

/** The budgets of issue 9. */
export const BUDGETS = {
  /** An example stack's plan, at most this many times the floor. */
  planVsFloor: 1.5,
  scaling: { maxSlopeMs: 2, minR2: 0.9, maxLastStepRatio: 2, noiseMs: 50 } satisfies LinearityBudget,
  testWallMs: 30_000,
  testPeakKb: 1024 * 1024,
  /** Issue 17: refusing an input of up to 10 MB, whatever it holds. */
  hostileRefusedMs: 2_000,
  /** Issue 21: `npm start -- --all` over this many generated stacks, per stack and for the whole tree. */
  fleet: { stacks: 100, perStackMs: 500, peakKb: 1024 * 1024 },
};

export const TS_NODE = ["-r", "ts-node/register/transpile-only"];
export const CHILD_TIMEOUT_MS = 300_000;

export type Group = "floor" | "example" | "scale" | "scale-js" | "hostile" | "fleet";

export interface Case {
  readonly id: string;
  readonly group: Group;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Reads the child's report line (false for commands that print none, like the plan CLI). */
  readonly reports: boolean;
  readonly series?: Series;
  readonly size?: number;
  /** Past-quota cases: the substrings the error must contain. */
  readonly expectError?: readonly string[];
  /** Hostile inputs: what the one-line refusal must contain (exit 1 or 2, no stack trace). */
  readonly expectRefusal?: string;
  /** Measure the peak of the whole process tree (the command runs worker processes). */
  readonly sampleTree?: boolean;
}

export interface Series {
  readonly id: string;
  readonly cloud: Cloud;
  readonly dimension: Dimension;
  readonly consecutive: boolean;
  readonly sizes: readonly number[];
  /** One past the quota, or undefined when the series does not reach the quota. */
  readonly past?: { readonly size: number; readonly expect: readonly string[] };
  /** Judged against the marginal-cost budget. */
  readonly budgeted: boolean;
  readonly note: string;
}

const NOTHING_PLANNED = "nothing was planned or changed";

export const SERIES: readonly Series[] = [
  {
    id: "aws-ports",
    cloud: "aws",
    dimension: "ports",
    consecutive: false,
    sizes: [1, 10, AWS_QUOTAS.inboundRulesPerSecurityGroup],
    past: {
      size: AWS_QUOTAS.inboundRulesPerSecurityGroup + 1,
      expect: [NOTHING_PLANNED, `over the quota of ${AWS_QUOTAS.inboundRulesPerSecurityGroup} inbound rules per group`],
    },
    budgeted: true,
    note: "scattered ports (step 2), 1 client CIDR: one security group rule per port, quota 60 rules",
  },
  {
    id: "aws-services",
    cloud: "aws",
    dimension: "services",
    consecutive: false,
    sizes: [1, 10, AWS_QUOTAS.listenersPerLoadBalancer],
    past: {
      size: AWS_QUOTAS.listenersPerLoadBalancer + 1,
      expect: [NOTHING_PLANNED, `exceeds the quota of ${AWS_QUOTAS.listenersPerLoadBalancer} listeners per Network Load Balancer`],
    },
    budgeted: true,
    note: "one listener per service, quota 50",
  },
  {
    id: "azure-ports",
    cloud: "azure",
    dimension: "ports",
    consecutive: false,
    sizes: [1, 10, 100],
    past: {
      size: AZURE_QUOTAS.rulesPerNetworkSecurityGroup,
      expect: [NOTHING_PLANNED, `over Azure's ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup} rules per network security group`],
    },
    budgeted: true,
    note: `measured to 100; the quota is ${AZURE_QUOTAS.rulesPerNetworkSecurityGroup - 1} ports (one NSG rule each plus the final deny)`,
  },
  {
    id: "azure-services",
    cloud: "azure",
    dimension: "services",
    consecutive: false,
    sizes: [1, 10, 100],
    past: {
      size: AZURE_QUOTAS.rulesPerLoadBalancer + 1,
      expect: [
        NOTHING_PLANNED,
        `exceeds the quota of ${AZURE_QUOTAS.rulesPerLoadBalancer} load-balancing rules per Standard Load Balancer`,
      ],
    },
    budgeted: true,
    note: `measured to 100 (practical); the quota is ${AZURE_QUOTAS.rulesPerLoadBalancer} load-balancing rules`,
  },
];

function stackFile(stack: string): string {
  return join(ROOT, "stacks", `Pulumi.${stack}.yaml`);
}

function generatedConfig(series: Series, size: number): StackConfig {
  const base = readStackFile(stackFile(`${series.cloud}-${series.dimension === "ports" ? "unidirectional" : "bidirectional"}`));
  return series.dimension === "ports" ? withPorts(base, series.cloud, size, series.consecutive) : withServices(base, series.cloud, size);
}

/**
 * Compiles the project to JavaScript once (emit only, no type check) in a temporary directory, to show
 * what a plan costs without ts-node. The directory links the project's node_modules so that the
 * compiled files resolve the same packages. Undefined when the compile fails.
 */
export function compileProject(dir: string): string | undefined {
  const out = join(dir, "js");
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", ROOT, "--outDir", out, "--noCheck", "--sourceMap", "false"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (tsc.status !== 0 || !existsSync(join(out, "bench", "child.js"))) {
    process.stderr.write(
      `note: compiling the project to JavaScript failed, the precompiled rows are left out\n${tsc.stdout}${tsc.stderr}\n`,
    );
    return undefined;
  }
  symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"), "dir");
  return out;
}

const FLOOR_NODE_CODE = `require("@pulumi/pulumi");process.stdout.write(${JSON.stringify(REPORT_PREFIX)}+JSON.stringify({ok:true,loadedMs:performance.now(),planMs:0,resources:0,maxRssKb:process.resourceUsage().maxRSS})+"\\n")`;

/**
 * `count` stack files in `dir`, the example stacks in turn under other names (Pulumi.m001-aws-... ):
 * a fleet of merchants whose stacks differ by name, as the plan of each is the same work.
 */
export function writeFleet(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const base = STACKS[i % STACKS.length] ?? STACKS[0];
    copyFileSync(stackFile(base), join(dir, `Pulumi.m${String(i + 1).padStart(3, "0")}-${base}.yaml`));
  }
}

export function buildCases(work: string, compiled: string | undefined): Case[] {
  const node = process.execPath;
  const cases: Case[] = [
    {
      id: "node-empty",
      group: "floor",
      label: "node -e 0 (Node start alone, for scale)",
      command: node,
      args: ["-e", "0"],
      reports: false,
    },
    {
      id: "floor-node",
      group: "floor",
      label: "FLOOR: node, require('@pulumi/pulumi')",
      command: node,
      args: ["-e", FLOOR_NODE_CODE],
      reports: true,
    },
    {
      id: "floor-ts-node",
      group: "floor",
      label: "ts-node transpile-only, import '@pulumi/pulumi'",
      command: node,
      args: [...TS_NODE, join(ROOT, "bench", "floor.ts")],
      reports: true,
    },
  ];
  // What `npm start` runs: the plan CLI compiled to build/ by scripts/fresh.js.
  const planCli = join(ROOT, "build", "tools", "plan-cli.js");
  for (const stack of STACKS) {
    cases.push({
      id: `run-${stack}`,
      group: "example",
      label: `${stack}: tools/run.ts (ts-node)`,
      command: node,
      args: [...TS_NODE, join(ROOT, "bench", "child.ts"), "--stack-file", stackFile(stack)],
      reports: true,
    });
    if (existsSync(planCli)) {
      cases.push({
        id: `cli-${stack}`,
        group: "example",
        label: `${stack}: npm start --json (plan CLI from build/)`,
        command: node,
        args: [planCli, "--stack", stack, "--json"],
        reports: false,
      });
    }
    if (stack === "aws-bidirectional") {
      // The same plan as a user types it: what npm itself adds (its start, scripts/fresh.js's check).
      cases.push({
        id: `npm-${stack}`,
        group: "example",
        label: `${stack}: npm start -s -- --json (through npm)`,
        command: "npm",
        args: ["start", "-s", "--", "--stack", stack, "--json"],
        reports: false,
      });
    }
    if (compiled !== undefined) {
      cases.push({
        id: `js-${stack}`,
        group: "example",
        label: `${stack}: tools/run.ts precompiled JS (no ts-node)`,
        command: node,
        args: [join(compiled, "bench", "child.js"), "--stack-file", stackFile(stack)],
        reports: true,
      });
    }
  }
  if (existsSync(planCli)) {
    const dir = join(work, "fleet");
    writeFleet(dir, BUDGETS.fleet.stacks);
    cases.push({
      id: `fleet-all-${BUDGETS.fleet.stacks}`,
      group: "fleet",
      label: `${BUDGETS.fleet.stacks} stacks: npm start --all --json (plan CLI from build/, its worker pool)`,
      command: node,
      args: [planCli, "--all", "--stacks", dir, "--json"],
      reports: false,
      size: BUDGETS.fleet.stacks,
      sampleTree: true,
    });
  }
  for (const series of SERIES) {
    const sizes = [
      ...series.sizes.map((size) => ({ size, past: false })),
      ...(series.past ? [{ size: series.past.size, past: true }] : []),
    ];
    for (const { size, past } of sizes) {
      const file = join(work, `${series.id}-${size}.json`);
      writeFileSync(file, JSON.stringify(generatedConfig(series, size)));
      cases.push({
        id: `${series.id}-${size}`,
        group: "scale",
        label: `${series.id} x${size}${past ? " (past quota)" : ""}`,
        command: node,
        args: [...TS_NODE, join(ROOT, "bench", "child.ts"), "--config-json", file],
        reports: true,
        series,
        size,
        ...(past && series.past ? { expectError: series.past.expect } : {}),
      });
      // The smallest and largest valid size again without ts-node: the marginal cost of the program
      // itself, without the source-map work ts-node adds to every stack trace the SDK takes.
      const ends = [series.sizes[0], series.sizes[series.sizes.length - 1]];
      if (compiled !== undefined && series.budgeted && !past && ends.includes(size)) {
        cases.push({
          id: `js-${series.id}-${size}`,
          group: "scale-js",
          label: `${series.id} x${size} (precompiled JS)`,
          command: node,
          args: [join(compiled, "bench", "child.js"), "--config-json", file],
          reports: true,
          series,
          size,
        });
      }
    }
  }
  cases.push(...hostileCases(work));
  return cases;
}

/**
 * Stack files an attacker or a careless user could hand to `npm start -- --config`: each must be
 * refused in one line, within the budget, whatever its size or kind.
 */
function hostileCases(work: string): Case[] {
  const file = (name: string, text: string): string => {
    const path = join(work, `Pulumi.${name}.yaml`);
    writeFileSync(path, text);
    return path;
  };
  const zero = join(work, "Pulumi.zero.yaml");
  symlinkSync("/dev/zero", zero);
  const fifo = join(work, "Pulumi.fifo.yaml");
  const madeFifo = spawnSync("mkfifo", [fifo]).status === 0;
  // Nine levels of nine aliases each: 9^9 nodes if expanded, in 400 bytes.
  const laughs = ["a0: &a0 [x]", ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(", ")}]`)];
  const inputs: { id: string; label: string; path: string; refusal: string }[] = [
    {
      id: "10mb",
      label: "a 10 MB stack file",
      path: file("10mb", `config:\n  p:a: [${"x, ".repeat(3_500_000)}]\n`),
      refusal: "larger than 64 KiB",
    },
    { id: "dev-zero", label: "a stack file linked to /dev/zero", path: zero, refusal: "not a regular file" },
    ...(madeFifo ? [{ id: "fifo", label: "a FIFO nobody writes", path: fifo, refusal: "not a regular file" }] : []),
    {
      id: "laughs",
      label: "an alias bomb (9^9 nodes, 400 bytes)",
      path: file("laughs", `${laughs.join("\n")}\nconfig:\n  p:a: *a9\n`),
      refusal: "",
    },
    {
      id: "keys",
      label: "4,000 keys in 64 KiB",
      path: file("keys", `config:\n${Array.from({ length: 4_000 }, (_, i) => `  p:k${i}: ${i}`).join("\n")}\n`.slice(0, 65_000)),
      refusal: "",
    },
  ];
  const planCli = join(ROOT, "build", "tools", "plan-cli.js");
  return inputs.map((input) => ({
    id: `hostile-${input.id}`,
    group: "hostile",
    label: `npm start -- --config ${input.label}`,
    command: process.execPath,
    args: [planCli, "--config", input.path],
    reports: false,
    expectRefusal: input.refusal,
  }));
}
