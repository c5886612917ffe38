/**
 * Policy vpc-endpoint-service-grants-configured-principals: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import assert from "node:assert/strict";
import * as grants from "../../policy/policies/vpc-endpoint-service-grants-configured-principals";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${grants.name}`, () => {
  const check = grants.checkStack;
  const service = subject(T.service, withChange(FIXTURES.service(), { allowedPrincipals: undefined }));
  it("passes when Adobe's principal is granted inline or by a separate resource", () => {
    assertCompliant(check([subject(T.service, FIXTURES.service())], CONFIG));
    assertCompliant(check([service, subject(T.allowedPrincipal, FIXTURES.allowedPrincipal())], CONFIG));
  });
  it("fails on the service when no resource grants Adobe's principal", () => {
    const v = check([service], CONFIG);
    assertViolation(v, /no allowed principal grants arn:aws:iam::402592597372:root/);
    assert.equal(v.kind === "violation" ? v.violations[0]?.urn : undefined, service.urn);
  });
  it("does not apply to a stack without an endpoint service", () =>
    assertNotApplicable(check([subject(T.endpoint, FIXTURES.endpoint())], CONFIG)));
});
