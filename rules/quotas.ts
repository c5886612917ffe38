/**
 * Cloud quotas and name and length limits, as data, with the one check of each that the config
 * validation, the components' last-line checks and the policy pack share. Change a quota here and
 * every layer follows (test/rules.spec.ts mutates these values to prove it). The checks read the
 * values when they run, never at module load, so nothing keeps a stale copy.
 */
import { planIngressRules } from "../lib/ports";
import { characterCount } from "../lib/text";

/** AWS quotas that bound the Adobe -> customer leg and the endpoint security group (AWS defaults). */
export const AWS_QUOTAS = {
  /** Elastic Load Balancing: listeners per Network Load Balancer. */
  listenersPerLoadBalancer: 50,
  /** Amazon VPC: inbound rules per security group (default, adjustable). */
  inboundRulesPerSecurityGroup: 60,
  /** Amazon VPC: outbound rules per security group; the load balancer's group has one per service target. */
  outboundRulesPerSecurityGroup: 60,
  /** Elastic Load Balancing: targets per target group (per Network Load Balancer, ip targets). */
  targetsPerTargetGroup: 500,
};

/** Azure limits that bound both legs (Standard Load Balancer, network security group). */
export const AZURE_QUOTAS = {
  /** Load balancing rules per Standard Load Balancer. */
  rulesPerLoadBalancer: 1500,
  /** Security rules per network security group. */
  rulesPerNetworkSecurityGroup: 1000,
  /** Backend addresses per pool of a Standard Load Balancer. */
  backendAddressesPerPool: 1000,
};

/**
 * Name and length limits. Lengths are counted by `characterCount` (lib/text.ts), the way Azure
 * counts them, everywhere: config validation, request message, policy pack.
 */
export const LIMITS = {
  /** Azure caps a private endpoint connection's request message at 140 characters. */
  requestMessage: 140,
  /** The company name in the ticket subject and the request message. */
  company: 100,
  /** AWS allows 128-character tag keys (Azure 512): the stricter one. */
  tagKey: 128,
  /** AWS allows 256-character tag values (Azure 256). */
  tagValue: 256,
  /** AWS allows 50 tags per resource (EC2 and Elastic Load Balancing "Tag restrictions"), the program's `Name` included. */
  awsTagsPerResource: 50,
  /** Azure allows 50 tag name/value pairs per resource (Azure Resource Manager, "Tag limitations"). */
  azureTagsPerResource: 50,
  /** AWS caps the description of a security group and of its rules at 255 characters (EC2 API, IpRange.Description). */
  awsRuleDescription: 255,
};

/**
 * Port and service names name resources (`<stack>-<name>-...`): 2 to 20 lowercase letters, digits and
 * hyphens, starting with a letter, so that every derived name stays within each cloud's limits.
 */
export const NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
export const NAME_RULE = "must be 2 to 20 lowercase letters, digits and hyphens, starting with a letter (it names resources)";

/** A quota a plan would exceed: the config key it belongs to, the count, the rule and the fix. */
export interface QuotaBreach {
  readonly key: "adobe.ports" | "services" | `services[${number}].targets`;
  readonly value: string;
  readonly rule: string;
  readonly fix: string;
}

/** "<key>: <rule>; <fix>": how a component states a breach (the config validation names it apart). */
export function describeBreach(breach: QuotaBreach): string {
  return `${breach.key}: ${breach.rule}; ${breach.fix}`;
}

interface PortLike {
  readonly name: string;
  readonly port: number;
}

interface ServiceLike {
  readonly targets: readonly unknown[];
}

/**
 * AWS: the endpoint's security group holds one inbound rule per port and block, never merged into
 * ranges (a merge past the quota would re-key the rules of ports that did not change); past the quota
 * the stack is refused with the numbers.
 */
