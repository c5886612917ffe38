/**
 * Every check over every type with no props, wrongly shaped props, values unknown during preview, and
 * random mutations of the compliant fixtures (fast-check): the pack never throws, and a mutation that
 * makes a resource dangerous is always a finding.
 */
import assert from "node:assert/strict";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import fc from "fast-check";
import { DEFAULT_CONFIG, type PolicyConfig } from "../../policy/config";
import { evaluatePolicies, isBlocking } from "../../policy/evaluate";
import { policies } from "../../policy/policies";
import * as azureLb from "../../policy/policies/azure-load-balancer-standard-internal";
import * as inputsReadable from "../../policy/policies/examined-inputs-readable";
import * as lbDeletionNonProd from "../../policy/policies/load-balancer-deletion-protection-non-production";
import * as lbDeletionProd from "../../policy/policies/load-balancer-deletion-protection-production";
import * as lbInternal from "../../policy/policies/load-balancer-internal-network";
import * as noHttps from "../../policy/policies/no-https-into-adobe-on-azure";
import * as noSsh from "../../policy/policies/no-ssh-over-privatelink";
import * as nsgBroad from "../../policy/policies/nsg-no-broad-inbound";
import * as peManual from "../../policy/policies/private-endpoint-to-adobe-manual-connection";
import * as plsVisibility from "../../policy/policies/private-link-service-restricted-visibility";
import * as typesExamined from "../../policy/policies/resource-types-examined";
import * as region from "../../policy/policies/resources-in-configured-region";
import * as tagged from "../../policy/policies/resources-tagged";
import * as sgPorts from "../../policy/policies/security-group-ingress-configured-ports";
import * as sgSources from "../../policy/policies/security-group-ingress-private-sources";
import * as protectedProd from "../../policy/policies/stateful-resources-protected-in-production";
import * as acceptance from "../../policy/policies/vpc-endpoint-service-acceptance-required";
import * as onlyPrincipals from "../../policy/policies/vpc-endpoint-service-only-configured-principals";
import * as endpointType from "../../policy/policies/vpc-endpoint-to-adobe-interface-no-private-dns";
import type { ResourceCheck } from "../../policy/rule";
import { ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";
import { AZURE_CONFIG, CONFIG, FIXTURES, messages, type Props, resource, subject, T } from "./fixtures";

describe("undefined and unknown props", () => {
  const checks: [string, ResourceCheck][] = [
    acceptance,
    onlyPrincipals,
    endpointType,
    sgSources,
    sgPorts,
    noSsh,
    noHttps,
    region,
    lbInternal,
    lbDeletionProd,
    lbDeletionNonProd,
    plsVisibility,
    azureLb,
    nsgBroad,
    peManual,
    protectedProd,
    tagged,
    inputsReadable,
    typesExamined,
  ].map((m) => [m.name, m.check]);

  it("every resource check handles a resource with no props at all, for every type, without throwing", () => {
    // Every policy but the one stack policy (grants) has a resource check.
    assert.equal(checks.length, policies.length - 1);
    for (const [name, check] of checks)
      for (const type of Object.values(T))
        for (const config of [CONFIG, AZURE_CONFIG, DEFAULT_CONFIG]) {
          const v = check(subject(type, {}), config);
          assert.ok(["compliant", "not-applicable", "violation"].includes(v.kind), `${name} on ${type}`);
          for (const m of messages(v)) assert.match(m, /Why: .*Fix: /s, `${name} on ${type}: ${m}`);
        }
  });

  it("every resource check ignores wrongly shaped values instead of throwing", () => {
    const junk = {
      ingress: "x",
      securityRules: [1, null],
      allowedPrincipals: "arn",
      visibility: [],
      tags: 5,
      sku: "Standard",
      frontendIPConfigurations: {},
      manualPrivateLinkServiceConnections: "x",
    };
    for (const [name, check] of checks)
      for (const type of Object.values(T)) assert.doesNotThrow(() => check(subject(type, junk), CONFIG), name);
  });

  it("reads only the props a policy needs: an unknown value elsewhere does not stop it, an unknown value it needs raises the engine's UnknownValueError (advisory during preview)", () => {
    // The engine's unknown-checking proxy is internal to @pulumi/policy (its .d.ts declares nothing).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy");
    const props = proxy.unknownCheckingProxy({ ...FIXTURES.endpoint(), vpcId: proxy.unknownStringValue, tags: proxy.unknownObjectValue });
    const args = (policy: ResourceValidationPolicy, config: object) => ({
      type: T.endpoint,
      name: "ep",
      urn: "urn:ep",
      props,
      opts: {
        protect: true,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      stackTags: new Map(),
      isType: () => false,
      asType: () => undefined,
      getConfig: () => config,
      notApplicable: (reason?: string) => {
        throw new Error(`not applicable: ${reason ?? ""}`);
      },
    });
    const reported: string[] = [];
    const validate = (policy: ResourceValidationPolicy, config: object): void => {
      (policy.validateResource as any)(args(policy, config), (m: string) => reported.push(m));
    };
    assert.doesNotThrow(() => validate(endpointType.policy, {}));
    assert.deepEqual(reported, []);
    assert.throws(() => validate(tagged.policy, {}), proxy.UnknownValueError);
  });
});

describe("random mutations of compliant resources (fast-check)", () => {
  /** Every fixture with its type; each is compliant under the strictest config of its cloud. */
  const CASES: [string, () => Props][] = [
    [T.endpoint, FIXTURES.endpoint],
    [T.service, FIXTURES.service],
    [T.allowedPrincipal, FIXTURES.allowedPrincipal],
    [T.ingressRule, FIXTURES.ingressRule],
    [T.egressRule, FIXTURES.egressRule],
    [T.sgRule, FIXTURES.sgRule],
    [T.securityGroup, FIXTURES.securityGroup],
    [T.lb, FIXTURES.lb],
    [T.listener, FIXTURES.listener],
    [T.targetGroup, FIXTURES.targetGroup],
    [T.attachment, FIXTURES.attachment],
    [T.pe, FIXTURES.pe],
    [T.azureLb, FIXTURES.azureLb],
    [T.pls, FIXTURES.pls],
    [T.securityRule, FIXTURES.securityRule],
    [T.nsg, FIXTURES.nsg],
    [T.natRule, FIXTURES.natRule],
  ];
  const configOf = (type: string): PolicyConfig => (type.startsWith("aws:") ? CONFIG : AZURE_CONFIG);
  /** Keys the pack reads that the fixtures leave unset, so mutations also add them. */
  const EXTRA_KEYS = [
    "egress",
    "ingress",
    "port",
    "healthCheck",
    "inboundNatRules",
    "inboundNatPools",
    "probes",
    "direction",
    "access",
    "region",
    "location",
    "type",
  ];

  type Path = readonly (string | number)[];
  function paths(value: unknown, prefix: Path = []): Path[] {
    if (typeof value !== "object" || value === null) return [];
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
  }
  function setAt(props: Props, path: Path, value: unknown): Props {
    const copy = structuredClone(props) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path[path.length - 1] as string | number] = value;
    return copy;
  }
  function evaluate(type: string, props: Props) {
    return evaluatePolicies([resource(type, "fuzzed", props)], configOf(type));
  }

  it("start from fixtures with no finding at all under the strictest config", () => {
    for (const [type, fixture] of CASES) assert.deepEqual(evaluate(type, fixture()), [], type);
  });

  const hostile = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom<unknown>(
      22,
      "22",
      "-1",
      -1,
      6,
      0,
      65536,
      22.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      "*",
      "All",
      "0.0.0.0/0",
      ["0.0.0.0/0"],
      "::/0",
      "true",
      true,
      false,
      null,
      {},
      [],
      [null],
      "x".repeat(500),
    ),
  );

  it("any value at any input either stays compliant or gives well-formed findings, never a crash", () => {
    const mutation = fc.constantFrom(...CASES).chain(([type, fixture]) => {
      const props = fixture();
      const targets: Path[] = [...paths(props), ...EXTRA_KEYS.map((k) => [k])];
      return fc.tuple(fc.constant(type), fc.constant(props), fc.constantFrom(...targets), hostile);
    });
    fc.assert(
      fc.property(mutation, ([type, props, path, value]) => {
        const findings = evaluate(type, setAt(props, path, value));
        for (const f of findings)
          assert.match(f.message, /\. Why: .+\. Fix: .+\.$/s, `${type} ${path.join(".")}=${JSON.stringify(value)}: ${f.message}`);
      }),
      { numRuns: 400 },
    );
  });

  /** 22 in every form: converted by the provider (22, "22") or unreadable (22.5, "ssh", [22], {}, true). */
  const ssh = fc.constantFrom<unknown>(22, "22", 22.5, "ssh", [22], {}, true);
  const open = fc.constantFrom<unknown>(
    "0.0.0.0/0",
    ["0.0.0.0/0"],
    ["10.20.0.0/16", "0.0.0.0/0"],
    ["0.0.0.0/1", "128.0.0.0/1"],
    [7],
    "::/0",
  );
  const DANGEROUS: [string, () => Props, Path, fc.Arbitrary<unknown>][] = [
    [T.ingressRule, FIXTURES.ingressRule, ["fromPort"], ssh],
    [T.ingressRule, FIXTURES.ingressRule, ["toPort"], ssh],
    [T.ingressRule, FIXTURES.ingressRule, ["cidrIpv4"], fc.constantFrom<unknown>("0.0.0.0/0", ["10.0.0.0/8"], 10, "::/0", "11.0.0.0/8")],
    [T.egressRule, FIXTURES.egressRule, ["fromPort"], ssh],
    [T.sgRule, FIXTURES.sgRule, ["toPort"], ssh],
    [T.sgRule, FIXTURES.sgRule, ["cidrBlocks"], open],
    [T.securityGroup, FIXTURES.securityGroup, ["ingress", 0, "fromPort"], ssh],
    [T.securityGroup, FIXTURES.securityGroup, ["ingress", 0, "cidrBlocks"], open],
    [T.attachment, FIXTURES.attachment, ["port"], ssh],
    [T.listener, FIXTURES.listener, ["port"], ssh],
    [T.targetGroup, FIXTURES.targetGroup, ["port"], ssh],
    [T.azureLb, FIXTURES.azureLb, ["loadBalancingRules", 0, "backendPort"], ssh],
    [T.natRule, FIXTURES.natRule, ["backendPort"], ssh],
    [T.securityRule, FIXTURES.securityRule, ["destinationPortRange"], fc.constantFrom<unknown>("22", 22, "20-30", "*", "ssh", ["22"], {})],
    [
      T.securityRule,
      FIXTURES.securityRule,
      ["sourceAddressPrefixes"],
      fc.constantFrom<unknown>("*", "Internet", ["0.0.0.0/0"], ["Internet"], [{}], "52.0.0.0/8"),
    ],
    [T.endpoint, FIXTURES.endpoint, ["privateDnsEnabled"], fc.constantFrom<unknown>(true, "true", "yes", 1, [true])],
    [
      T.service,
      FIXTURES.service,
      ["allowedPrincipals"],
      fc.constantFrom<unknown>("*", ["*"], [ADOBE_AWS_PRINCIPAL, "*"], [5], "arn:aws:iam::111122223333:root"),
    ],
    [T.service, FIXTURES.service, ["acceptanceRequired"], fc.constantFrom<unknown>(false, "false", "no", 0, [true], null)],
    [T.pls, FIXTURES.pls, ["visibility", "subscriptions"], fc.constantFrom<unknown>("*", ["*"], [1])],
  ];

  it("a mutation that opens SSH, the internet, private DNS or every principal, in any type, always gives a mandatory finding", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...DANGEROUS)
          .chain(([type, fixture, path, values]) => fc.tuple(fc.constant(type), fc.constant(fixture()), fc.constant(path), values)),
        ([type, props, path, value]) => {
          const blocking = evaluate(type, setAt(props, path, value)).filter((f) => isBlocking(f.enforcementLevel));
          assert.ok(blocking.length > 0, `${type} ${path.join(".")}=${JSON.stringify(value)} passed`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
