/**
 * Policy examined-inputs-readable: a value the provider cannot read is a mandatory finding, never a
 * pass; a value it converts ("true", "22", 6) is not. Values unknown during preview are skipped.
 */
import assert from "node:assert/strict";
import * as inputsReadable from "../../policy/policies/examined-inputs-readable";
import {
  assertCompliant,
  assertNotApplicable,
  assertViolation,
  AZURE_CONFIG,
  CONFIG,
  FIXTURES,
  type Props,
  subject,
  T,
  withChange,
} from "./fixtures";

describe(`policy ${inputsReadable.name}`, () => {
  const check = inputsReadable.check;

  it("passes every compliant fixture, and values the provider converts", () => {
    for (const [type, props] of Object.entries({
      [T.endpoint]: withChange(FIXTURES.endpoint(), { privateDnsEnabled: "false" }),
      [T.service]: FIXTURES.service(),
      [T.ingressRule]: withChange(FIXTURES.ingressRule(), { ipProtocol: 6, fromPort: "3306" }),
      [T.egressRule]: FIXTURES.egressRule(),
      [T.sgRule]: FIXTURES.sgRule(),
      [T.securityGroup]: FIXTURES.securityGroup(),
      [T.lb]: withChange(FIXTURES.lb(), { internal: "true" }),
      [T.listener]: FIXTURES.listener(),
      [T.targetGroup]: withChange(FIXTURES.targetGroup(), { healthCheck: { port: 5432 } }),
      [T.attachment]: FIXTURES.attachment(),
      [T.pe]: FIXTURES.pe(),
      [T.azureLb]: FIXTURES.azureLb(),
      [T.pls]: FIXTURES.pls(),
      [T.nsg]: FIXTURES.nsg(),
      [T.securityRule]: withChange(FIXTURES.securityRule(), { destinationPortRange: 3306 }),
      [T.natRule]: FIXTURES.natRule(),
    }))
      assertCompliant(check(subject(type, props), type.startsWith("aws") ? CONFIG : AZURE_CONFIG));
  });

  it("finds each value no conversion reads, naming the input, the value and the type expected", () => {
    const cases: [string, Props, RegExp][] = [
      [T.endpoint, { privateDnsEnabled: "yes" }, /^privateDnsEnabled is "yes", which the provider cannot read as true or false/],
      [T.sgRule, { cidrBlocks: "0.0.0.0/0" }, /^cidrBlocks is "0\.0\.0\.0\/0", which the provider cannot read as a list of text values/],
      [T.service, { allowedPrincipals: "*" }, /^allowedPrincipals is "\*"/],
      [T.service, { acceptanceRequired: 1 }, /^acceptanceRequired is 1/],
      [T.ingressRule, { fromPort: 22.5 }, /^fromPort is 22\.5, which the provider cannot read as a whole number/],
      [T.ingressRule, { ipProtocol: ["tcp"] }, /^ipProtocol is \["tcp"\], which the provider cannot read as text/],
      [T.securityGroup, { egress: [{ protocol: "tcp", fromPort: "x", toPort: 22 }] }, /^egress\[0\]\.fromPort is "x"/],
      [T.securityGroup, { ingress: "all" }, /^ingress is "all", which the provider cannot read as a list of objects/],
      [T.securityGroup, { ingress: [5] }, /^ingress\[0\] is 5, not an object/],
      [T.attachment, { port: "ssh" }, /^port is "ssh"/],
      [T.pls, { visibility: { subscriptions: "*" } }, /^visibility\.subscriptions is "\*"/],
      [T.azureLb, { sku: "Standard" }, /^sku is "Standard", which the provider cannot read as an object/],
      [
        T.azureLb,
        { inboundNatRules: [{ name: "x", properties: { backendPort: "twenty-two" } }] },
        /^inboundNatRules\[0\]\.properties\.backendPort is "twenty-two"/,
      ],
      [
        T.nsg,
        { securityRules: [{ name: "r", sourceAddressPrefixes: "Internet" }] },
        /^securityRules\[0\]\.sourceAddressPrefixes is "Internet"/,
      ],
      [T.securityRule, { direction: { in: true } }, /^direction is \{"in":true\}/],
      [T.awsProvider, { region: ["us-east-1"] }, /^region is \["us-east-1"\]/],
    ];
    for (const [type, change, pattern] of cases) {
      const base = Object.entries(T).find(([, token]) => token === type)?.[0] as keyof typeof FIXTURES | undefined;
      const props = base !== undefined && base in FIXTURES ? withChange(FIXTURES[base](), change) : change;
      assertViolation(check(subject(type, props), CONFIG), pattern);
    }
  });

  it("bounds a long value in the message", () => {
    const v = check(subject(T.endpoint, withChange(FIXTURES.endpoint(), { vpcEndpointType: ["x".repeat(10_000)] })), CONFIG);
    assert.ok(v.kind === "violation" && (v.violations[0]?.message.length ?? 0) < 600);
  });

  it("does not apply to types whose inputs the pack does not examine", () => {
    assertNotApplicable(check(subject("aws:s3/bucket:Bucket", { bucket: 5 }), CONFIG));
    assertNotApplicable(check(subject(T.asg, {}), AZURE_CONFIG));
  });
});
