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

/**
 * Characters a terminal would act on: controls (which JSON already escapes, but raw text may hold),
 * and those JSON leaves as they are (bidi, separators, zero-width).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `text` with every character of INVISIBLE written as a `\\u` escape. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * The value as JSON with every control, format and bidi character escaped (`\u202e`), so that the
 * error line shows a hostile value without letting it reorder or forge the line.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON.stringify returns undefined for functions and symbols, which config values never are.
  const json = (JSON.stringify(value) as string | undefined) ?? typeof value;
  const text = escapeInvisible(json);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** `adobe.ports[1].port: got 22; <rule>. Fix: <fix>.` */
export function formatProblem(problem: ConfigProblem): string {
  return `${escapeInvisible(JSON.stringify(problem.key).slice(1, -1))}: got ${describeValue(problem.value)}; ${problem.rule}. Fix: ${problem.fix}.`;
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
