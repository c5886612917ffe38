/**
 * The load balancer behind the customer's endpoint service is an internal Network Load Balancer:
 * endpoint services front Network (or Gateway) Load Balancers only, and an internet-facing one
 * publishes the customer's services on the internet next to PrivateLink. Classic load balancers
 * cannot back an endpoint service at all.
 */
import { bool, str } from "../props";
import { explain, notApplicable, resourcePolicy, show, type ResourceCheck, verdict } from "../rule";
import { kindOf } from "../tokens";

export const name = "load-balancer-internal-network";

const WHY_NETWORK =
  'AWS PrivateLink endpoint services are served by Network Load Balancers (Adobe\'s guide: check the "Network Load Balancer (NLB) settings")';
const WHY_INTERNAL = "the customer's services are for Adobe over PrivateLink only; an internet-facing load balancer exposes them publicly";

export const check: ResourceCheck = (subject) => {
  const kind = kindOf(subject.type);
  if (kind === "aws-classic-load-balancer")
    return verdict([
      explain(
        `${subject.type} is a Classic Load Balancer`,
        WHY_NETWORK,
        'use aws.lb.LoadBalancer with loadBalancerType: "network" and internal: true',
      ),
    ]);
  if (kind !== "aws-load-balancer") return notApplicable("not an AWS load balancer");
  const problems: string[] = [];
  // Unset means the provider defaults: an internet-facing application load balancer.
  const type = str(subject.props, "loadBalancerType") ?? "application";
  if (type !== "network")
    problems.push(
      explain(
        `loadBalancerType is ${show(str(subject.props, "loadBalancerType"))} (${type}), must be "network"`,
        WHY_NETWORK,
        'set loadBalancerType: "network"',
      ),
    );
  const internal = bool(subject.props, "internal");
  if (internal !== true)
    problems.push(explain(`internal is ${show(internal)}: the load balancer is internet-facing`, WHY_INTERNAL, "set internal: true"));
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS load balancers are internal Network Load Balancers.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'Create the load balancer with loadBalancerType: "network" and internal: true.',
  },
  check,
);
