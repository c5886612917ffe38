/**
 * What `AzurePrivateLink` refuses even when its caller skipped the config validation: the component
 * is the last line before Azure, so Adobe's rules that would otherwise create a broken or unsafe
 * connection are checked here again, all at once.
 */
import { azureTargetProblems } from "../../config/azure";
import { forbiddenPort } from "../../rules/adobe";
import type { AzurePrivateLinkArgs } from "../types";
import { planSecurityRules } from "./securityRules";

export function azureArgProblems(args: AzurePrivateLinkArgs): string[] {
  const problems: string[] = [];
  if (args.adobePorts.length === 0) problems.push("adobePorts is empty: the endpoint to Adobe would open no port");
  if (args.clientCidrs.length === 0) problems.push("clientCidrs is empty: no customer system could use the endpoint to Adobe");
  for (const port of args.adobePorts) {
    const rule = forbiddenPort("azure", "customer-to-adobe", port.port);
    if (rule) problems.push(`adobePorts ${port.name} (${port.port}): ${rule.reason}; ${rule.fix}`);
  }
  for (const service of args.services) {
    for (const port of new Set([service.port, service.targetPort])) {
      const rule = forbiddenPort("azure", "adobe-to-customer", port);
      if (rule) problems.push(`services ${service.name} (${port}): ${rule.reason}; ${rule.fix}`);
    }
  }
  for (const service of args.services) {
    for (const target of service.targets) {
      for (const problem of azureTargetProblems(`services ${service.name} target`, target))
        problems.push(`${problem.key} ${target}: ${problem.rule}`);
    }
  }
  const rules = planSecurityRules(args.adobePorts, args.clientCidrs);
  if (!rules.ok) problems.push(rules.problem);
  if (args.services.length > 0 && !args.serviceSubnetId) {
    problems.push("serviceSubnetId is required when services are given: the load balancer and the Private Link Service live there");
  }
  if (args.services.length === 0 && args.adobeConnections.length > 0) {
    problems.push("adobeConnections are given without services: there is no Private Link Service for Adobe to connect to");
  }
  return problems;
}
