/**
 * Policy security-group-ingress-configured-ports: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { DEFAULT_CONFIG, readConfig } from "../../policy/config";
import * as sgPorts from "../../policy/policies/security-group-ingress-configured-ports";
import { assertCompliant, assertNotApplicable, assertViolation, AZURE_CONFIG, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policy ${sgPorts.name}`, () => {
  const check = sgPorts.check;
  it("passes configured Adobe ports and customer service ports, on AWS and Azure", () => {
    assertCompliant(check(subject(T.ingressRule, FIXTURES.ingressRule()), CONFIG));
    assertCompliant(check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 5432, toPort: 5432 })), CONFIG));
    assertCompliant(check(subject(T.securityRule, FIXTURES.securityRule()), AZURE_CONFIG));
    assertCompliant(check(subject(T.nsg, FIXTURES.nsg()), AZURE_CONFIG));
  });
  it("fails a port that is not configured", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 3307, toPort: 3307 })), CONFIG),
      /port 3307, of which 1 is not configured/,
    ));
  it("fails a range that covers unconfigured ports, with a sample", () =>
    assertViolation(
      check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { fromPort: 2222, toPort: 3306 })), CONFIG),
      /ports 2222-3306, of which 1083 are not configured \(e\.g\. 2223, 2224/,
    ));
  it("fails all traffic (-1) and unset ports on a tcp rule, read as every port", () => {
    assertViolation(
      check(
        subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "-1", fromPort: undefined, toPort: undefined })),
        CONFIG,
      ),
      /every protocol and port/,
    );
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: undefined, toPort: undefined })), CONFIG),
      /opens all ports/,
    );
  });
  it("fails portless protocols such as ICMP", () =>
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "icmp", fromPort: -1, toPort: -1 })), CONFIG),
      /protocol "icmp"/,
    ));
  it("fails an Azure rule with destination port *", () =>
    assertViolation(
      check(subject(T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "*" })), AZURE_CONFIG),
      /opens all ports/,
    ));
  it("follows a config override of ports", () =>
    assertCompliant(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 3307, toPort: 3307 })), readConfig({ ports: [3307] })),
    ));
  it("does not apply without configured ports", () =>
    assertNotApplicable(check(subject(T.ingressRule, FIXTURES.ingressRule()), DEFAULT_CONFIG)));
  it("reads a protocol number as its protocol and port text as numbers", () => {
    assertViolation(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: 6, fromPort: "22", toPort: "22" })), CONFIG),
      /port 22, of which 1 is not configured/,
    );
    assertViolation(check(subject(T.sgRule, withChange(FIXTURES.sgRule(), { protocol: "-1" })), CONFIG), /every protocol and port/);
    assertCompliant(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: 6, fromPort: "3306", toPort: 3306 })), CONFIG),
    );
  });
  it("does not judge egress rules: their ports are the targets' ports, not the agreed ones", () =>
    assertCompliant(check(subject(T.egressRule, withChange(FIXTURES.egressRule(), { fromPort: 1, toPort: 65535 })), CONFIG)));
});
