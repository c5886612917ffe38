/**
 * The offline evaluator (what `npm run policy` and the plan run) and the plan file it reads.
 */
import assert from "node:assert/strict";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicyConfigError, readConfig } from "../../policy/config";
import { type EvaluatedResource, evaluatePolicies, isBlocking } from "../../policy/evaluate";
import { configFromPlan, parsePlanFile, PlanFileError } from "../../policy/plan-file";
import * as lbInternal from "../../policy/policies/load-balancer-internal-network";
import * as region from "../../policy/policies/resources-in-configured-region";
import * as sgPorts from "../../policy/policies/security-group-ingress-configured-ports";
import * as protectedProd from "../../policy/policies/stateful-resources-protected-in-production";
import * as acceptance from "../../policy/policies/vpc-endpoint-service-acceptance-required";
import * as grants from "../../policy/policies/vpc-endpoint-service-grants-configured-principals";
import { CONFIG, FIXTURES, resource, T, withChange } from "./fixtures";

describe("evaluatePolicies", () => {
  const awsStack = (): EvaluatedResource[] => [
    resource("pulumi:pulumi:Stack", "commerce-privatelink-test", {}, { custom: false, protect: false }),
    resource(T.awsProvider, "privatelink", { region: "us-east-1" }, { protect: false }),
    resource(T.endpoint, "privatelink-to-adobe-endpoint", FIXTURES.endpoint()),
    resource(T.ingressRule, "privatelink-to-adobe-ingress-mysql", FIXTURES.ingressRule(), { protect: false }),
    resource(T.lb, "privatelink-from-adobe-nlb", FIXTURES.lb()),
    resource(T.service, "privatelink-from-adobe-service", FIXTURES.service()),
  ];

  it("finds nothing in a compliant stack under the strictest config", () => assert.deepEqual(evaluatePolicies(awsStack(), CONFIG), []));

  it("reports a resource violation with the policy, its level, the resource's urn and the message", () => {
    const stack = awsStack();
    stack[5] = resource(T.service, "privatelink-from-adobe-service", withChange(FIXTURES.service(), { acceptanceRequired: false }));
    const findings = evaluatePolicies(stack, CONFIG);
    assert.deepEqual(
      findings.map((f) => [f.policy, f.enforcementLevel, f.urn]),
      [[acceptance.name, "mandatory", stack[5].urn]],
    );
    assert.match(findings[0]?.message ?? "", /acceptanceRequired is false/);
  });

  it("reports a stack violation on the resource it names", () => {
    const stack = awsStack();
    stack[5] = resource(T.service, "svc", withChange(FIXTURES.service(), { allowedPrincipals: [] }));
    const findings = evaluatePolicies(stack, CONFIG);
    assert.deepEqual(
      findings.map((f) => [f.policy, f.urn]),
      [[grants.name, stack[5].urn]],
    );
  });

  it("passes the protect option and finds the only provider of the package (region inherited from it)", () => {
    const stack = awsStack();
    const provider = resource(T.awsProvider, "privatelink", { region: "eu-west-1" }, { protect: false });
    const endpoint = { ...(stack[2] as EvaluatedResource), protect: false };
    stack[1] = provider;
    stack[2] = endpoint;
    const findings = evaluatePolicies(stack, CONFIG);
    assert.ok(findings.some((f) => f.policy === protectedProd.name && f.urn === endpoint.urn));
    const regionFindings = findings.filter((f) => f.policy === region.name).map((f) => f.urn);
    assert.ok(regionFindings.includes(provider.urn), "the provider itself");
    assert.ok(regionFindings.includes(endpoint.urn), "the endpoint through its provider");
  });

  it("uses the explicit provider named by `<urn>::<id>` when there are several", () => {
    const east = resource(T.awsProvider, "east", { region: "us-east-1" });
    const west = resource(T.awsProvider, "west", { region: "us-west-2" });
    const endpoint = resource(T.endpoint, "ep", FIXTURES.endpoint(), { provider: `${west.urn}::0000` });
    // Without a configured region the endpoint's own provider (west) is the reference: nothing to report.
    assert.deepEqual(
      evaluatePolicies([east, west, endpoint], readConfig({})).filter((f) => f.policy === region.name),
      [],
    );
    const configured = evaluatePolicies([east, west, endpoint], CONFIG)
      .filter((f) => f.policy === region.name)
      .map((f) => f.urn);
    assert.deepEqual(configured.sort(), [west.urn, endpoint.urn].sort());
  });

  it("applies enforcement level overrides, skipping disabled policies", () => {
    const stack = awsStack();
    stack[4] = resource(T.lb, "nlb", withChange(FIXTURES.lb(), { internal: false }));
    assert.deepEqual(
      evaluatePolicies(stack, CONFIG, { enforcementLevels: { [lbInternal.name]: "advisory" } }).map((f) => [f.policy, f.enforcementLevel]),
      [[lbInternal.name, "advisory"]],
    );
    assert.deepEqual(evaluatePolicies(stack, CONFIG, { enforcementLevels: { [lbInternal.name]: "disabled" } }), []);
  });

  it("gives each policy the config through getConfig, like the engine", () => {
    const stack = [resource(T.ingressRule, "r", withChange(FIXTURES.ingressRule(), { fromPort: 8080, toPort: 8080 }), { protect: false })];
    assert.deepEqual(evaluatePolicies(stack, {}), []);
    assert.deepEqual(
      evaluatePolicies(stack, { ports: [3306] }).map((f) => f.policy),
      [sgPorts.name],
    );
  });

  it("runs the real PolicyPack wrappers: notApplicable is caught, a config error is thrown", () => {
    // Every policy but resource-types-examined finds the bucket not applicable.
    const stack = [resource("aws:s3/bucket:Bucket", "b", {})];
    assert.deepEqual(
      evaluatePolicies(stack, CONFIG).map((f) => [f.policy, f.enforcementLevel]),
      [["resource-types-examined", "advisory"]],
    );
    assert.throws(() => evaluatePolicies(stack, { ports: "3306" }), PolicyConfigError);
  });

  it("refuses asynchronous policies rather than dropping their findings", () => {
    const asyncPolicy: ResourceValidationPolicy = {
      name: "async",
      description: "d",
      enforcementLevel: "mandatory",
      validateResource: async () => {},
    };
    assert.throws(() => evaluatePolicies(awsStack(), CONFIG, { policies: [asyncPolicy] }), /asynchronous/);
    const stackPolicy: StackValidationPolicy = { name: "s", description: "d", validateStack: (_args, report) => report("whole stack") };
    assert.deepEqual(evaluatePolicies(awsStack(), CONFIG, { policies: [stackPolicy] }), [
      { policy: "s", enforcementLevel: "mandatory", urn: awsStack()[0]?.urn, message: "whole stack" },
    ]);
  });

  it("counts mandatory and remediate as blocking, advisory and disabled not", () => {
    assert.deepEqual((["mandatory", "remediate", "advisory", "disabled"] as const).map(isBlocking), [true, true, false, false]);
  });
});

