/**
 * Policy vpc-endpoint-service-acceptance-required: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as acceptance from "../../policy/policies/vpc-endpoint-service-acceptance-required";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${acceptance.name}`, () => {
  const check = acceptance.check;
  it("passes an endpoint service that requires acceptance", () => assertCompliant(check(subject(T.service, FIXTURES.service()), CONFIG)));
  it("fails acceptanceRequired: false, citing CKV_AWS_123", () =>
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { acceptanceRequired: false })), CONFIG),
      /acceptanceRequired is false.*CKV_AWS_123/s,
    ));
  it("fails an unset acceptanceRequired (the input is required; unset is not true)", () =>
    assertViolation(check(subject(T.service, withChange(FIXTURES.service(), { acceptanceRequired: undefined })), CONFIG), /not set/));
  it("does not apply to other resources", () => assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint()), CONFIG)));
});
