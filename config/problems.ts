import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with a stack's configuration. */
export interface ConfigProblem {
  /** Key path under the project namespace, e.g. `adobe.ports[1].port`. */
  readonly key: string;
  /** The value received (undefined when the key is missing). */
  readonly value: unknown;
  /** What is wrong, as a rule the value breaks. */
  readonly rule: string;
  /** What to write instead. */
  readonly fix: string;
}

const MAX_VALUE_CHARS = 80;

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON.stringify returns undefined for functions and symbols, which config values never are.
  const text = (JSON.stringify(value) as string | undefined) ?? typeof value;
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** `adobe.ports[1].port: got 22; <rule>. Fix: <fix>.` */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.key}: got ${describeValue(problem.value)}; ${problem.rule}. Fix: ${problem.fix}.`;
}

export function formatProblems(project: string, problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return [
    `The stack configuration of ${project} has ${count}; nothing was planned or changed:`,
    ...problems.map((problem) => `  - ${formatProblem(problem)}`),
  ].join("\n");
}

/**
 * Invalid stack configuration. A `RunError`, so `pulumi up` prints the message alone, without a stack
 * trace, and stops before any resource is registered.
 */
export class ConfigError extends pulumi.RunError {
  constructor(
    project: string,
    public readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(project, problems));
    this.name = "ConfigError";
  }
}
