/**
 * Policy security-group-ingress-private-sources: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import * as sgSources from "../../policy/policies/security-group-ingress-private-sources";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${sgSources.name}`, () => {
  const check = sgSources.check;
  it("passes private blocks in all three AWS rule shapes", () => {
    assertCompliant(check(subject(T.ingressRule, FIXTURES.ingressRule()), CONFIG));
    assertCompliant(check(subject(T.sgRule, FIXTURES.sgRule()), CONFIG));
    assertCompliant(check(subject(T.securityGroup, FIXTURES.securityGroup()), CONFIG));
  });
  it("passes rules that reference a security group instead of a block, and a group without ingress", () => {
    assertCompliant(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: undefined, referencedSecurityGroupId: "sg-1" })), CONFIG),
    );
    assertCompliant(check(subject(T.securityGroup, withChange(FIXTURES.securityGroup(), { ingress: undefined })), CONFIG));
  });
  it("fails 0.0.0.0/0 as a /0", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: "0.0.0.0/0" })), CONFIG),
      /\/0 is every address.*CKV_AWS_24/s,
    ));
  it("fails a public block (parsed: 11.0.0.0/8 sits next to 10.0.0.0/8)", () =>
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { cidrBlocks: ["11.0.0.0/8"] })), CONFIG),
      /"11\.0\.0\.0\/8", which is not inside a private range/,
    ));
  it("fails a block wider than a private range (10.0.0.0/7)", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: "10.0.0.0/7" })), CONFIG),
      /not inside a private range/,
    ));
  it("fails halves that together cover the internet", () =>
    assertViolation(
      check(
        subject(
          T.securityGroup,
          withChange(FIXTURES.securityGroup(), {
            ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }],
          }),
        ),
        CONFIG,
      ),
      /together the blocks 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 cover every IPv4 address/,
    ));
  it("fails IPv6 sources and text that is not a CIDR block", () => {
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: undefined, cidrIpv6: "::/0" })), CONFIG),
      /IPv6 block "::\/0"/,
    );
    assertViolation(check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { ipv6CidrBlocks: ["fd00::/8"] })), CONFIG), /IPv6/);
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { cidrBlocks: ["10.20.0.0/33"] })), CONFIG),
      /"10\.20\.0\.0\/33", which is not an IPv4 CIDR block/,
    );
  });
  it("ignores egress rules of the legacy rule resource", () =>
    assertCompliant(check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { type: "egress", cidrBlocks: ["0.0.0.0/0"] })), CONFIG)));
  it("does not apply to Azure NSGs (nsg-no-broad-inbound does)", () => assertNotApplicable(check(subject(T.nsg, FIXTURES.nsg()), CONFIG)));
  it("reads a lone block as a list of one and judges entries that are not text", () => {
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { cidrBlocks: "0.0.0.0/0" })), CONFIG),
      /"0\.0\.0\.0\/0": \/0 is every address/,
    );
    assertViolation(
      check(
        subject(
          T.securityGroup,
          withChange(FIXTURES.securityGroup(), { ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, ipv6CidrBlocks: "::/0" }] }),
        ),
        CONFIG,
      ),
      /IPv6 block "::\/0"/,
    );
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { cidrIpv4: { block: "10.0.0.0/8" } })), CONFIG),
      /not an IPv4 CIDR block/,
    );
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { cidrBlocks: ["10.20.0.0/16", 7] })), CONFIG),
      /"7", which is not an IPv4 CIDR block/,
    );
  });
  it("judges the ingress of a legacy rule whose type is not egress (unreadable types are read as ingress)", () =>
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { type: "Ingress", cidrBlocks: ["0.0.0.0/0"] })), CONFIG),
      /\/0/,
    ));
});
