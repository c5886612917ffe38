import assert from "node:assert/strict";
import { coversInternet, isPrivate, parseCidr } from "../lib/ipv4";
import { planIngressRules } from "../lib/ports";
import { nearest } from "../lib/suggest";
import { characterCount, truncate, unsafeCharacter } from "../lib/text";
import { createPrivateLink } from "../components";
import type { ConfigProblem } from "../config/problems";
import { formatProblem } from "../config/problems";
import type { Settings } from "../config/settings";
import { validateConfig } from "../config/validate";
import { evaluatePolicies, isBlocking } from "../policy/evaluate";
import {
  ACCEPTANCE_REQUIRED,
  ADOBE_AWS_PRINCIPAL,
  AZURE_REQUEST_MESSAGE_MAX,
  CLOUDS,
  ENVIRONMENTS,
  FORBIDDEN_PORTS,
  type ForbiddenPort,
  forbiddenPort,
  LEGS,
  PRIVATE_DNS_AVAILABLE,
  ticketSubject,
} from "../rules/adobe";
import { AWS_QUOTAS, AZURE_QUOTAS, LIMITS } from "../rules/quotas";
import { regionProblem } from "../rules/regions";
import { toPulumiConfig } from "../tools/stackfile";
import { exampleStack, plan } from "./harness";

describe("Adobe's rules as data", () => {
  it("pins Adobe's AWS principal", () => {
    assert.equal(ADOBE_AWS_PRINCIPAL, "arn:aws:iam::402592597372:root");
  });

  it("offers PrivateLink on Pro production and staging only", () => {
    assert.deepEqual(ENVIRONMENTS, ["production", "staging"]);
  });

  it("forbids SSH on every cloud and leg, and 443 only into Adobe Commerce on Azure", () => {
    for (const cloud of ["aws", "azure"] as const) {
      for (const leg of ["customer-to-adobe", "adobe-to-customer"] as const) {
        assert.match(forbiddenPort(cloud, leg, 22)?.reason ?? "", /SSH/);
      }
    }
    assert.match(forbiddenPort("azure", "customer-to-adobe", 443)?.reason ?? "", /Fastly origin cloaking/);
    assert.equal(forbiddenPort("azure", "adobe-to-customer", 443), undefined);
    assert.equal(forbiddenPort("aws", "customer-to-adobe", 443), undefined);
    assert.equal(forbiddenPort("aws", "customer-to-adobe", 3306), undefined);
  });

  it("has no private DNS, requires acceptance, caps Azure request messages at 140", () => {
    assert.equal(PRIVATE_DNS_AVAILABLE, false);
    assert.equal(ACCEPTANCE_REQUIRED, true);
    assert.equal(AZURE_REQUEST_MESSAGE_MAX, 140);
  });

  it("writes the ticket subject Adobe asks for", () => {
    assert.equal(ticketSubject("Acme Corp"), "PrivateLink support for Acme Corp");
  });

  it("pins the AWS quotas the plan is checked against", () => {
    assert.equal(AWS_QUOTAS.listenersPerLoadBalancer, 50);
    assert.equal(AWS_QUOTAS.inboundRulesPerSecurityGroup, 60);
  });
});

describe("IPv4 parsing", () => {
  it("parses blocks and refuses host bits with the network address as the fix", () => {
    const ok = parseCidr("10.20.0.0/16");
    assert.ok(ok.ok);
    assert.equal(ok.cidr.start, 10 * 2 ** 24 + 20 * 2 ** 16);
    assert.equal(ok.cidr.end - ok.cidr.start + 1, 65536);
    assert.deepEqual(parseCidr("10.20.1.0/16"), { ok: false, reason: "has host bits set", fix: "use the network address 10.20.0.0/16" });
    for (const bad of ["10.20.0.0", "10.20.0.256/24", "10.020.0.0/16", "10.20.0.0/33", "::/0", "a.b.c.d/8"]) {
      assert.equal(parseCidr(bad).ok, false, bad);
    }
  });

  it("tells private space from public and internet-covering lists", () => {
    const block = (text: string) => {
      const parsed = parseCidr(text);
      assert.ok(parsed.ok);
      return parsed.cidr;
    };
    assert.equal(isPrivate(block("172.16.0.0/12")), true);
    assert.equal(isPrivate(block("172.32.0.0/16")), false);
    assert.equal(isPrivate(block("100.64.0.0/10")), true);
    assert.equal(isPrivate(block("10.0.0.0/7")), false);
    assert.equal(coversInternet([block("0.0.0.0/1"), block("128.0.0.0/1")]), true);
    assert.equal(coversInternet([block("0.0.0.0/1"), block("128.0.0.0/2")]), false);
  });
});

