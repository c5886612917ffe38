/**
 * The port policies follow rules/adobe.ts: a port added to FORBIDDEN_PORTS (for a cloud and a leg) is
 * refused at once, by the policy for its kind of rule, and only where the rule says. The list is
 * mutated in place and restored after each test.
 */
import assert from "node:assert/strict";
import { readConfig } from "../../policy/config";
import * as noHttps from "../../policy/policies/no-https-into-adobe-on-azure";
import * as noSsh from "../../policy/policies/no-ssh-over-privatelink";
import { CLOUDS, FORBIDDEN_PORTS, type ForbiddenPort, LEGS } from "../../rules/adobe";
import { assertCompliant, assertNotApplicable, assertViolation, AZURE_CONFIG, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe("forbidden ports come from rules/adobe.ts", () => {
  const list = FORBIDDEN_PORTS as ForbiddenPort[];
  const original = [...list];
  const add = (rule: ForbiddenPort): void => {
    list.push(rule);
  };
  afterEach(() => list.splice(0, list.length, ...original));

  const rdp: ForbiddenPort = { port: 3389, clouds: CLOUDS, legs: LEGS, reason: "remote desktop is not allowed", fix: "remove it" };
  const smtp: ForbiddenPort = { port: 25, clouds: ["aws"], legs: ["customer-to-adobe"], reason: "no mail into Adobe", fix: "drop it" };

  it("passes 3389 and 25 while the list does not name them", () => {
    for (const port of [3389, 25]) {
      const rule = subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: port, toPort: port }));
      assertCompliant(noSsh.check(rule, CONFIG));
      assertNotApplicable(noHttps.check(rule, CONFIG));
    }
  });

  it("a port added for every cloud and leg is refused by no-ssh-over-privatelink everywhere a port opens, with the rule's reason and fix", () => {
    add(rdp);
    assertViolation(
      noSsh.check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 3389, toPort: 3389 })), CONFIG),
      /opens port 3389, which includes port 3389\. Why: Adobe's rule: remote desktop is not allowed\. Fix: remove it\.$/,
    );
    assertViolation(noSsh.check(subject(T.attachment, withChange(FIXTURES.attachment(), { port: 3389 })), CONFIG), /forwards port 3389/);
    assertViolation(
      noSsh.check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "3000-4000" })), AZURE_CONFIG),
      /3389/,
    );
    // SSH is still refused next to it.
    assertViolation(noSsh.check(subject(T.listener, withChange(FIXTURES.listener(), { port: 22 })), CONFIG), /SSH port 22/);
  });

  it("a port added for one cloud and leg is refused by no-https-into-adobe-on-azure on that cloud only, unless configured for the other leg", () => {
    add(smtp);
    const rule = subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 25, toPort: 25 }));
    assertViolation(
      noHttps.check(rule, CONFIG),
      /opens port 25, which includes port 25\. Why: Adobe's rule: no mail into Adobe\. Fix: drop it; if 25 is a port of the adobe-to-customer leg, add it to policy config servicePorts\.$/,
    );
    assertCompliant(noSsh.check(rule, CONFIG));
    // Not on Azure; and on AWS a configured customer service port (the other leg) is accepted.
    assertCompliant(
      noHttps.check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "25" })), AZURE_CONFIG),
    );
    assertNotApplicable(noHttps.check(rule, readConfig({ servicePorts: [25] })));
    // A load balancer serves the Adobe -> customer leg, where the rule does not apply.
    assertCompliant(noHttps.check(subject(T.listener, withChange(FIXTURES.listener(), { port: 25 })), CONFIG));
  });

  it("restores the list after each test", () => assert.deepEqual(FORBIDDEN_PORTS, original));
});
