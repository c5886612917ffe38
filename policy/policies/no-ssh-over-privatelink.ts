/**
 * Port 22 is never carried over PrivateLink, on either cloud or leg: not in security group or NSG
 * inbound rules, not on AWS listeners or target groups, not on Azure load-balancing or NAT rules.
 * A range that covers 22 (including "all ports") counts.
 */
import { forbiddenPort, SSH_PORT } from "../../rules/adobe";
import { num, objs, str, type Props } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { kindOf } from "../tokens";
import { ALL_PORTS, covers, inboundRules, type PortRange, showRange } from "../traffic";

export const name = "no-ssh-over-privatelink";

/** Adobe's reason and fix, read from rules/adobe.ts so the wording changes in one place. */
const RULE = forbiddenPort("aws", "customer-to-adobe", SSH_PORT);
const WHY = `Adobe's guide: "You cannot establish SSH connections using PrivateLink" (${RULE?.reason ?? "SSH is not allowed"}; checkov CKV_AWS_24 / CKV_AZURE_10)`;
const FIX = RULE?.fix ?? "remove it";

/** Ports a load balancer carries, per place they are declared. */
function loadBalancerPorts(type: string, props: Props): { where: string; range: PortRange }[] | undefined {
  const single = (where: string, port: number | undefined): { where: string; range: PortRange }[] =>
    port === undefined ? [] : [{ where, range: { from: port, to: port } }];
  switch (kindOf(type)) {
    case "aws-listener":
      return single("port", num(props, "port"));
    case "aws-target-group":
      return single("port", num(props, "port"));
    case "azure-load-balancer":
      return [
        ...objs(props, "loadBalancingRules").flatMap((rule, i) => {
          // HA-ports rules (protocol All, port 0) carry every port.
          const haPorts = (str(rule, "protocol") ?? "").toLowerCase() === "all" && num(rule, "frontendPort") === 0;
          if (haPorts) return [{ where: `loadBalancingRules[${i}]`, range: ALL_PORTS }];
          return [
            ...single(`loadBalancingRules[${i}].frontendPort`, num(rule, "frontendPort")),
            ...single(`loadBalancingRules[${i}].backendPort`, num(rule, "backendPort")),
          ];
        }),
        ...objs(props, "inboundNatRules").flatMap((rule, i) => {
          const start = num(rule, "frontendPortRangeStart");
          const end = num(rule, "frontendPortRangeEnd");
          return [
            ...single(`inboundNatRules[${i}].frontendPort`, num(rule, "frontendPort")),
            ...single(`inboundNatRules[${i}].backendPort`, num(rule, "backendPort")),
            ...(start !== undefined && end !== undefined
              ? [{ where: `inboundNatRules[${i}] port range`, range: { from: start, to: end } }]
              : []),
          ];
        }),
      ];
    default:
      return undefined;
  }
}

export const check: ResourceCheck = (subject) => {
  const rules = inboundRules(subject.type, subject.props);
  const lbPorts = rules === undefined ? loadBalancerPorts(subject.type, subject.props) : undefined;
  if (rules === undefined && lbPorts === undefined) return notApplicable("carries no ports");
  const problems: string[] = [];
  for (const rule of rules ?? []) {
    const range = rule.ports.find((r) => covers(r, SSH_PORT));
    if (range) problems.push(explain(`${rule.where} opens ${showRange(range)}, which includes SSH port 22`, WHY, FIX));
  }
  for (const { where, range } of lbPorts ?? []) {
    if (covers(range, SSH_PORT))
      problems.push(
        explain(`${where} is ${range.from === range.to ? range.from : showRange(range)}: SSH port 22 over PrivateLink`, WHY, FIX),
      );
  }
  return problems.length === 0 ? COMPLIANT : verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Port 22 (SSH) is never opened or forwarded over PrivateLink.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove port 22 from rules, listeners and target groups; use magento-cloud ssh for shell access.",
  },
  check,
);