describe("security group rule planning", () => {
  const ports = [
    { name: "mysql", port: 3306 },
    { name: "mysql-b", port: 3307 },
    { name: "sftp", port: 2222 },
  ];

  it("keys one rule per port and block by the port's name, with the former name's key for a renamed port", () => {
    const plan = planIngressRules([...ports.slice(0, 2), { name: "files", port: 2222, formerName: "sftp" }], ["10.20.0.0/16"], 60);
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.rules.map((r) => [r.key, r.formerKey, r.port, r.cidr]),
      [
        ["mysql-10-20-0-0-16", undefined, 3306, "10.20.0.0/16"],
        ["mysql-b-10-20-0-0-16", undefined, 3307, "10.20.0.0/16"],
        ["files-10-20-0-0-16", "sftp-10-20-0-0-16", 2222, "10.20.0.0/16"],
      ],
    );
  });

  it("never merges consecutive ports past the quota (that would re-key other ports' rules): it refuses with the number needed", () => {
    assert.deepEqual(planIngressRules(ports, ["10.20.0.0/16"], 2), { ok: false, needed: 3 });
    assert.deepEqual(planIngressRules(ports, ["10.20.0.0/16", "10.30.0.0/16"], 5), { ok: false, needed: 6 });
    const exact = planIngressRules(ports, ["10.20.0.0/16", "10.30.0.0/16"], 6);
    assert.ok(exact.ok);
    assert.equal(exact.rules.length, 6);
  });
});

describe("near-miss suggestions", () => {
  it("finds the intended word and nothing for unrelated input", () => {
    assert.equal(nearest("bi-directional", ["unidirectional", "bidirectional"]), "bidirectional");
    assert.equal(nearest("Production", ["production", "staging"]), "production");
    assert.equal(nearest("stagin", ["production", "staging"]), "staging");
    assert.equal(nearest("gcp", ["aws", "azure"]), undefined);
  });
});

