/**
 * Policy no-https-into-adobe-on-azure: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { readConfig } from "../../policy/config";
import * as noHttps from "../../policy/policies/no-https-into-adobe-on-azure";
import { assertCompliant, assertNotApplicable, assertViolation, AZURE_CONFIG, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${noHttps.name}`, () => {
  const check = noHttps.check;
  it("passes Azure rules that do not open 443", () =>
    assertCompliant(check(subject(T.securityRule, FIXTURES.securityRule()), AZURE_CONFIG)));
  it("fails an Azure inbound rule that opens 443, quoting Fastly origin cloaking", () =>
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "443" })), AZURE_CONFIG),
      /HTTPS port 443.*Fastly origin cloaking/s,
    ));
  it("fails a range or * that includes 443, inline in an NSG too", () => {
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "400-500" })), AZURE_CONFIG),
      /ports 400-500/,
    );
    assertViolation(
      check(
        subject(
          T.nsg,
          withChange(FIXTURES.nsg(), {
            securityRules: [
              { access: "Allow", direction: "Inbound", protocol: "Tcp", sourceAddressPrefix: "10.0.0.0/8", destinationPortRange: "*" },
            ],
          }),
        ),
        AZURE_CONFIG,
      ),
      /all ports/,
    );
  });
  it("accepts 443 when it is a configured customer service port (the Adobe -> customer leg)", () =>
    assertNotApplicable(
      check(
        subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "443" })),
        readConfig({ servicePorts: [443] }),
      ),
    ));
  it("does not apply to AWS, where Adobe allows 443", () =>
    assertNotApplicable(check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 443, toPort: 443 })), CONFIG)));
});
