/**
 * IPv4 addresses and CIDR blocks, parsed (never string-matched): the config validation and the policy
 * pack decide "private", "host bits set" and "covers the internet" with these functions.
 */

export interface Cidr {
  /** First address of the block, as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address of the block, inclusive. */
  readonly end: number;
  readonly prefix: number;
  /** The block as written. */
  readonly text: string;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses a dotted-quad IPv4 address; undefined when it is not one (leading zeros are refused). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string; fix?: string };

/**
 * Parses `a.b.c.d/n` in canonical form only, so that what is written is exactly what is allowed and
 * two spellings of one block cannot dodge the duplicate check: host bits set, leading zeros in an
 * octet (which some tools read as octal) or in the prefix (`/08`) are refused with the canonical form.
 */
export function parseCidr(text: string): CidrParse {
  const match = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\/([0-9]{1,2})$/.exec(text);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = Number(match?.[5]);
  if (!match || octets.some((octet) => octet > 255) || prefix > 32) return { ok: false, reason: "is not an IPv4 CIDR block (a.b.c.d/n)" };
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  const canonical = `${formatIpv4(start)}/${prefix}`;
  if (start !== address) {
    return { ok: false, reason: "has host bits set", fix: `use the network address ${canonical}` };
  }
  if (text !== canonical) {
    return {
      ok: false,
      reason: "is not in canonical form (leading zeros, which some tools read as octal)",
      fix: `write ${canonical} if decimal was meant`,
    };
  }
  return { ok: true, cidr: { start, end: start + size - 1, prefix, text } };
}

function block(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`invalid built-in CIDR ${text}`);
  return parsed.cidr;
}

/**
 * Address space that never routes on the internet and that customer networks use: RFC 1918 private
 * ranges and the RFC 6598 shared address space (used by some carrier and cloud networks).
 */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(block);

/** True when the whole block lies inside one private range. */
export function isPrivate(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((range) => cidr.start >= range.start && cidr.end <= range.end);
}

/** True when the address is a private (RFC 1918 or RFC 6598) IPv4 address. */
export function isPrivateAddress(text: string): boolean {
  const address = parseIpv4(text);
  return address !== undefined && isPrivate({ start: address, end: address, prefix: 32, text });
}

/** True when the blocks together cover every IPv4 address (e.g. 0.0.0.0/1 and 128.0.0.0/1). */
export function coversInternet(cidrs: readonly Cidr[]): boolean {
  const sorted = [...cidrs].sort((a, b) => a.start - b.start);
  let next = 0;
  for (const cidr of sorted) {
    if (cidr.start > next) return false;
    next = Math.max(next, cidr.end + 1);
  }
  return next > 0xffffffff;
}
