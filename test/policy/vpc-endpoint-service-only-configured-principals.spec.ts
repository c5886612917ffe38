/**
 * Policy vpc-endpoint-service-only-configured-principals: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { readConfig } from "../../policy/config";
import * as onlyPrincipals from "../../policy/policies/vpc-endpoint-service-only-configured-principals";
import assert from "node:assert/strict";
import { ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${onlyPrincipals.name}`, () => {
  const check = onlyPrincipals.check;
  it("passes Adobe's principal inline and as an allowed-principal resource", () => {
    assertCompliant(check(subject(T.service, FIXTURES.service()), CONFIG));
    assertCompliant(check(subject(T.allowedPrincipal, FIXTURES.allowedPrincipal()), CONFIG));
  });
  it("passes a service without inline principals (grants may be separate resources)", () =>
    assertCompliant(check(subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: undefined })), CONFIG)));
  it('fails "*" inline and as a resource', () => {
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: ["*"] })), CONFIG),
      /"\*".*every AWS account/,
    );
    assertViolation(
      check(subject(T.allowedPrincipal, withChange(FIXTURES.allowedPrincipal(), { principalArn: "*" })), CONFIG),
      /principalArn contains "\*"/,
    );
  });
  it("fails a principal that is not configured, naming it", () =>
    assertViolation(
      check(
        subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: [ADOBE_AWS_PRINCIPAL, "arn:aws:iam::111122223333:root"] })),
        CONFIG,
      ),
      /"arn:aws:iam::111122223333:root", which is not a configured principal/,
    ));
  it("follows a config override of allowedPrincipals (Adobe's is then refused)", () => {
    const config = readConfig({ allowedPrincipals: ["arn:aws:iam::111122223333:root"] });
    assertCompliant(check(subject(T.allowedPrincipal, { principalArn: "arn:aws:iam::111122223333:root" }), config));
    assertViolation(check(subject(T.allowedPrincipal, FIXTURES.allowedPrincipal()), config), /402592597372/);
  });
  it("does not apply to an allowed-principal resource without principalArn, nor to other types", () => {
    assertNotApplicable(check(subject(T.allowedPrincipal, {}), CONFIG));
    assertNotApplicable(check(subject(T.lb, FIXTURES.lb()), CONFIG));
  });
  it('reads a lone "*" as a list of one, and refuses entries that are not text', () => {
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: "*" })), CONFIG),
      /allowedPrincipals contains "\*"/,
    );
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: [ADOBE_AWS_PRINCIPAL, 42] })), CONFIG),
      /"42", which is not a configured principal/,
    );
  });
  it("quotes Adobe's principal from rules/adobe.ts", () => {
    assertViolation(
      check(subject(T.allowedPrincipal, withChange(FIXTURES.allowedPrincipal(), { principalArn: "*" })), CONFIG),
      new RegExp(`principal: ${ADOBE_AWS_PRINCIPAL.replace(/[.*]/g, "\\$&")}`),
    );
    assert.ok(onlyPrincipals.policy.remediationSteps?.includes(ADOBE_AWS_PRINCIPAL));
  });
});
