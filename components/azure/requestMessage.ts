/**
 * The request message of the private endpoint's manual connection: what Adobe's engineers see next to
 * the pending connection in their Private Link Service. It names the company (as the ticket subject
 * does) and the project id, so the request can be matched to the ticket without guessing.
 */
import { ticketSubject } from "../../rules/adobe";
import { LIMITS } from "../../rules/quotas";
import { characterCount, truncate } from "../../lib/text";

const ELLIPSIS = "...";

/**
 * `PrivateLink support for <company> (project <projectId>)`, at most `max` characters as Azure counts
 * them (lib/text.ts). A long company name is shortened, never the project id: the id is what
 * identifies the cluster.
 */
export function requestMessage(company: string, projectId: string, max: number = LIMITS.requestMessage): string {
  const tail = ` (project ${projectId})`;
  const full = `${ticketSubject(company)}${tail}`;
  if (characterCount(full) <= max) return full;
  const room = max - characterCount(ticketSubject("")) - characterCount(tail) - characterCount(ELLIPSIS);
  if (room < 1) {
    throw new Error(`a request message for project ${projectId} cannot fit in ${max} characters`);
  }
  return `${ticketSubject(truncate(company, room).trimEnd())}${ELLIPSIS}${tail}`;
}
