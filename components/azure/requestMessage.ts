/**
 * The request message of the private endpoint's manual connection: what Adobe's engineers see next to
 * the pending connection in their Private Link Service. It names the company (as the ticket subject
 * does) and the project id, so the request can be matched to the ticket without guessing.
 */
import { AZURE_REQUEST_MESSAGE_MAX, ticketSubject } from "../../rules/adobe";

const ELLIPSIS = "...";

/**
 * Characters as Azure counts them against the limit: code points, not UTF-16 units. Slicing by code
 * point also never splits a character in two.
 */
export function characters(text: string): string[] {
  return Array.from(text);
}

/**
 * `PrivateLink support for <company> (project <projectId>)`, at most `max` characters. A long company
 * name is shortened, never the project id: the id is what identifies the cluster.
 */
export function requestMessage(company: string, projectId: string, max: number = AZURE_REQUEST_MESSAGE_MAX): string {
  const tail = ` (project ${projectId})`;
  const full = `${ticketSubject(company)}${tail}`;
  if (characters(full).length <= max) return full;
  const room = max - characters(ticketSubject("")).length - characters(tail).length - ELLIPSIS.length;
  if (room < 1) {
    throw new Error(`a request message for project ${projectId} cannot fit in ${max} characters`);
  }
  return `${ticketSubject(characters(company).slice(0, room).join("").trimEnd())}${ELLIPSIS}${tail}`;
}
