/**
 * components/refusal.ts: the error every component refuses its arguments with.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { refusal } from "../components/refusal";

describe("a component's refusal", () => {
  it("is a ResourceError against the resource, shown without a stack, whose inspection leaves the resource graph out", () => {
    const parent = new pulumi.ComponentResource("test:index:Refuser", "refuser");
    const error = refusal("network.subnetIds: subnet-1 is in vpc-2", parent);
    assert.ok(pulumi.ResourceError.isInstance(error));
    assert.equal(error.message, "network.subnetIds: subnet-1 is in vpc-2");
    assert.equal(error.resource, parent);
    assert.equal(error.hideStack, true);
    assert.equal(error.stack, "ResourceError: network.subnetIds: subnet-1 is in vpc-2", "no frames: Pulumi never shows them");
    // cmd/run inspects every uncaught error; the resource (and through it the graph) must not be walked.
    const shown = inspect(error, { colors: true });
    assert.doesNotMatch(shown, /__pulumiResource|Refuser|refuser/);
    assert.ok(shown.length < 2_000, `inspected in ${shown.length} characters`);
  });
});
