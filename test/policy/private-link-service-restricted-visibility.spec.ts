/**
 * Policy private-link-service-restricted-visibility: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { DEFAULT_CONFIG } from "../../policy/config";
import * as plsVisibility from "../../policy/policies/private-link-service-restricted-visibility";
import { ADOBE_SUBSCRIPTION, assertCompliant, assertViolation, AZURE_CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${plsVisibility.name}`, () => {
  const check = plsVisibility.check;
  it("passes visibility and nothing else for the configured subscription, case-insensitively", () => {
    assertCompliant(check(subject(T.pls, FIXTURES.pls()), AZURE_CONFIG));
    assertCompliant(
      check(
        subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: [ADOBE_SUBSCRIPTION.toUpperCase()] } })),
        AZURE_CONFIG,
      ),
    );
  });
  it('fails visibility "*"', () =>
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: ["*"] } })), AZURE_CONFIG),
      /visibility\.subscriptions contains "\*"/,
    ));
  it("fails an unconfigured subscription in visibility", () =>
    assertViolation(
      check(
        subject(
          T.pls,
          withChange(FIXTURES.pls(), { visibility: { subscriptions: [ADOBE_SUBSCRIPTION, "00000000-0000-4000-8000-000000000000"] } }),
        ),
        AZURE_CONFIG,
      ),
      /"00000000-0000-4000-8000-000000000000", which is not a configured subscription/,
    ));
  it("fails visibility that misses a configured subscription, and unset visibility", () => {
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: [] } })), AZURE_CONFIG),
      /misses 7c9e6679/,
    );
    assertViolation(check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: undefined })), AZURE_CONFIG), /is not set and misses/);
  });
  it('fails auto-approval of "*" and of any subscription outside the configured ones', () => {
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: ["*"] } })), AZURE_CONFIG),
      /every request is approved/,
    );
    assertViolation(
      check(
        subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: ["00000000-0000-4000-8000-000000000000"] } })),
        AZURE_CONFIG,
      ),
      /outside the configured subscriptions/,
    );
    assertCompliant(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: [ADOBE_SUBSCRIPTION] } })), AZURE_CONFIG),
    );
  });
  it("without configured subscriptions refuses only '*' in visibility and every auto-approval", () => {
    assertCompliant(check(subject(T.pls, FIXTURES.pls()), DEFAULT_CONFIG));
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: [ADOBE_SUBSCRIPTION] } })), DEFAULT_CONFIG),
      /none configured/,
    );
  });
  it("covers versioned tokens", () =>
    assertViolation(
      check(
        subject("azure-native:network/v20230201:PrivateLinkService", withChange(FIXTURES.pls(), { visibility: { subscriptions: ["*"] } })),
        AZURE_CONFIG,
      ),
      /"\*"/,
    ));
  it('reads a lone "*" as a list of one, in visibility and auto-approval', () => {
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { visibility: { subscriptions: "*" } })), AZURE_CONFIG),
      /visibility\.subscriptions contains "\*"/,
    );
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { autoApproval: { subscriptions: "*" } })), DEFAULT_CONFIG),
      /every request is approved/,
    );
  });
});
