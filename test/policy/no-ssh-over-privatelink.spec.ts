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

  it("passes the load balancer's egress, attachments and NAT rules on service ports", () => {
    for (const [type, props] of [
      [T.egressRule, FIXTURES.egressRule()],
      [T.attachment, FIXTURES.attachment()],
      [T.natRule, FIXTURES.natRule()],
      [
        T.securityGroup,
        withChange(FIXTURES.securityGroup(), {
          egress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.50.1.10/32"] }],
        }),
      ],
      [T.sgRule, withChange(FIXTURES.sgRule(), { type: "egress", fromPort: 5432, toPort: 5432 })],
    ] as const)
      assertCompliant(check(subject(type, props), DEFAULT_CONFIG));
  });

  it("finds SSH forwarded to customer hosts: attachment, egress in every AWS shape, health check, classic listener", () => {
    const cases: [string, Props, RegExp][] = [
      [T.attachment, withChange(FIXTURES.attachment(), { port: 22 }), /^port forwards port 22, which includes SSH port 22/],
      [T.egressRule, withChange(FIXTURES.egressRule(), { fromPort: 22, toPort: 22 }), /^rule allows outbound traffic to port 22/],
      [
        T.securityGroup,
        withChange(FIXTURES.securityGroup(), { egress: [{ protocol: "tcp", fromPort: 0, toPort: 1024, cidrBlocks: ["10.50.0.0/16"] }] }),
        /^egress\[0\] allows outbound traffic to ports 0-1024/,
      ],
      [T.sgRule, withChange(FIXTURES.sgRule(), { type: "egress", fromPort: 22, toPort: 22 }), /^rule allows outbound traffic to port 22/],
      [T.egressRule, withChange(FIXTURES.egressRule(), { ipProtocol: "-1", fromPort: undefined, toPort: undefined }), /all ports/],
      [T.targetGroup, withChange(FIXTURES.targetGroup(), { healthCheck: { port: "22" } }), /^healthCheck\.port forwards port 22/],
      [
        T.classicLb,
        { listeners: [{ lbPort: 2222, lbProtocol: "tcp", instancePort: 22, instanceProtocol: "tcp" }] },
        /listeners\[0\]\.instancePort/,
      ],
    ];
    for (const [type, props, pattern] of cases) {
      const v = check(subject(type, props), DEFAULT_CONFIG);
      assertViolation(v, pattern);
      assertViolation(v, /You cannot establish SSH connections using PrivateLink/);
    }
  });

  it("finds SSH in Azure inbound NAT rules and pools (inline, standalone, ARM shape) and probes", () => {
    const cases: [string, Props, RegExp][] = [
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), { inboundNatRules: [{ name: "ssh", protocol: "Tcp", frontendPort: 50001, backendPort: 22 }] }),
        /inboundNatRules\[0\] "ssh"\.backendPort forwards port 22/,
      ],
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), {
          inboundNatPools: [{ name: "pool", protocol: "Tcp", frontendPortRangeStart: 50000, frontendPortRangeEnd: 50099, backendPort: 22 }],
        }),
        /inboundNatPools\[0\] "pool"\.backendPort/,
      ],
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), { inboundNatPools: [{ frontendPortRangeStart: 1, frontendPortRangeEnd: 100, backendPort: 3306 }] }),
        /frontend port range forwards ports 1-100/,
      ],
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), { inboundNatRules: [{ name: "x", properties: { frontendPort: 22, backendPort: 22 } }] }),
        /inboundNatRules\[0\] "x"\.frontendPort/,
      ],
      [
        T.azureLb,
        withChange(FIXTURES.azureLb(), { probes: [{ name: "p", protocol: "Tcp", port: 22 }] }),
        /probes\[0\] "p"\.port forwards port 22/,
      ],
      [T.natRule, withChange(FIXTURES.natRule(), { backendPort: 22 }), /^rule\.backendPort forwards port 22/],
      [
        T.natRule,
        withChange(FIXTURES.natRule(), { frontendPort: undefined, frontendPortRangeStart: 20, frontendPortRangeEnd: 30 }),
        /ports 20-30/,
      ],
    ];
    for (const [type, props, pattern] of cases) assertViolation(check(subject(type, props), DEFAULT_CONFIG), pattern);
  });

  it("reads wrong-typed values the way the provider converts them, and unreadable ones as every port", () => {
    const cases: [string, Props, RegExp][] = [
      // A protocol number (6 is TCP) and "-1" (every protocol) are not "no ports".
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: 6, fromPort: 22, toPort: 22 }), /port 22/],
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "-1", fromPort: 3306, toPort: 3306 }), /all ports/],
      [T.sgRule, withChange(FIXTURES.sgRule(), { protocol: -1 }), /all ports/],
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "TCP", fromPort: "22", toPort: "22" }), /port 22/],
      // Unreadable: a protocol that is no protocol, a port that is no whole number, reversed bounds.
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: { name: "tcp" } }), /all ports/],
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 21.5, toPort: 22.5 }), /all ports/],
      [T.ingressRule, withChange(FIXTURES.ingressRule(), { fromPort: 30, toPort: 20 }), /ports 20-30/],
      [T.attachment, withChange(FIXTURES.attachment(), { port: "ssh" }), /all ports/],
      [T.listener, withChange(FIXTURES.listener(), { port: "22" }), /port 22/],
      [T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: 22 }), /port 22/],
      [
        T.securityRule,
        withChange(FIXTURES.securityRule(), { destinationPortRange: undefined, destinationPortRanges: "20-30" }),
        /ports 20-30/,
      ],
      [T.securityRule, withChange(FIXTURES.securityRule(), { destinationPortRange: { from: 22 } }), /all ports/],
      [T.securityRule, withChange(FIXTURES.securityRule(), { protocol: "Gre", destinationPortRange: "22" }), /port 22/],
      // A direction or access that is not set or unreadable is read as inbound allow.
      [T.securityRule, withChange(FIXTURES.securityRule(), { direction: undefined, destinationPortRange: "22" }), /port 22/],
      [T.securityRule, withChange(FIXTURES.securityRule(), { access: 1, destinationPortRange: "22" }), /port 22/],
    ];
    for (const [type, props, pattern] of cases) assertViolation(check(subject(type, props), DEFAULT_CONFIG), pattern);
    // Portless protocols carry no TCP port: ICMP and other protocol numbers (GRE is 47).
    assertCompliant(
      check(subject(T.ingressRule, withChange(FIXTURES.ingressRule(), { ipProtocol: "47", fromPort: 22, toPort: 22 })), DEFAULT_CONFIG),
    );
  });

  it("ignores Azure outbound allow rules (AllowVnetOutBound already admits every port) and deny rules", () =>
    assertCompliant(
      check(
        subject(T.securityRule, withChange(FIXTURES.securityRule(), { direction: "Outbound", destinationPortRange: "22" })),
        DEFAULT_CONFIG,
      ),
    ));
});
