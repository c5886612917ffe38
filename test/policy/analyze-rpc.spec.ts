/**
 * The pack through @pulumi/policy's own analyze RPC: what `pulumi preview --policy-pack` runs.
 */
import assert from "node:assert/strict";
import { policies } from "../../policy/policies";
import * as acceptance from "../../policy/policies/vpc-endpoint-service-acceptance-required";
import { FIXTURES, type Props, T, withChange } from "./fixtures";

describe("through @pulumi/policy's own analyze RPC (what `pulumi preview --policy-pack` runs)", () => {
  // Internal modules of the policy SDK and the engine protocol: untyped here on purpose, the point is
  // to run the exact server code path (unknown-checking proxy, notApplicable, message format).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const server = require("@pulumi/policy/server");
  const proxy = require("@pulumi/policy/proxy");
  const analyzer = require("@pulumi/pulumi/proto/analyzer_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  /* eslint-enable @typescript-eslint/no-require-imports */

  function analyze(type: string, props: Props): Promise<{ policy: string; level: number; message: string }[]> {
    const request = new analyzer.AnalyzeRequest();
    request.setType(type);
    request.setName("fixture");
    request.setUrn(`urn:pulumi:test::commerce-privatelink::${type}::fixture`);
    request.setProperties(Struct.fromJavaScript(props));
    request.setOptions(new analyzer.AnalyzerResourceOptions());
    const rpc = server.makeAnalyzeRpcFun("commerce-privatelink", "0.1.0", "mandatory", policies);
    return new Promise((resolve, reject) => {
      rpc({ request }, (error: unknown, response: any) => {
        if (error) reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        else
          resolve(
            response
              .getDiagnosticsList()
              .map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() })),
          );
      });
    });
  }

  it("reports a violation as mandatory with the policy description, then the finding", async () => {
    const diagnostics = await analyze(T.service, withChange(FIXTURES.service(), { acceptanceRequired: false }));
    assert.deepEqual(
      diagnostics.map((d) => [d.policy, d.level]),
      [[acceptance.name, 1 /* MANDATORY */]],
    );
    assert.match(
      diagnostics[0]?.message ?? "",
      /^AWS VPC endpoint services require manual acceptance of every connection\.\nVPC endpoint service acceptanceRequired is false/,
    );
  });

  it("finds nothing on a compliant resource, and turns a value unknown during preview into an advisory note", async () => {
    assert.deepEqual(await analyze(T.service, FIXTURES.service()), []);
    const diagnostics = await analyze(T.service, withChange(FIXTURES.service(), { acceptanceRequired: proxy.unknownBooleanValue }));
    assert.deepEqual(
      diagnostics.map((d) => [d.policy, d.level]),
      [[acceptance.name, 0 /* ADVISORY */]],
    );
    assert.match(diagnostics[0]?.message ?? "", /can't run policy 'vpc-endpoint-service-acceptance-required'.*during preview/);
  });
});
