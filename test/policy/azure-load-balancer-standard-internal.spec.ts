/**
 * Policy azure-load-balancer-standard-internal: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as azureLb from "../../policy/policies/azure-load-balancer-standard-internal";
import { assertCompliant, assertViolation, AZURE_CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${azureLb.name}`, () => {
  const check = azureLb.check;
  it("passes a Standard load balancer with a private frontend", () =>
    assertCompliant(check(subject(T.azureLb, FIXTURES.azureLb()), AZURE_CONFIG)));
  it("fails Basic, and an unset SKU (Azure's default is Basic)", () => {
    assertViolation(
      check(subject(T.azureLb, withChange(FIXTURES.azureLb(), { sku: { name: "Basic" } })), AZURE_CONFIG),
      /sku\.name is "Basic"/,
    );
    assertViolation(check(subject(T.azureLb, withChange(FIXTURES.azureLb(), { sku: undefined })), AZURE_CONFIG), /not set \(Basic\)/);
  });
  it("fails a frontend with a public IP address or prefix", () => {
    assertViolation(
      check(
        subject(
          T.azureLb,
          withChange(FIXTURES.azureLb(), {
            frontendIPConfigurations: [{ name: "pub", publicIPAddress: { id: "/x/publicIPAddresses/pip" } }],
          }),
        ),
        AZURE_CONFIG,
      ),
      /"pub" has a publicIPAddress/,
    );
    assertViolation(
      check(
        subject(T.azureLb, withChange(FIXTURES.azureLb(), { frontendIPConfigurations: [{ publicIPPrefix: { id: "/x" } }] })),
        AZURE_CONFIG,
      ),
      /publicIPPrefix/,
    );
  });
});
