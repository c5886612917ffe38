/**
 * Policy load-balancer-internal-network: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as lbInternal from "../../policy/policies/load-balancer-internal-network";
import { assertCompliant, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${lbInternal.name}`, () => {
  const check = lbInternal.check;
  it("passes an internal network load balancer, under its current and deprecated tokens", () => {
    for (const type of [
      T.lb,
      "aws:alb/loadBalancer:LoadBalancer",
      "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
      "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    ])
      assertCompliant(check(subject(type, FIXTURES.lb()), CONFIG));
  });
  it("fails an application load balancer, and an unset type (the provider default is application)", () => {
    assertViolation(
      check(subject(T.lb, withChange(FIXTURES.lb(), { loadBalancerType: "application" })), CONFIG),
      /loadBalancerType is "application"/,
    );
    assertViolation(
      check(
        subject("aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", withChange(FIXTURES.lb(), { loadBalancerType: undefined })),
        CONFIG,
      ),
      /not set \(application\)/,
    );
  });
  it("fails an internet-facing load balancer, and an unset internal (the provider default is internet-facing)", () => {
    assertViolation(check(subject(T.lb, withChange(FIXTURES.lb(), { internal: false })), CONFIG), /internal is false/);
    assertViolation(check(subject(T.lb, withChange(FIXTURES.lb(), { internal: undefined })), CONFIG), /internal is not set/);
  });
  it("fails a classic load balancer", () =>
    assertViolation(check(subject(T.classicLb, { internal: true }), CONFIG), /Classic Load Balancer/));
});
