/**
 * What `AwsPrivateLink` refuses even when its caller skipped the config validation: the component is
 * the last line before AWS, so Adobe's rules and the quotas (rules/adobe.ts, rules/quotas.ts) that
 * would otherwise create a broken or unsafe connection are checked here again, all at once.
 */
import { forbiddenPortProblems } from "../../rules/adobe";
import { awsIngressBreach, awsServiceBreaches, describeBreach } from "../../rules/quotas";
import type { AwsPrivateLinkArgs } from "../types";

export function awsArgProblems(args: AwsPrivateLinkArgs): string[] {
  const problems: string[] = [];
  if (args.adobePorts.length === 0) problems.push("adobePorts is empty: the endpoint to Adobe would open no port");
  if (args.clientCidrs.length === 0) problems.push("clientCidrs is empty: no customer system could use the endpoint to Adobe");
  problems.push(...forbiddenPortProblems("aws", args.adobePorts, args.services));
  const ingress = awsIngressBreach(args.adobePorts, args.clientCidrs);
  if (ingress) problems.push(describeBreach(ingress));
  problems.push(...awsServiceBreaches(args.services).map(describeBreach));
  return problems;
}
