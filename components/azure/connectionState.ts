/** Azure's word for the manual connection to Adobe, mapped onto the cloud-neutral leg state. */
import type { FromAdobeState, ToAdobeState } from "../types";

/**
 * Azure reports `Pending` until Adobe approves, then `Approved`; `Rejected` and `Disconnected` mean
 * the request is dead and a new one (a new endpoint) is needed. Before the first read-back (preview)
 * there is no status yet: the request has just been sent, so Adobe's approval is what is awaited.
 */
export function toAdobeState(status: string | undefined): ToAdobeState {
  switch (status?.toLowerCase()) {
    case "approved":
      return "connected";
    case "rejected":
    case "disconnected":
      return "failed";
    default:
      return "awaiting-adobe-approval";
  }
}

/**
 * The Adobe -> customer leg, from the statuses read back from the Private Link Service: accepted once
 * every connection named in adobe.connections is Approved; until then the customer's approval is
 * awaited for a named connection, Adobe's connection when none is named.
 */
export function fromAdobeState(named: readonly string[], statuses: Readonly<Record<string, string>>): FromAdobeState {
  if (named.length === 0) return "awaiting-adobe-connection";
  return named.every((name) => statuses[name]?.toLowerCase() === "approved") ? "accepted" : "awaiting-customer-approval";
}
