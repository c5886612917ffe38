/**
 * Policy private-endpoint-to-adobe-manual-connection: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as peManual from "../../policy/policies/private-endpoint-to-adobe-manual-connection";
import {
  ADOBE_PLS,
  assertCompliant,
  assertNotApplicable,
  assertViolation,
  AZURE_CONFIG,
  FIXTURES,
  type Props,
  subject,
  T,
  withChange,
} from "./fixtures";

describe(`policy ${peManual.name}`, () => {
  const check = peManual.check;
  const connection = (change: Props): Props =>
    withChange(FIXTURES.pe(), { manualPrivateLinkServiceConnections: [{ name: "to-adobe", privateLinkServiceId: ADOBE_PLS, ...change }] });
  it("passes a manual connection with a short request message, by resource id or alias, and the 2019 InterfaceEndpoint token", () => {
    assertCompliant(check(subject(T.pe, FIXTURES.pe()), AZURE_CONFIG));
    assertCompliant(
      check(
        subject(
          T.pe,
          connection({
            privateLinkServiceId: "pls-x.7c9e6679-7425-40de-944b-e07fc1f90ae7.eastus.azure.privatelinkservice",
            requestMessage: "Acme",
          }),
        ),
        AZURE_CONFIG,
      ),
    );
    assertCompliant(check(subject("azure-native:network/v20190201:InterfaceEndpoint", FIXTURES.pe()), AZURE_CONFIG));
  });
  it("passes a message of exactly 140 characters and fails 141", () => {
    assertCompliant(check(subject(T.pe, connection({ requestMessage: "x".repeat(140) })), AZURE_CONFIG));
    assertViolation(
      check(subject(T.pe, connection({ requestMessage: "x".repeat(141) })), AZURE_CONFIG),
      /has 141 characters, more than 140/,
    );
  });
  it("fails a missing or blank request message", () => {
    assertViolation(check(subject(T.pe, connection({})), AZURE_CONFIG), /has no requestMessage/);
    assertViolation(check(subject(T.pe, connection({ requestMessage: "  " })), AZURE_CONFIG), /has no requestMessage/);
  });
  it("fails an automatic connection to Adobe's Private Link Service", () =>
    assertViolation(
      check(
        subject(
          T.pe,
          withChange(FIXTURES.pe(), {
            manualPrivateLinkServiceConnections: undefined,
            privateLinkServiceConnections: [{ name: "auto", privateLinkServiceId: ADOBE_PLS }],
          }),
        ),
        AZURE_CONFIG,
      ),
      /privateLinkServiceConnections\[0\] connects to .* automatically.*Adobe approves the connection request/s,
    ));
  it("does not judge private endpoints to Azure PaaS resources", () =>
    assertNotApplicable(
      check(
        subject(
          T.pe,
          withChange(FIXTURES.pe(), {
            manualPrivateLinkServiceConnections: undefined,
            privateLinkServiceConnections: [
              {
                name: "blob",
                privateLinkServiceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z",
                groupIds: ["blob"],
              },
            ],
          }),
        ),
        AZURE_CONFIG,
      ),
    ));
});
