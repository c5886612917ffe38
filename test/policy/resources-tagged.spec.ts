/**
 * Policy resources-tagged: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { DEFAULT_CONFIG } from "../../policy/config";
import * as tagged from "../../policy/policies/resources-tagged";
import { assertCompliant, assertNotApplicable, assertViolation, AZURE_CONFIG, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${tagged.name}`, () => {
  const check = tagged.check;
  it("passes resources with the required tags, counting AWS provider defaultTags", () => {
    assertCompliant(check(subject(T.endpoint, FIXTURES.endpoint()), CONFIG));
    assertCompliant(
      check(
        subject(T.endpoint, withChange(FIXTURES.endpoint(), { tags: { owner: "x" } }), {
          provider: { type: T.awsProvider, props: { defaultTags: { tags: { "cost-center": "1" } } } },
        }),
        CONFIG,
      ),
    );
  });
  it("fails a missing required tag", () =>
    assertViolation(
      check(subject(T.pls, withChange(FIXTURES.pls(), { tags: { owner: "x" } })), AZURE_CONFIG),
      /miss the required cost-center/,
    ));
  it("without requiredTags asks for at least one tag", () => {
    assertCompliant(check(subject(T.lb, FIXTURES.lb()), DEFAULT_CONFIG));
    assertViolation(check(subject(T.lb, withChange(FIXTURES.lb(), { tags: undefined })), DEFAULT_CONFIG), /has no tags/);
  });
  it("does not apply to untaggable resources", () => assertNotApplicable(check(subject(T.attachment, {}), CONFIG)));
});
