/**
 * The customer's private endpoint to Adobe's Private Link Service asks Adobe for approval: a manual
 * connection with a request message of 1 to 140 characters (Azure's limit), never an automatic one.
 * "To Adobe" means a connection to a Private Link Service (a `.../privateLinkServices/...` id or a
 * `*.azure.privatelinkservice` alias); endpoints to Azure PaaS resources are not judged.
 */
import { characterCount } from "../../lib/text";
import { fitsRequestMessage, LIMITS } from "../../rules/quotas";
import { objs, str, type Props } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "private-endpoint-to-adobe-manual-connection";

function connectionTarget(connection: Props): string | undefined {
  return str(connection, "privateLinkServiceId");
}

/** A Private Link Service: by resource id or by alias. */
export function isPrivateLinkService(target: string): boolean {
  return /\/providers\/microsoft\.network\/privatelinkservices\//i.test(target) || /\.azure\.privatelinkservice$/i.test(target);
}

const WHY_MANUAL =
  "Adobe's guide: \"Adobe approves the connection request\"; an automatic connection to a service outside the customer's subscription cannot be approved by Adobe";

export const check: ResourceCheck = (subject) => {
  if (!isKind(subject.type, "azure-private-endpoint")) return notApplicable("not an Azure private endpoint");
  const manual = objs(subject.props, "manualPrivateLinkServiceConnections");
  const automatic = objs(subject.props, "privateLinkServiceConnections");
  const toService = (c: Props): boolean => {
    const target = connectionTarget(c);
    return target === undefined || isPrivateLinkService(target);
  };
  if (!manual.some(toService) && !automatic.some(toService)) return notApplicable("no connection to a Private Link Service");
  const problems: string[] = [];
  automatic.forEach((c, i) => {
    if (!toService(c)) return;
    problems.push(
      explain(
        `privateLinkServiceConnections[${i}] connects to ${JSON.stringify(connectionTarget(c) ?? "not set")} automatically`,
        WHY_MANUAL,
        "move it to manualPrivateLinkServiceConnections with a requestMessage",
      ),
    );
  });
  manual.forEach((c, i) => {
    if (!toService(c)) return;
    const message = str(c, "requestMessage");
    if (message === undefined || message.trim() === "")
      problems.push(
        explain(
          `manualPrivateLinkServiceConnections[${i}] has no requestMessage`,
          "Adobe approves the request by reading who asks; an empty request cannot be matched to the support ticket",
          'set requestMessage, e.g. "PrivateLink support for <company> (project <id>, <environment>)"',
        ),
      );
    else if (!fitsRequestMessage(message))
      problems.push(
        explain(
          `manualPrivateLinkServiceConnections[${i}].requestMessage has ${characterCount(message)} characters, more than ${LIMITS.requestMessage}`,
          `Azure rejects request messages longer than ${LIMITS.requestMessage} characters`,
          `shorten it to at most ${LIMITS.requestMessage} characters`,
        ),
      );
  });
  return problems.length === 0 ? COMPLIANT : verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: `Azure private endpoints to Adobe use a manual connection with a request message of 1-${LIMITS.requestMessage} characters.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use manualPrivateLinkServiceConnections with a short requestMessage naming the company and project.",
  },
  check,
);
