/**
 * The pack as a whole: one policy per file and its metadata, the policy config and pack config
 * file, and the type tokens (current, deprecated and versioned) each kind covers.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_PROPERTIES, DEFAULT_CONFIG, flattenPackConfig, PolicyConfigError, readConfig } from "../../policy/config";
import { policies } from "../../policy/policies";
import * as lbDeletionNonProd from "../../policy/policies/load-balancer-deletion-protection-non-production";
import * as noHttps from "../../policy/policies/no-https-into-adobe-on-azure";
import * as region from "../../policy/policies/resources-in-configured-region";
import * as typesExamined from "../../policy/policies/resource-types-examined";
import * as tagged from "../../policy/policies/resources-tagged";
import * as sgPorts from "../../policy/policies/security-group-ingress-configured-ports";
import * as acceptance from "../../policy/policies/vpc-endpoint-service-acceptance-required";
import * as onlyPrincipals from "../../policy/policies/vpc-endpoint-service-only-configured-principals";
import { kindOf } from "../../policy/tokens";
import { ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";

describe("policy pack metadata", () => {
  const moduleNames = readFileSync(join(__dirname, "../../policy/policies/index.ts"), "utf8")
    .split("\n")
    .map((line) => /from "\.\/([a-z0-9-]+)"/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);

  it("lists one policy per file, named after its file, in kebab-case, without duplicates", () => {
    assert.equal(policies.length, moduleNames.length);
    assert.deepEqual([...policies.map((p) => p.name)].sort(), [...moduleNames].sort());
    for (const p of policies) assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
  });

  it("gives every policy a description, remediation steps and an explicit level; only deletion protection outside production, tags and unknown types are advisory", () => {
    for (const p of policies) {
      assert.ok(p.description.length > 20, p.name);
      assert.ok((p.remediationSteps ?? "").length > 10, p.name);
      assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
    }
    const advisory = policies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name);
    assert.deepEqual(advisory.sort(), [lbDeletionNonProd.name, tagged.name, typesExamined.name].sort());
  });

  it("declares config schemas with only known keys and never an enforcementLevel key", () => {
    for (const p of policies) {
      for (const key of Object.keys(p.configSchema?.properties ?? {})) {
        assert.ok(key in CONFIG_PROPERTIES, `${p.name}: unknown config key ${key}`);
        assert.notEqual(key, "enforcementLevel");
      }
    }
    assert.deepEqual(Object.keys(onlyPrincipals.policy.configSchema?.properties ?? {}), ["allowedPrincipals"]);
    assert.deepEqual((CONFIG_PROPERTIES.allowedPrincipals as { default: unknown }).default, [ADOBE_AWS_PRINCIPAL]);
  });

  it("keeps policy/index.ts to constructing the PolicyPack and nothing else", () => {
    const code = readFileSync(join(__dirname, "../../policy/index.ts"), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .split("\n")
      .filter((line) => line.trim() !== "");
    assert.equal(code.filter((line) => !line.startsWith("import ")).length, 1);
    assert.match(code.join("\n"), /new PolicyPack\("commerce-privatelink", \{ policies, enforcementLevel: /);
  });

  it("has a PulumiPolicy.yaml for the nodejs runtime and a package.json with the version the runtime reads", () => {
    const yaml = readFileSync(join(__dirname, "../../policy/PulumiPolicy.yaml"), "utf8");
    assert.match(yaml, /^runtime: nodejs$/m);
    assert.match(yaml, /^description: .+/m);
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../policy/package.json"), "utf8"));
    assert.match(pkg.version, /^[0-9]+\.[0-9]+\.[0-9]+$/);
  });
});

describe("policy config", () => {
  it("defaults the allowed principals to Adobe's and leaves every other key unset", () => {
    assert.deepEqual(readConfig(undefined), DEFAULT_CONFIG);
    assert.deepEqual(readConfig({}), { allowedPrincipals: [ADOBE_AWS_PRINCIPAL] });
  });

  it("refuses malformed values with the key and the value", () => {
    assert.throws(
      () => readConfig({ ports: [22, "x"] }),
      (e: Error) => e instanceof PolicyConfigError && /ports.*"x"/.test(e.message),
    );
    assert.throws(() => readConfig({ ports: [70000] }), PolicyConfigError);
    assert.throws(() => readConfig({ cloud: "gcp" }), /cloud must be one of aws, azure/);
    assert.throws(() => readConfig({ allowedPrincipals: "arn" }), /allowedPrincipals/);
  });

  it("flattens a --policy-pack-config file into one config and level overrides", () => {
    const flat = flattenPackConfig(
      {
        all: "advisory",
        [region.name]: { enforcementLevel: "mandatory", region: "us-east-1" },
        [sgPorts.name]: { ports: [3306], servicePorts: [5432] },
        [noHttps.name]: { servicePorts: [5432] },
        [tagged.name]: "disabled",
      },
      policies.map((p) => p.name),
    );
    assert.deepEqual(flat.config, { region: "us-east-1", ports: [3306], servicePorts: [5432] });
    assert.equal(flat.enforcementLevels[region.name], "mandatory");
    assert.equal(flat.enforcementLevels[tagged.name], "disabled");
    assert.equal(flat.enforcementLevels[acceptance.name], "advisory");
  });

  it("refuses a pack config with an unknown policy, unknown key, bad level or two values for one key", () => {
    const names = policies.map((p) => p.name);
    assert.throws(() => flattenPackConfig({ "no-such-policy": "advisory" }, names), /not a policy of this pack/);
    assert.throws(() => flattenPackConfig({ [region.name]: { regoin: "x" } }, names), /regoin is not a config key/);
    assert.throws(() => flattenPackConfig({ [region.name]: "sometimes" }, names), /enforcementLevel must be one of/);
    assert.throws(
      () => flattenPackConfig({ [sgPorts.name]: { servicePorts: [1] }, [noHttps.name]: { servicePorts: [2] } }, names),
      /servicePorts two values/,
    );
    assert.throws(() => flattenPackConfig([], names), PolicyConfigError);
  });
});

describe("type tokens", () => {
  /** The alias tokens an SDK class file declares, e.g. `{ type: "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer" }`. */
  function sdkAliases(file: string): { token: string; aliases: string[] } {
    const text = readFileSync(join(__dirname, "../../node_modules/@pulumi", file), "utf8");
    const token = /static __pulumiType = '([^']+)'/.exec(text)?.[1];
    assert.ok(token, file);
    const aliasBlock = /const aliasOpts = \{ aliases: \[(.*?)\] \};/.exec(text)?.[1] ?? "";
    return { token, aliases: [...aliasBlock.matchAll(/type: "([^"]+)"/g)].map((m) => m[1] as string) };
  }

  const FILES = [
    "aws/lb/loadBalancer.js",
    "aws/lb/listener.js",
    "aws/lb/targetGroup.js",
    "aws/alb/loadBalancer.js",
    "aws/alb/listener.js",
    "aws/alb/targetGroup.js",
    "aws/ec2/vpcEndpoint.js",
    "aws/ec2/vpcEndpointService.js",
    "aws/ec2/vpcEndpointServiceAllowedPrinciple.js",
    "aws/ec2/vpcEndpointConnectionAccepter.js",
    "aws/ec2/securityGroup.js",
    "aws/ec2/securityGroupRule.js",
    "aws/vpc/securityGroupIngressRule.js",
    "azure-native/network/privateEndpoint.js",
    "azure-native/network/loadBalancer.js",
    "azure-native/network/privateLinkService.js",
    "azure-native/network/privateLinkServicePrivateEndpointConnection.js",
    "azure-native/network/networkSecurityGroup.js",
    "azure-native/network/securityRule.js",
    "azure-native/network/applicationSecurityGroup.js",
  ];

  for (const file of FILES) {
    it(`recognises ${file}'s token and every alias the SDK lists for it as the same kind`, () => {
      const { token, aliases } = sdkAliases(file);
      const kind = kindOf(token);
      assert.ok(kind, `${token} is not recognised`);
      for (const alias of aliases) assert.equal(kindOf(alias), kind, alias);
    });
  }

  it("reads the azure-native aliases it claims to cover (the SDK lists dozens of versions)", () => {
    assert.ok(sdkAliases("azure-native/network/privateEndpoint.js").aliases.length > 20);
    assert.equal(kindOf("azure-native:network/v20190201:InterfaceEndpoint"), "azure-private-endpoint");
    assert.equal(kindOf("azure-native:network/v20150501preview:LoadBalancer"), "azure-load-balancer");
  });

  it("does not mistake other resources for PrivateLink ones", () => {
    assert.equal(kindOf("aws:s3/bucket:Bucket"), undefined);
    assert.equal(kindOf("azure-native:storage:StorageAccount"), undefined);
    assert.equal(kindOf("azure-native:network:PublicIPAddress"), undefined);
    assert.equal(kindOf("commerce-privatelink:aws:PrivateLink"), undefined);
  });
});
