/**
 * Inbound rules open only the configured ports, over TCP or UDP: the ports Adobe opens for the
 * customer (`ports`) and, in bidirectional stacks, the customer service ports Adobe reaches
 * (`servicePorts`). Applies to AWS security group ingress and Azure NSG inbound allow rules. Without
 * configured ports there is nothing to compare with and the policy does not apply (port 22 and
 * Azure 443 have their own policies that need no config).
 */
import { schemaFor } from "../config";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { inboundRules, portsOutside, showRange } from "../traffic";

export const name = "security-group-ingress-configured-ports";

const WHY =
  'Adobe\'s guide: "Adobe must open ports to enable service communication between VPCs, for example SQL port 3306, SFTP port 2222"; a rule wider than the agreed ports exposes more than the customer asked Adobe for';

export const check: ResourceCheck = (subject, config) => {
  const rules = inboundRules(subject.type, subject.props);
  if (rules === undefined) return notApplicable("not a security group, NSG or inbound rule");
  if (config.ports === undefined && config.servicePorts === undefined)
    return notApplicable("no ports configured (policy config ports / servicePorts)");
  if (rules.length === 0) return COMPLIANT;
  const allowedList = [...new Set([...(config.ports ?? []), ...(config.servicePorts ?? [])])].sort((a, b) => a - b);
  const allowed = new Set(allowedList);
  const fix = `open only TCP ${allowedList.join(", ")}, one rule per port`;
  const problems: string[] = [];
  for (const rule of rules) {
    if (rule.protocol === "all") {
      problems.push(explain(`${rule.where} allows every protocol and port (protocol ${JSON.stringify(rule.protocolText)})`, WHY, fix));
      continue;
    }
    if (rule.protocol === "portless") {
      problems.push(
        explain(`${rule.where} allows protocol ${JSON.stringify(rule.protocolText)}, which carries none of the configured ports`, WHY, fix),
      );
      continue;
    }
    for (const range of rule.ports) {
      const outside = portsOutside(range, allowed);
      if (outside.count > 0)
        problems.push(
          explain(
            `${rule.where} opens ${showRange(range)}, of which ${outside.count} ${outside.count === 1 ? "is" : "are"} not configured (e.g. ${outside.sample.join(", ")}); configured: ${allowedList.join(", ")}`,
            WHY,
            fix,
          ),
        );
    }
  }
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Security group and NSG inbound rules open only the configured ports (Adobe's ports and the customer's service ports).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaFor("ports", "servicePorts"),
    remediationSteps: "Open one TCP rule per configured port; remove port ranges, 'all traffic' rules and other protocols.",
  },
  check,
);
