import assert from "node:assert/strict";
import { coversInternet, isPrivate, parseCidr } from "../lib/ipv4";
import { planIngressRules } from "../lib/ports";
import { nearest } from "../lib/suggest";
import {
  ACCEPTANCE_REQUIRED,
  ADOBE_AWS_PRINCIPAL,
  AWS_QUOTAS,
  AZURE_REQUEST_MESSAGE_MAX,
  ENVIRONMENTS,
  forbiddenPort,
  PRIVATE_DNS_AVAILABLE,
  ticketSubject,
} from "../rules/adobe";

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