describe("one source of rules: a change in rules/ is followed by validation, the components and the pack", () => {
  const settingsOf = (stack: string): Settings => {
    const result = validateConfig(toPulumiConfig(exampleStack(stack)));
    if (!result.ok) assert.fail(result.problems.map(formatProblem).join("\n"));
    return result.settings;
  };
  const problemsOf = (stack: string): readonly ConfigProblem[] => {
    const result = validateConfig(toPulumiConfig(exampleStack(stack)));
    if (result.ok) assert.fail(`${stack} was accepted`);
    return result.problems;
  };
  const PACK_CONFIG = { cloud: "aws", region: "us-east-1", environment: "production", ports: [3306, 2222], servicePorts: [5432, 8443] };

  it("a port added to FORBIDDEN_PORTS", async () => {
    const before = settingsOf("aws-bidirectional");
    const azure = settingsOf("azure-unidirectional");
    const planned = await plan(exampleStack("aws-bidirectional"));
    const blocking = (): string[] =>
      evaluatePolicies(planned.resources, PACK_CONFIG)
        .filter((f) => isBlocking(f.enforcementLevel))
        .map((f) => `${f.policy}: ${f.message}`);
    const baseline = new Set(blocking());
    const rule: ForbiddenPort = { port: 3306, clouds: CLOUDS, legs: LEGS, reason: "MySQL is refused (test rule)", fix: "drop it" };
    const rules = FORBIDDEN_PORTS as ForbiddenPort[];
    rules.push(rule);
    try {
      assert.deepEqual(
        problemsOf("aws-bidirectional").map((p) => [p.key, p.rule]),
        [["adobe.ports[0].port", "MySQL is refused (test rule)"]],
      );
      assert.throws(() => createPrivateLink(before, {}), /adobePorts mysql \(3306\): MySQL is refused \(test rule\); drop it/);
      assert.throws(() => createPrivateLink(azure, {}), /adobePorts mysql \(3306\): MySQL is refused/);
      const added = blocking().filter((finding) => !baseline.has(finding));
      assert.ok(
        added.some((finding) => /3306/.test(finding)),
        "the pack did not follow FORBIDDEN_PORTS: policy/policies must read it from rules/adobe.ts, not hard-wire 22 and 443",
      );
    } finally {
      rules.splice(rules.indexOf(rule), 1);
    }
  });

  it("a lowered quota", () => {
    const aws = settingsOf("aws-bidirectional");
    const azure = settingsOf("azure-bidirectional");
    const saved = { ...AWS_QUOTAS };
    const savedAzure = { ...AZURE_QUOTAS };
    AWS_QUOTAS.outboundRulesPerSecurityGroup = 2;
    AWS_QUOTAS.inboundRulesPerSecurityGroup = 3;
    AZURE_QUOTAS.rulesPerNetworkSecurityGroup = 2;
    try {
      assert.deepEqual(
        problemsOf("aws-bidirectional").map((p) => [p.key, p.rule]),
        [
          [
            "adobe.ports",
            "needs 4 security group rules (one per port and network.clientCidrs block), over the quota of 3 inbound rules per group",
          ],
          ["services", "needs 3 outbound rules on the load balancer's security group (one per service target), over the quota of 2"],
        ],
      );
      assert.throws(() => createPrivateLink(aws, {}), /services: needs 3 outbound rules .* over the quota of 2/);
      assert.throws(() => createPrivateLink(aws, {}), /adobe\.ports: needs 4 security group rules .* quota of 3 inbound/);
      assert.deepEqual(
        problemsOf("azure-bidirectional").map((p) => [p.key, p.rule]),
        [["adobe.ports", "need 3 security rules (one per port and a final deny), over Azure's 2 rules per network security group"]],
      );
      assert.throws(() => createPrivateLink(azure, {}), /need 3 security rules .* over Azure's 2 rules/);
    } finally {
      Object.assign(AWS_QUOTAS, saved);
      Object.assign(AZURE_QUOTAS, savedAzure);
    }
    assert.ok(validateConfig(toPulumiConfig(exampleStack("aws-bidirectional"))).ok, "restored");
  });

  it("a lowered length limit", () => {
    const saved = LIMITS.company;
    LIMITS.company = 5;
    try {
      const problem = problemsOf("aws-bidirectional").find((p) => p.key === "adobe.company");
      assert.equal(problem?.rule, "must be at most 5 characters (counted as Azure counts them)");
    } finally {
      LIMITS.company = saved;
    }
  });
});

describe("text that reaches Adobe", () => {
  it("counts as Azure counts (UTF-16 units) and truncates without splitting a character", () => {
    assert.equal(characterCount("Acme"), 4);
    assert.equal(characterCount("Café"), 4);
    assert.equal(characterCount("😀"), 2);
    assert.equal(truncate("ab😀c", 3), "ab");
    assert.equal(truncate("ab😀c", 4), "ab😀");
    assert.equal(truncate("abc", 10), "abc");
  });

  it("names the first control, format or bidi character and its position", () => {
    assert.equal(unsafeCharacter("Acme Corp"), undefined);
    assert.equal(unsafeCharacter("Café Zürich 株式会社 😀"), undefined);
    assert.deepEqual(unsafeCharacter("Acme\nSubject: x"), { position: 5, label: "U+000A (line feed)" });
    assert.deepEqual(unsafeCharacter("a\rb"), { position: 2, label: "U+000D (carriage return)" });
    assert.deepEqual(unsafeCharacter("\u0000"), { position: 1, label: "U+0000 (NUL)" });
    assert.deepEqual(unsafeCharacter("x\u001b[31m"), { position: 2, label: "U+001B (escape (ANSI sequences))" });
    assert.deepEqual(unsafeCharacter("abc\u202Edef"), { position: 4, label: "U+202E (right-to-left override)" });
    assert.deepEqual(unsafeCharacter("a\u2066b"), { position: 2, label: "U+2066 (left-to-right isolate)" });
    assert.deepEqual(unsafeCharacter("a\u200Bb"), { position: 2, label: "U+200B (zero width space)" });
    assert.deepEqual(unsafeCharacter("a\u2028b"), { position: 2, label: "U+2028 (line separator)" });
    assert.deepEqual(unsafeCharacter("a\ud800b"), { position: 2, label: "U+D800" });
  });
});

describe("regions", () => {
  it("accepts each cloud's commercial regions only, with the near miss or the reason", () => {
    assert.equal(regionProblem("aws", "us-east-1"), undefined);
    assert.equal(regionProblem("azure", "westeurope"), undefined);
    assert.deepEqual(regionProblem("aws", "us-east-9"), { rule: "is not an AWS commercial region code", fix: "write us-east-1" });
    assert.match(regionProblem("aws", "us-gov-west-1")?.rule ?? "", /GovCloud .* Adobe's commercial principal cannot reach/);
    assert.match(regionProblem("aws", "cn-north-1")?.rule ?? "", /AWS China/);
    assert.match(regionProblem("azure", "usgovvirginia")?.rule ?? "", /Azure Government/);
    assert.match(regionProblem("azure", "chinanorth3")?.rule ?? "", /Azure China/);
    assert.deepEqual(regionProblem("azure", "westeurop"), { rule: "is not an Azure public-cloud region name", fix: "write westeurope" });
    assert.equal(regionProblem("azure", "us-east-9")?.rule, "is an AWS region code, but cloud is azure");
    assert.equal(regionProblem("aws", "eastus")?.rule, "is an Azure region name, but cloud is aws");
  });
});
