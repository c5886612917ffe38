/**
 * Policy nsg-no-broad-inbound: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as nsgBroad from "../../policy/policies/nsg-no-broad-inbound";
import { assertCompliant, assertNotApplicable, assertViolation, AZURE_CONFIG, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${nsgBroad.name}`, () => {
  const check = nsgBroad.check;
  it("passes private sources, VirtualNetwork and AzureLoadBalancer, and ignores deny and outbound rules", () => {
    assertCompliant(check(subject(T.nsg, FIXTURES.nsg()), AZURE_CONFIG));
    assertCompliant(
      check(
        subject(
          T.securityRule,
          withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["VirtualNetwork", "AzureLoadBalancer", "10.40.1.5"] }),
        ),
        AZURE_CONFIG,
      ),
    );
  });
  it("fails *, Any, Internet and 0.0.0.0/0, citing CKV_AZURE_10", () => {
    for (const source of ["*", "Any", "Internet", "0.0.0.0/0"])
      assertViolation(
        check(
          subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: undefined, sourceAddressPrefix: source })),
          AZURE_CONFIG,
        ),
        /every address.*CKV_AZURE_10/s,
      );
  });
  it("fails public blocks, internet-covering halves, public service tags and IPv6", () => {
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["52.0.0.0/8"] })), AZURE_CONFIG),
      /"52\.0\.0\.0\/8", which is not inside a private range/,
    );
    assertViolation(
      check(
        subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["0.0.0.0/1", "128.0.0.0/1"] })),
        AZURE_CONFIG,
      ),
      /cover every IPv4 address/,
    );
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["AzureCloud"] })), AZURE_CONFIG),
      /service tag "AzureCloud"/,
    );
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: ["::/0"] })), AZURE_CONFIG),
      /IPv6/,
    );
  });
  it("fails an inline NSG rule in the ARM `properties` shape too", () =>
    assertViolation(
      check(
        subject(
          T.nsg,
          withChange(FIXTURES.nsg(), {
            securityRules: [
              {
                name: "x",
                properties: {
                  access: "Allow",
                  direction: "Inbound",
                  protocol: "Tcp",
                  sourceAddressPrefix: "Internet",
                  destinationPortRange: "3306",
                },
              },
            ],
          }),
        ),
        AZURE_CONFIG,
      ),
      /"Internet"/,
    ));
  it("does not apply to AWS security groups", () => assertNotApplicable(check(subject(T.securityGroup, FIXTURES.securityGroup()), CONFIG)));
  it("reads a lone source as a list of one, and a rule without direction or access as inbound allow", () => {
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { sourceAddressPrefixes: "Internet" })), AZURE_CONFIG),
      /"Internet": every address/,
    );
    assertViolation(
      check(
        subject(
          T.securityRule,
          withChange(FIXTURES.securityRule(), { direction: undefined, access: undefined, sourceAddressPrefixes: ["*"] }),
        ),
        AZURE_CONFIG,
      ),
      /every address/,
    );
  });
});
