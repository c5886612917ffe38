/**
 * Policy no-ssh-over-privatelink: a compliant fixture per resource type (./fixtures), one changed field per negative
 * test, the not-applicable cases.
 */
import { DEFAULT_CONFIG } from "../../policy/config";
import * as noSsh from "../../policy/policies/no-ssh-over-privatelink";
import { assertCompliant, assertNotApplicable, assertViolation, FIXTURES, type Props, subject, T, withChange } from "./fixtures";

describe(`policy ${noSsh.name}`, () => {
  const check = noSsh.check;
  it("passes rules, listeners, target groups and Azure load-balancing rules without port 22", () => {
    for (const [type, props] of [
      [T.ingressRule, FIXTURES.ingressRule()],
      [T.securityGroup, FIXTURES.securityGroup()],
      [T.listener, FIXTURES.listener()],
      [T.targetGroup, FIXTURES.targetGroup()],
      [T.azureLb, FIXTURES.azureLb()],
      [T.nsg, FIXTURES.nsg()],
    ] as const)
      assertCompliant(check(subject(type, props), DEFAULT_CONFIG));
  });
  it("fails port 22 in every place it can be opened, without any config", () => {
    const cases: [string, Props][] = [
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 22, toPort: 22 })],
      [T.sgRule, withChange(FIXTURES.sgRule(), { fromPort: 20, toPort: 30 })],
      [
        T.securityGroup,
        withChange(FIXTURES.securityGroup(), { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"] }] }),
      ],
      [T.listener, withChange(FIXTURES.listener(), { port: 22 })],
      [T.targetGroup, withChange(FIXTURES.targetGroup(), { port: 22 })],
      [T.azureLb, withChange(FIXTURES.azureLb(), { loadBalancingRules: [{ protocol: "Tcp", frontendPort: 2222, backendPort: 22 }] })],
      [T.azureLb, withChange(FIXTURES.azureLb(), { loadBalancingRules: [{ protocol: "All", frontendPort: 0, backendPort: 0 }] })],
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), { inboundNatRules: [{ frontendPortRangeStart: 1, frontendPortRangeEnd: 100, backendPort: 3306 }] }),
      ],
      [T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: "22" })],
      [T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: undefined, destinationPortRanges: ["3306", "1-1024"] })],
      [
        T.nsg,
        withChange(FIXTURES.nsg(), {
          securityRules: [
            {
              name: "ssh",
              access: "Allow",
              direction: "Inbound",
              protocol: "*",
              sourceAddressPrefix: "10.0.0.0/8",
              destinationPortRange: "*",
            },
          ],
        }),
      ],
    ];
    for (const [type, props] of cases)
      assertViolation(check(subject(type, props), DEFAULT_CONFIG), /22.*You cannot establish SSH connections using PrivateLink/s);
  });
  it("does not apply to resources that carry no ports", () =>
    assertNotApplicable(check(subject(T.endpoint, FIXTURES.endpoint()), DEFAULT_CONFIG)));
});
