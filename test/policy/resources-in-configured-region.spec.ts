/**
 * Policy resources-in-configured-region: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { readConfig } from "../../policy/config";
import * as region from "../../policy/policies/resources-in-configured-region";
import { assertCompliant, assertNotApplicable, assertViolation, AZURE_CONFIG, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${region.name}`, () => {
  const check = region.check;
  const awsProvider = { type: T.awsProvider, props: { region: "us-east-1" } };
  it("passes resources in the configured region, by their own input or their provider's", () => {
    assertCompliant(check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { region: "us-east-1" })), CONFIG));
    assertCompliant(check(subject(T.endpoint, FIXTURES.endpoint(), { provider: awsProvider }), CONFIG));
    assertCompliant(check(subject(T.awsProvider, { region: "us-east-1" }), CONFIG));
    assertCompliant(check(subject(T.pe, FIXTURES.pe()), AZURE_CONFIG));
    assertCompliant(check(subject(T.pe, withChange(FIXTURES.pe(), { location: "East US" })), AZURE_CONFIG));
  });
  it("fails the AWS v7 per-resource region that differs", () =>
    assertViolation(
      check(subject(T.lb, withChange(FIXTURES.lb(), { region: "us-west-2" }), { provider: awsProvider }), CONFIG),
      /region is "us-west-2", not the configured region "us-east-1"/,
    ));
  it("fails a provider in another region, and a resource that inherits it", () => {
    const west = { type: T.awsProvider, props: { region: "eu-west-1" } };
    assertViolation(check(subject(T.awsProvider, { region: "eu-west-1" }), CONFIG), /region is "eu-west-1"/);
    assertViolation(check(subject(T.endpoint, FIXTURES.endpoint(), { provider: west }), CONFIG), /provider region is "eu-west-1"/);
  });
  it("fails an Azure location that differs", () =>
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { location: "westeurope" })), AZURE_CONFIG),
      /location is "westeurope"/,
    ));
  it("fails cross-region endpoints and endpoint services", () => {
    assertViolation(
      check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { serviceRegion: "us-west-2" })), CONFIG),
      /serviceRegion is "us-west-2"/,
    );
    assertViolation(
      check(subject(T.service, withChange(FIXTURES.service(), { supportedRegions: ["us-east-1", "eu-west-1"] })), CONFIG),
      /supportedRegions admits "eu-west-1"/,
    );
  });
  it("fails a resource of the other cloud", () =>
    assertViolation(check(subject(T.pe, FIXTURES.pe()), CONFIG), /azure resource in a stack configured for aws/));
  it("without a configured region, compares a resource with its provider's region", () => {
    const config = readConfig({});
    assertCompliant(check(subject(T.lb, withChange(FIXTURES.lb(), { region: "us-east-1" }), { provider: awsProvider }), config));
    assertViolation(
      check(subject(T.lb, withChange(FIXTURES.lb(), { region: "us-west-2" }), { provider: awsProvider }), config),
      /not its provider's region "us-east-1"/,
    );
  });
  it("does not apply when no region is known, nor to Azure resources without location (they take their resource group's)", () => {
    assertNotApplicable(check(subject(T.lb, FIXTURES.lb()), readConfig({})));
    assertCompliant(check(subject(T.securityRule, FIXTURES.securityRule()), AZURE_CONFIG));
    assertNotApplicable(check(subject("random:index/randomId:RandomId", {}), CONFIG));
  });
});