describe("plan file", () => {
  const file = (doc: unknown): string => JSON.stringify(doc);
  const base = {
    project: "commerce-privatelink",
    stack: "s",
    cloud: "aws",
    topology: "unidirectional",
    errors: [],
    resources: [] as unknown[],
    outputs: {},
    policies: [],
  };

  it("derives cloud, region from outputs and environment from outputs", () => {
    const plan = parsePlanFile(file({ ...base, outputs: { region: "us-east-1", environment: "staging" } }), "p.json");
    assert.deepEqual(configFromPlan(plan, {}), { cloud: "aws", region: "us-east-1", environment: "staging" });
  });

  it("falls back to the provider's region or location and to the --environment flag", () => {
    const plan = parsePlanFile(
      file({
        ...base,
        cloud: "azure",
        resources: [
          { urn: "u", type: T.azureProvider, name: "p", parent: null, custom: true, inputs: { location: "eastus" }, protect: false },
        ],
      }),
      "p.json",
    );
    assert.deepEqual(configFromPlan(plan, { environment: "production" }), { cloud: "azure", region: "eastus", environment: "production" });
  });

  it("refuses a flag that contradicts the plan, an unknown cloud, and malformed files", () => {
    assert.throws(
      () => configFromPlan(parsePlanFile(file({ ...base, outputs: { environment: "staging" } }), "p"), { environment: "production" }),
      /contradicts/,
    );
    assert.throws(() => configFromPlan(parsePlanFile(file({ ...base, cloud: "gcp" }), "p"), {}), /not one of aws, azure/);
    assert.throws(
      () => parsePlanFile("{", "p.json"),
      (e: Error) => e instanceof PlanFileError && /not valid JSON/.test(e.message),
    );
    assert.throws(() => parsePlanFile(file({ ...base, resources: undefined }), "p.json"), /no resources list/);
    assert.throws(() => parsePlanFile(file({ ...base, resources: [{ urn: "u", type: "t" }] }), "p.json"), /resources\[0\]\.name/);
    assert.throws(
      () => parsePlanFile(file({ ...base, resources: [{ urn: "u", type: "t", name: "n", protect: "yes" }] }), "p.json"),
      /protect must be true or false/,
    );
  });
});
