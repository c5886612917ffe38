/**
 * What `AzurePrivateLink` refuses even when its caller skipped the config validation: the component
 * is the last line before Azure, so Adobe's rules that would otherwise create a broken or unsafe
 * connection are checked here again, all at once.
 */
import { azureTargetRule } from "../../config/azure";
import { forbiddenPortProblems } from "../../rules/adobe";
import { azureServiceBreaches, describeBreach } from "../../rules/quotas";
import type { AzurePrivateLinkArgs } from "../types";
import { planSecurityRules } from "./securityRules";

export function azureArgProblems(args: AzurePrivateLinkArgs): string[] {
  const problems: string[] = [];
  if (args.adobePorts.length === 0) problems.push("adobePorts is empty: the endpoint to Adobe would open no port");
  if (args.clientCidrs.length === 0) problems.push("clientCidrs is empty: no customer system could use the endpoint to Adobe");
  problems.push(...forbiddenPortProblems("azure", args.adobePorts, args.services));
  problems.push(...azureServiceBreaches(args.services).map(describeBreach));
  for (const service of args.services) {
    for (const target of service.targets) {
      const wrong = azureTargetRule(target);
      if (wrong) problems.push(`services ${service.name} target ${target}: ${wrong.rule}`);
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
