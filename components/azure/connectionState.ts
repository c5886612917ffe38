/** Azure's word for the manual connection to Adobe, mapped onto the cloud-neutral leg state. */
import type { ToAdobeState } from "../types";

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
