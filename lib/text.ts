/**
 * Text that reaches Adobe (the ticket, the Azure request message) or a cloud API: how long it is and
 * whether it is one plain line.
 *
 * Counting: Azure Resource Manager is a .NET service, and a .NET string's length is its number of
 * UTF-16 code units, so a character outside the Basic Multilingual Plane (an emoji, many CJK
 * extension characters) counts two. The REST specification states the request message as
 * "Restricted to 140 chars" (azure-rest-api-specs, Microsoft.Network privateEndpoint.json,
 * PrivateLinkServiceConnectionProperties.requestMessage). Counting UTF-16 units is also what
 * JavaScript's `length` does, and never less than the code-point count, so a text that fits here fits
 * any count Azure could apply. The config validation, the request message and the policy pack all
 * count with `characterCount`.
 */

/** Length as Azure counts it: UTF-16 code units. */
export function characterCount(text: string): number {
  return text.length;
}

/**
 * The longest prefix of `text` of at most `max` characters (as `characterCount` counts them) that
 * never splits a character: a surrogate pair is kept whole or dropped whole.
 */
export function truncate(text: string, max: number): string {
  let out = "";
  for (const character of text) {
    if (characterCount(out) + characterCount(character) > max) break;
    out += character;
  }
  return out;
}

/**
 * Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters, the BOM), line and
 * paragraph separators (Zl, Zp) and lone surrogates: none belongs in a company
 * name or an identifier, and each can forge a line of Adobe's ticket or reorder what an engineer
 * reads (U+202E RIGHT-TO-LEFT OVERRIDE).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const NAMES: Readonly<Record<number, string>> = {
  0x00: "NUL",
  0x09: "tab",
  0x0a: "line feed",
  0x0d: "carriage return",
  0x1b: "escape (ANSI sequences)",
  0x7f: "delete",
  0x85: "next line",
  0x200b: "zero width space",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x2028: "line separator",
  0x2029: "paragraph separator",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
  0xfeff: "byte order mark",
};

export interface UnsafeCharacter {
  /** 1-based position, in characters as `characterCount` counts them. */
  readonly position: number;
  /** `U+202E (right-to-left override)`. */
  readonly label: string;
}

/** The first control, format, bidi or separator character in `text`, if any. */
export function unsafeCharacter(text: string): UnsafeCharacter | undefined {
  const match = UNSAFE.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[code];
  return { position: match.index + 1, label: `U+${hex}${name ? ` (${name})` : ""}` };
}

/** The rule a text with an unsafe character breaks, for config problems and policy findings. */
export function unsafeCharacterRule(found: UnsafeCharacter): string {
  return `contains the control, format or bidi character ${found.label} at character ${found.position}, which could forge or reorder lines of Adobe's ticket and request message`;
}
