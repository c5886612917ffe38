/**
 * The only reader of Pulumi config. It hands the stack's whole key/value map to the pure validation and
 * throws every problem at once, before any resource is registered.
 *
 * Secrets: Pulumi hands the program a secret key's value decrypted and lists the key in
 * PULUMI_CONFIG_SECRET_KEYS. Everything the program derives from it must stay secret, so
 * `secretTexts` lists the texts of the stack's secret values and `secretInputs` marks every resource
 * input that carries one of them as a secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "./keys";
import { ConfigError } from "./problems";
import type { Settings } from "./settings";
import { validateConfig } from "./validate";

/** The project's keys (`adobe`, `tags`) Pulumi holds as secret (`pulumi config set --secret`). */
export function secretKeys(): string[] {
  // runtime/config.js exports isConfigSecret; its declaration is not in the SDK's .d.ts.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  return Object.keys(pulumi.runtime.allConfig())
    .filter((key) => key.startsWith(`${PROJECT}:`) && isSecret?.(key) === true)
    .map((key) => key.slice(PROJECT.length + 1));
}

function leaves(value: unknown, out: Set<string>): void {
  if (typeof value === "string" || typeof value === "number") out.add(String(value));
  else if (Array.isArray(value)) for (const item of value) leaves(item, out);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) leaves(item, out);
}

/**
 * Every text a secret config value is made of (a structured value's leaves; numbers as text), longest
 * first. Texts under 3 characters (a `true`, a `22`) say nothing on their own and are not searched for.
 */
export function secretTexts(): string[] {
  const config = pulumi.runtime.allConfig();
  const out = new Set<string>();
  for (const key of secretKeys()) {
    const raw = config[`${PROJECT}:${key}`] ?? "";
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain text value
    }
    leaves(value, out);
  }
  return [...out].filter((text) => text.length >= 3).sort((a, b) => b.length - a.length);
}

/** Whether the plain parts of a value (Outputs are not looked into) contain one of the texts. */
function carries(value: unknown, texts: readonly string[]): boolean {
  if (pulumi.Output.isInstance(value)) return false;
  if (typeof value === "string") return texts.some((text) => value.includes(text));
  if (typeof value === "number") return texts.includes(String(value));
  if (Array.isArray(value)) return value.some((item) => carries(item, texts));
  if (typeof value === "object" && value !== null) return Object.values(value).some((item) => carries(item, texts));
  return false;
}

/** Replaces every secret text in a message with `[secret]`, for log lines. */
export function redact(message: string, texts: readonly string[] = secretTexts()): string {
  return texts.reduce((text, secret) => text.split(secret).join("[secret]"), message);
}

/**
 * A transformation that makes every input carrying a secret config text a secret input, so Pulumi
 * encrypts it in the state and every output computed from it is secret. None when nothing is secret.
 */
export function secretInputs(): pulumi.ResourceTransformation[] {
  const texts = secretTexts();
  if (texts.length === 0) return [];
  return [
    ({ props, opts }) => {
      const marked = Object.fromEntries(
        Object.entries(props).map(([key, value]) => [
          key,
          // Outputs are looked into once known; an apply that returns a secret makes the input secret.
          carries(value, texts)
            ? pulumi.secret(value)
            : (pulumi.output(value) as pulumi.Output<unknown>).apply((known) => (carries(known, texts) ? pulumi.secret(known) : known)),
        ]),
      );
      return { props: marked, opts };
    },
  ];
}

export function loadSettings(): Settings {
  const result = validateConfig(pulumi.runtime.allConfig());
  if (!result.ok) throw new ConfigError(PROJECT, result.problems);
  const texts = secretTexts();
  for (const warning of result.warnings) void pulumi.log.warn(redact(warning, texts));
  return result.settings;
}
