/**
 * What the AWS resources report, translated into the cloud-neutral words of the contract
 * (`ToAdobeState`, `FromAdobeState`) and into the host list customers connect to.
 */
import type { FromAdobeState, ToAdobeState } from "../types";

/**
 * The customer -> Adobe leg's state from the interface endpoint's `state`. AWS reports
 * `pendingAcceptance` until Adobe approves and `available` after; everything else that AWS documents
 * (`rejected`, `failed`, `expired`, `deleting`, `deleted`, `partial`) leaves the customer without a
 * usable connection, so it is "failed" rather than hidden behind a hopeful state.
 */
export function toAdobeState(endpointState: string | undefined): ToAdobeState {
  // Right after creation (and in a preview) the state may not be reported yet: the request is out.
  if (endpointState === undefined || endpointState === "") return "awaiting-adobe-approval";
  switch (endpointState.toLowerCase()) {
    case "pendingacceptance":
    case "pending":
      return "awaiting-adobe-approval";
    case "available":
      return "connected";
    default:
      return "failed";
  }
}

/** The Adobe -> customer leg's state: this stack accepts exactly the connections config names. */
export function fromAdobeState(acceptedConnections: readonly string[]): FromAdobeState {
  return acceptedConnections.length > 0 ? "accepted" : "awaiting-adobe-connection";
}

/**
 * The endpoint's DNS names with the regional name first: it resolves to the endpoint's addresses in
 * every zone, so it is the one customers should use; zonal names (`vpce-...-us-east-1a.vpce-svc-...`)
 * follow in name order. AWS does not promise an order in `dnsEntries`.
 */
export function orderEndpointHosts(dnsNames: readonly string[], region: string): string[] {
  const zonal = new RegExp(`-${region.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[a-z]$`);
  const isZonal = (name: string): boolean => zonal.test(name.split(".")[0] ?? "");
  const unique = [...new Set(dnsNames.filter((name) => name !== ""))];
  return [...unique.filter((name) => !isZonal(name)), ...unique.filter(isZonal).sort()];
}
