/**
 * Policy stateful-resources-protected-in-production: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { DEFAULT_CONFIG, readConfig } from "../../policy/config";
import * as protectedProd from "../../policy/policies/stateful-resources-protected-in-production";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T } from "./fixtures";

describe(`policy ${protectedProd.name}`, () => {
  const check = protectedProd.check;
  it("passes protected stateful resources in production", () => {
    for (const [type, props] of [
      [T.endpoint, FIXTURES.endpoint()],
      [T.service, FIXTURES.service()],
      [T.lb, FIXTURES.lb()],
      [T.pe, FIXTURES.pe()],
      [T.pls, FIXTURES.pls()],
      [T.azureLb, FIXTURES.azureLb()],
      [T.plsConnection, {}],
    ] as const)
      assertCompliant(check(subject(type, props, { protect: true }), CONFIG));
  });
  it("fails an unprotected endpoint in production, reading the resource option", () =>
    assertViolation(check(subject(T.endpoint, FIXTURES.endpoint(), { protect: false }), CONFIG), /is not protected \(protect: false\)/));
  it("does not apply outside production, when the environment is unknown, or to stateless resources", () => {
    assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint(), { protect: false }), readConfig({ environment: "staging" })));
    assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint(), { protect: false }), DEFAULT_CONFIG));
    assertNotApplicable(check(subject(T.ingressRule, FIXTURES.ingressRule(), { protect: false }), CONFIG));
    // Retained on delete, never protected: a protected accepter could not leave adobe.connections.
    assertNotApplicable(check(subject(T.accepter, {}, { protect: false }), CONFIG));
  });
  it("finds an environment it does not know (Production, prod, integration) instead of skipping the production checks", () => {
    for (const [environment, fix] of [
      ["Production", /set environment to "production"/],
      ["prod", /set environment to "production"/],
      ["integration", /integration environments have no PrivateLink.*one of production, staging/s],
    ] as const)
      for (const protect of [true, false])
        assertViolation(
          check(subject(T.endpoint, FIXTURES.endpoint(), { protect }), readConfig({ environment })),
          new RegExp(`policy config environment is "${environment}", not one of production, staging.*${fix.source}`, "s"),
        );
    assertNotApplicable(check(subject(T.ingressRule, FIXTURES.ingressRule()), readConfig({ environment: "prod" })));
  });
});
