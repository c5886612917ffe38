/**
 * The ports Adobe forbids on every leg (FORBIDDEN_PORTS in rules/adobe.ts: SSH, 22) are never opened
 * or forwarded over PrivateLink, on either cloud: not in security group rules of either direction or
 * NSG inbound rules, not on AWS listeners, target groups, their health checks or attachments, not on
 * Azure load-balancing rules, inbound NAT rules or pools, or probes. A range that covers the port
 * (including "all ports") counts. See policy/traffic.ts for every place a port is read from.
 */
import { checkForbiddenPorts, describePorts } from "../forbidden";
import { resourcePolicy, type ResourceCheck } from "../rule";

export const name = "no-ssh-over-privatelink";

export const check: ResourceCheck = (subject, config) => checkForbiddenPorts(subject, config, true);

export const policy = resourcePolicy(
  {
    name,
    description: `Ports Adobe forbids on every leg (${describePorts(true)}) are never opened or forwarded over PrivateLink.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
      "Remove the port from security rules, listeners, target groups, attachments and load-balancing or NAT rules; use magento-cloud ssh for shell access.",
  },
  check,
);
