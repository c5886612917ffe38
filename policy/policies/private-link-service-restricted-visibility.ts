/**
 * Who may see and who is auto-approved on the customer's Azure Private Link Service. Visibility is
 * never `*` and, when subscriptions are configured, exactly those (a service Adobe cannot see cannot
 * be connected). Auto-approval never reaches outside the configured subscriptions: Adobe's guide has
 * the customer approve Adobe's connection, and with no configured subscriptions nothing is
 * auto-approved. Subscription ids are compared case-insensitively (GUIDs).
 */
import { schemaFor } from "../config";
import { obj, strs } from "../props";
import { explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "private-link-service-restricted-visibility";

const WHY_VISIBILITY =
  'Adobe\'s guide asks for "A list of Azure subscription IDs for the Private Endpoint connections": the service is for those subscriptions only; "*" lets every Azure subscription find it and request connections';
const WHY_APPROVAL = 'Adobe\'s guide: "Customer approves the connection request from Adobe to complete the setup"';

export const check: ResourceCheck = (subject, config) => {
  if (!isKind(subject.type, "azure-private-link-service")) return notApplicable("not an Azure Private Link Service");
  const configured = config.subscriptionIds?.map((s) => s.toLowerCase());
  const visible = strs(obj(subject.props, "visibility") ?? {}, "subscriptions") ?? [];
  const autoApproved = strs(obj(subject.props, "autoApproval") ?? {}, "subscriptions") ?? [];
  const problems: string[] = [];
  for (const subscription of visible) {
    if (subscription === "*")
      problems.push(
        explain(
          'visibility.subscriptions contains "*"',
          WHY_VISIBILITY,
          `list only Adobe's subscriptions${configured ? ` (${configured.join(", ")})` : ""}`,
        ),
      );
    else if (configured && !configured.includes(subscription.toLowerCase()))
      problems.push(
        explain(
          `visibility.subscriptions contains ${JSON.stringify(subscription)}, which is not a configured subscription (${configured.join(", ")})`,
          WHY_VISIBILITY,
          "remove it, or add it to policy config subscriptionIds if it is Adobe's",
        ),
      );
  }
  const missing = (configured ?? []).filter((s) => !visible.some((v) => v.toLowerCase() === s));
  if (missing.length > 0)
    problems.push(
      explain(
        `visibility.subscriptions ${visible.length === 0 ? "is not set" : `is ${JSON.stringify(visible)}`} and misses ${missing.join(", ")}`,
        "Adobe can only request a connection to a Private Link Service its subscription can see",
        `add ${missing.join(", ")} to visibility.subscriptions`,
      ),
    );
  for (const subscription of autoApproved) {
    if (subscription === "*")
      problems.push(
        explain(
          'autoApproval.subscriptions contains "*": every request is approved',
          WHY_APPROVAL,
          "remove autoApproval and approve Adobe's connection by name",
        ),
      );
    else if (!configured?.includes(subscription.toLowerCase()))
      problems.push(
        explain(
          `autoApproval.subscriptions contains ${JSON.stringify(subscription)}, outside the configured subscriptions (${configured?.join(", ") ?? "none configured"})`,
          WHY_APPROVAL,
          "remove it from autoApproval and approve Adobe's connection by name",
        ),
      );
  }
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Azure Private Link Services are visible only to the configured subscriptions (never '*') and auto-approve nothing else.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: schemaFor("subscriptionIds"),
    remediationSteps: "Set visibility.subscriptions to Adobe's subscription ids, drop autoApproval, approve Adobe's connection by name.",
  },
  check,
);