export function awsIngressBreach(ports: readonly PortLike[], cidrs: readonly string[]): QuotaBreach | undefined {
  const quota = AWS_QUOTAS.inboundRulesPerSecurityGroup;
  const plan = planIngressRules(ports, cidrs, quota);
  if (plan.ok) return undefined;
  const blocks = `${cidrs.length} block${cidrs.length === 1 ? "" : "s"}`;
  return {
    key: "adobe.ports",
    value: `${ports.length} ports x ${cidrs.length} CIDR blocks`,
    rule: `needs ${plan.needed} security group rules (one per port and network.clientCidrs block), over the quota of ${quota} inbound rules per group`,
    fix: `list at most ${Math.floor(quota / cidrs.length)} ports with ${blocks}, or fewer, wider private CIDR blocks (at most ${Math.floor(quota / ports.length)} for ${ports.length} ports), or split the ports over two stacks`,
  };
}

/** AWS: one listener per service on the load balancer, one outbound rule per target on its security group. */
export function awsServiceBreaches(services: readonly ServiceLike[]): QuotaBreach[] {
  const breaches: QuotaBreach[] = [];
  const { listenersPerLoadBalancer: listeners, outboundRulesPerSecurityGroup: outbound, targetsPerTargetGroup } = AWS_QUOTAS;
  services.forEach((service, index) => {
    if (service.targets.length > targetsPerTargetGroup) breaches.push(targetsBreach(index, service.targets.length, targetsPerTargetGroup));
  });
  if (services.length > listeners) {
    breaches.push({
      key: "services",
      value: `${services.length} services`,
      rule: `exceeds the quota of ${listeners} listeners per Network Load Balancer (one listener per service)`,
      fix: `keep at most ${listeners} services per stack, or split them over two stacks`,
    });
  }
  const targets = services.reduce((sum, service) => sum + service.targets.length, 0);
  if (targets > outbound) {
    breaches.push({
      key: "services",
      value: `${targets} targets`,
      rule: `needs ${targets} outbound rules on the load balancer's security group (one per service target), over the quota of ${outbound}`,
      fix: `keep at most ${outbound} targets over all services, or split them over two stacks`,
    });
  }
  return breaches;
}

/** Azure: one allow rule per port plus the final deny, in one network security group. */
export function azurePortBreach(portCount: number): QuotaBreach | undefined {
  const quota = AZURE_QUOTAS.rulesPerNetworkSecurityGroup;
  if (portCount + 1 <= quota) return undefined;
  return {
    key: "adobe.ports",
    value: `${portCount} ports`,
    rule: `need ${portCount + 1} security rules (one per port and a final deny), over Azure's ${quota} rules per network security group`,
    fix: `keep at most ${quota - 1} ports per stack`,
  };
}

/** Azure: one load-balancing rule per service, one backend pool per service. */
export function azureServiceBreaches(services: readonly ServiceLike[]): QuotaBreach[] {
  const breaches: QuotaBreach[] = [];
  const { rulesPerLoadBalancer: rules, backendAddressesPerPool } = AZURE_QUOTAS;
  services.forEach((service, index) => {
    if (service.targets.length > backendAddressesPerPool)
      breaches.push(targetsBreach(index, service.targets.length, backendAddressesPerPool));
  });
  if (services.length > rules) {
    breaches.push({
      key: "services",
      value: `${services.length} services`,
      rule: `exceeds the quota of ${rules} load-balancing rules per Standard Load Balancer`,
      fix: `keep at most ${rules} services per stack`,
    });
  }
  return breaches;
}

function targetsBreach(index: number, count: number, quota: number): QuotaBreach {
  return {
    key: `services[${index}].targets`,
    value: `${count} targets`,
    rule: `exceeds the quota of ${quota} targets per service`,
    fix: "split the service or put the targets behind one address",
  };
}

/** The request message fits Azure's limit, counted the way Azure counts. */
export function fitsRequestMessage(message: string): boolean {
  return characterCount(message) <= LIMITS.requestMessage;
}
