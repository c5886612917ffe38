/**
 * Policy vpc-endpoint-to-adobe-interface-no-private-dns: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as endpointType from "../../policy/policies/vpc-endpoint-to-adobe-interface-no-private-dns";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${endpointType.name}`, () => {
  const check = endpointType.check;
  it("passes an Interface endpoint to Adobe with private DNS off", () =>
    assertCompliant(check(subject(T.endpoint, FIXTURES.endpoint()), CONFIG)));
  it("passes an unset privateDnsEnabled (the provider default is false)", () =>
    assertCompliant(check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { privateDnsEnabled: undefined })), CONFIG)));
  it("fails a Gateway endpoint", () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { vpcEndpointType: "Gateway" })), CONFIG),
      /vpcEndpointType is "Gateway"/,
    ));
  it("fails an unset vpcEndpointType, which the provider creates as Gateway", () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { vpcEndpointType: undefined })), CONFIG),
      /not set \(Gateway\)/,
    ));
  it("fails private DNS on, quoting Adobe's guide", () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { privateDnsEnabled: true })), CONFIG),
      /PrivateDNS is not available/,
    ));
  it("does not judge endpoints to AWS services", () =>
    assertNotApplicable(
      check(
        subject(T.endpoint, withChange(FIXTURES.endpoint(), { serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" })),
        CONFIG,
      ),
    ));
  it('reads privateDnsEnabled "true" as the provider does: private DNS on', () =>
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { privateDnsEnabled: "true" })), CONFIG),
      /privateDnsEnabled is true/,
    ));
  it('passes privateDnsEnabled "false", read as false', () =>
    assertCompliant(check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { privateDnsEnabled: "false" })), CONFIG)));
});
