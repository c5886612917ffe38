/**
 * AWS PrivateLink components under the shared mocks: the child contract of each leg, the resources of
 * every topology and handshake phase, protection, regions, and that ports and services keep their
 * resources' identity when others change. The pure placement/status helpers are tested directly.
 */
import assert from "node:assert/strict";
import { ENDPOINT_SECURITY_GROUP_DESCRIPTION } from "../components/aws/adobeEndpoint";
import { LOAD_BALANCER_SECURITY_GROUP_DESCRIPTION, PHYSICAL_NAME_PREFIX, targetKey } from "../components/aws/customerEndpointService";
import { fromAdobeState, orderEndpointHosts, toAdobeState } from "../components/aws/status";
import { placeEndpoint, placeLoadBalancer, type SubnetZone } from "../components/aws/zones";
import { ADOBE_AWS_PRINCIPAL } from "../rules/adobe";
import { validateConfig } from "../config/validate";
import { foreignSubnetsMessage, vpcBlocks } from "../components/aws/privateLink";
import { insideAny, targetZone, uncoveredZones } from "../components/aws/targets";
import { awsMockRefusal, lifecycleRefusals, OTHER_VPC, OTHER_VPC_SUBNET, REMOVED_VPC_BLOCK } from "../tools/mock-rules-aws";
import type { RecordedResource } from "../tools/mocks";
import { toPulumiConfig } from "../tools/stackfile";
import { planStack } from "../tools/plan";
import { evaluatePlan } from "../tools/plan-policies";
import { withPorts, withServices as generatedServices } from "../bench/generate";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../tools/paths";
import type { StackConfig } from "../tools/stackfile";
import { clone, exampleStack, ofType, type Plan, plan } from "./harness";
import { mocks } from "./setup";

const T = {
  provider: "pulumi:providers:aws",
  root: "commerce-privatelink:aws:PrivateLink",
  toAdobe: "commerce-privatelink:aws:AdobeEndpoint",
  fromAdobe: "commerce-privatelink:aws:CustomerEndpointService",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  listener: "aws:lb/listener:Listener",
  endpointService: "aws:ec2/vpcEndpointService:VpcEndpointService",
  allowedPrinciple: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
  accepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
} as const;

/**
 * The resources whose loss means a new Adobe ticket. Not the accepter: it is retained on delete instead,
 * because the engine refuses to delete a protected resource even with retainOnDelete.
 */
const PROTECTED_TYPES: readonly string[] = [T.endpoint, T.endpointService, T.loadBalancer];

const ADOBE = "commerce-privatelink:adobe";
const NETWORK = "commerce-privatelink:network";
const SERVICES = "commerce-privatelink:services";
const BI_CONNECTION = "vpce-0f1e2d3c4b5a69788";

type Json = Record<string, any>;

function section(config: StackConfig, key: string): Json {
  return config[key] as Json;
}

/** A copy of a stack with its `adobe:` section changed. */
function withAdobe(config: StackConfig, change: (adobe: Json) => void): StackConfig {
  const copy = clone(config);
  change(section(copy, ADOBE));
  return copy;
}

function withServices(config: StackConfig, change: (services: Json[]) => Json[]): StackConfig {
  const copy = clone(config);
  copy[SERVICES] = change(copy[SERVICES] as Json[]);
  return copy;
}

const uniNoService = (): StackConfig => withAdobe(exampleStack("aws-unidirectional"), (adobe) => delete adobe.endpointService);
const uni = (): StackConfig => exampleStack("aws-unidirectional");
const biNothingFromAdobe = (): StackConfig =>
  withAdobe(exampleStack("aws-bidirectional"), (adobe) => {
    delete adobe.endpointService;
    delete adobe.connections;
  });
const biService = (): StackConfig => withAdobe(exampleStack("aws-bidirectional"), (adobe) => delete adobe.connections);
const bi = (): StackConfig => exampleStack("aws-bidirectional");

function countByType(p: Plan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of p.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

function named(p: Plan, name: string): RecordedResource {
  const found = p.resources.filter((r) => r.name === name);
  assert.equal(found.length, 1, `expected exactly one resource named ${name}, found ${found.length}`);
  return found[0]!;
}

/** Which resources a config change added, removed or changed (by name; changed = different inputs). */
function difference(before: Plan, after: Plan): { added: string[]; removed: string[]; changed: string[] } {
  const a = new Map(before.resources.map((r) => [r.name, r]));
  const b = new Map(after.resources.map((r) => [r.name, r]));
  const changed: string[] = [];
  for (const [name, r] of a) {
    const other = b.get(name);
    if (!other) continue;
    try {
      assert.deepEqual(other.inputs, r.inputs);
      assert.equal(other.type, r.type);
    } catch {
      changed.push(name);
    }
  }
  return {
    added: [...b.keys()].filter((n) => !a.has(n)).sort(),
    removed: [...a.keys()].filter((n) => !b.has(n)).sort(),
    changed: changed.sort(),
  };
}

describe("AWS PrivateLink: resources per topology and handshake phase", () => {
  it("unidirectional before Adobe sends its service: only the endpoint's security group and one rule per port, no endpoint", async () => {
    const p = await plan(uniNoService());
    assert.deepEqual(countByType(p), { [T.provider]: 1, [T.root]: 1, [T.toAdobe]: 1, [T.securityGroup]: 1, [T.ingress]: 2 });
    assert.equal(p.outputs.toAdobe.state, "awaiting-adobe-service");
    assert.equal(p.outputs.toAdobe.endpointId, undefined);
    assert.deepEqual(p.outputs.toAdobe.hosts, []);
    assert.equal(p.outputs.fromAdobe, undefined);
  });

  it("unidirectional before Adobe sends its service looks up no subnet or service (no EC2 reads needed yet)", async () => {
    await plan(uniNoService());
    assert.deepEqual(
      mocks.calls.map((c) => c.token).filter((t) => t.startsWith("aws:ec2/")),
      [],
    );
  });

  it("unidirectional with Adobe's service: exactly one interface endpoint more", async () => {
    const p = await plan(uni());
    assert.deepEqual(countByType(p), {
      [T.provider]: 1,
      [T.root]: 1,
      [T.toAdobe]: 1,
      [T.securityGroup]: 1,
      [T.ingress]: 2,
      [T.endpoint]: 1,
    });
  });

  it("bidirectional before Adobe sends anything: the customer's service side exists, no endpoint and no accepter", async () => {
    const p = await plan(biNothingFromAdobe());
    assert.deepEqual(countByType(p), {
      [T.provider]: 1,
      [T.root]: 1,
      [T.toAdobe]: 1,
      [T.fromAdobe]: 1,
      [T.securityGroup]: 2,
      [T.ingress]: 4, // 2 ports x 2 client CIDRs
      [T.egress]: 3, // one per service target
      [T.loadBalancer]: 1,
      [T.targetGroup]: 2,
      [T.attachment]: 3,
      [T.listener]: 2,
      [T.endpointService]: 1,
    });
    assert.equal(p.outputs.toAdobe.state, "awaiting-adobe-service");
    assert.equal(p.outputs.fromAdobe.state, "awaiting-adobe-connection");
    assert.deepEqual(p.outputs.fromAdobe.acceptedConnections, []);
  });

  it("bidirectional with Adobe's service but no connection yet: the endpoint appears, still no accepter", async () => {
    const p = await plan(biService());
    const counts = countByType(p);
    assert.equal(counts[T.endpoint], 1);
    assert.equal(counts[T.accepter], undefined);
    assert.equal(p.resources.length, 23);
  });

  it("bidirectional with Adobe's connection: exactly one accepter per configured connection, nothing else", async () => {
    const p = await plan(bi());
    assert.deepEqual(countByType(p), {
      [T.provider]: 1,
      [T.root]: 1,
      [T.toAdobe]: 1,
      [T.fromAdobe]: 1,
      [T.securityGroup]: 2,
      [T.ingress]: 4,
      [T.endpoint]: 1,
      [T.egress]: 3,
      [T.loadBalancer]: 1,
      [T.targetGroup]: 2,
      [T.attachment]: 3,
      [T.listener]: 2,
      [T.endpointService]: 1,
      [T.accepter]: 1,
    });
    assert.equal(p.outputs.fromAdobe.state, "accepted");
    assert.deepEqual(p.outputs.fromAdobe.acceptedConnections, [BI_CONNECTION]);
  });

  it("grants Adobe's principal through allowedPrincipals only: no VpcEndpointServiceAllowedPrinciple in any phase", async () => {
    for (const config of [biNothingFromAdobe(), biService(), bi()]) {
      const p = await plan(config);
      assert.equal(ofType(p, T.allowedPrinciple).length, 0);
    }
  });
});

describe("AWS PrivateLink: customer -> Adobe leg contract", () => {
  it("the endpoint is an Interface endpoint to Adobe's service with private DNS off, in the VPC, behind its own group", async () => {
    const p = await plan(uni());
    const [endpoint] = ofType(p, T.endpoint);
    const [sg] = ofType(p, T.securityGroup);
    const adobe = section(uni(), ADOBE);
    const network = section(uni(), NETWORK);
    assert.equal(endpoint!.name, "privatelink-to-adobe-endpoint");
    assert.equal(endpoint!.inputs.vpcEndpointType, "Interface");
    assert.equal(endpoint!.inputs.privateDnsEnabled, false);
    assert.equal(endpoint!.inputs.serviceName, adobe.endpointService);
    assert.equal(endpoint!.inputs.vpcId, network.vpcId);
    assert.deepEqual(endpoint!.inputs.securityGroupIds, [sg!.id]);
    assert.equal(endpoint!.inputs.autoAccept, undefined);
  });

  it("places the endpoint in the configured subnets whose zones Adobe's service offers, looked up by service name and subnet id", async () => {
    const p = await plan(uni());
    const [endpoint] = ofType(p, T.endpoint);
    const network = section(uni(), NETWORK);
    assert.deepEqual(endpoint!.inputs.subnetIds, network.subnetIds);
    const lookups = mocks.calls.filter((c) => c.token === "aws:ec2/getVpcEndpointService:getVpcEndpointService");
    assert.deepEqual(
      lookups.map((c) => c.inputs.serviceName),
      [section(uni(), ADOBE).endpointService],
    );
    const subnets = mocks.calls.filter((c) => c.token === "aws:ec2/getSubnet:getSubnet");
    assert.deepEqual(
      subnets.map((c) => [c.inputs.id, c.inputs.region]),
      network.subnetIds.map((id: string) => [id, "us-east-1"]),
    );
  });

  it("the security group has the fixed description, no inline rules, and one TCP rule per port and client CIDR, named by port", async () => {
    const p = await plan(bi());
    const sg = named(p, "privatelink-to-adobe-sg");
    assert.equal(sg.inputs.description, ENDPOINT_SECURITY_GROUP_DESCRIPTION);
    assert.equal(sg.inputs.vpcId, section(bi(), NETWORK).vpcId);
    assert.equal(sg.inputs.ingress, undefined);
    assert.equal(sg.inputs.egress, undefined);
    const rules = ofType(p, T.ingress)
      .map((r) => ({
        name: r.name,
        group: r.inputs.securityGroupId,
        protocol: r.inputs.ipProtocol,
        from: r.inputs.fromPort,
        to: r.inputs.toPort,
        cidr: r.inputs.cidrIpv4,
      }))
      .sort((x, y) => x.name.localeCompare(y.name));
    const rule = (port: string, number: number, cidr: string): Json => ({
      name: `privatelink-to-adobe-ingress-${port}-${cidr.replace(/[./]/g, "-")}`,
      group: sg.id,
      protocol: "tcp",
      from: number,
      to: number,
      cidr,
    });
    assert.deepEqual(rules, [
      rule("mysql", 3306, "10.20.0.0/16"),
      rule("mysql", 3306, "10.30.8.0/22"),
      rule("sftp", 2222, "10.20.0.0/16"),
      rule("sftp", 2222, "10.30.8.0/22"),
    ]);
  });

  it("the endpoint security group gets no egress rule (the endpoint never opens connections)", async () => {
    const p = await plan(bi());
    const sg = named(p, "privatelink-to-adobe-sg");
    assert.deepEqual(
      ofType(p, T.egress).filter((r) => r.inputs.securityGroupId === sg.id),
      [],
    );
  });

  it("outputs the load balancer's security group, which the service targets should allow", async () => {
    const p = await plan(bi());
    assert.equal(p.outputs.fromAdobe.securityGroupId, named(p, "privatelink-from-adobe-lb-sg").id);
  });

  it("with two subnets in one zone, the endpoint and the load balancer use only the first listed of that zone", async () => {
    // In the mocks subnet-...60001 and subnet-...60003 share a zone; 60002 is in another one.
    const config = clone(bi());
    section(config, NETWORK).subnetIds = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60002"];
    const p = await plan(config);
    const expected = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];
    assert.deepEqual(ofType(p, T.endpoint)[0]!.inputs.subnetIds, expected);
    assert.deepEqual(named(p, "privatelink-from-adobe-nlb").inputs.subnets, expected);
    assert.deepEqual(p.outputs.fromAdobe.zoneIds, ["use1-az1", "use1-az2"]);
  });

  it("outputs the endpoint id, DNS names with the regional name first, and 'awaiting-adobe-approval' while AWS says pendingAcceptance", async () => {
    const p = await plan(uni());
    const [endpoint] = ofType(p, T.endpoint);
    assert.equal(p.outputs.toAdobe.endpointId, endpoint!.id);
    assert.equal(p.outputs.toAdobe.connectionState, "pendingAcceptance");
    assert.equal(p.outputs.toAdobe.state, "awaiting-adobe-approval");
    const [group] = ofType(p, T.securityGroup);
    assert.equal(p.outputs.toAdobe.securityGroupId, group!.id);
    const hosts: string[] = p.outputs.toAdobe.hosts;
    assert.equal(hosts.length, 3);
    assert.match(hosts[0]!, /^vpce-[0-9a-f]+-[0-9a-f]+\.vpce-svc-[0-9a-f]+\.us-east-1\.vpce\.amazonaws\.com$/);
    for (const zonal of hosts.slice(1)) assert.match(zonal, /^vpce-[0-9a-f]+-[0-9a-f]+-us-east-1[a-z]\./);
  });

  it("outputs the customer's account id from getCallerIdentity", async () => {
    const p = await plan(uni());
    assert.equal(p.outputs.accountId, mocks.context.accountId);
    assert.ok(mocks.calls.some((c) => c.token === "aws:index/getCallerIdentity:getCallerIdentity"));
  });
});

describe("AWS PrivateLink: Adobe -> customer leg contract", () => {
  it("the load balancer is an internal network load balancer across the subnets, cross-zone on, with its own security group", async () => {
    const p = await plan(bi());
    const lb = named(p, "privatelink-from-adobe-nlb");
    const sg = named(p, "privatelink-from-adobe-lb-sg");
    assert.equal(lb.inputs.loadBalancerType, "network");
    assert.equal(lb.inputs.internal, true);
    assert.equal(lb.inputs.enableCrossZoneLoadBalancing, true);
    assert.deepEqual(lb.inputs.subnets, section(bi(), NETWORK).subnetIds);
    assert.deepEqual(lb.inputs.securityGroups, [sg.id]);
    assert.equal(lb.inputs.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic, "off");
    assert.equal(lb.inputs.name, undefined, "a fixed physical name would block replacement");
    assert.equal(lb.inputs.namePrefix, PHYSICAL_NAME_PREFIX);
    assert.equal(sg.inputs.description, LOAD_BALANCER_SECURITY_GROUP_DESCRIPTION);
    assert.deepEqual(
      ofType(p, T.ingress).filter((r) => r.inputs.securityGroupId === sg.id),
      [],
      "nothing may reach the listeners except PrivateLink traffic",
    );
  });

  it("the load balancer's group allows out exactly TCP to each target on its target port", async () => {
    const p = await plan(bi());
    const sg = named(p, "privatelink-from-adobe-lb-sg");
    const rules = ofType(p, T.egress)
      .map((r) => [r.name, r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])
      .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    assert.deepEqual(rules, [
      ["privatelink-from-adobe-egress-erp-db-10-20-1-15", sg.id, "tcp", 5432, 5432, "10.20.1.15/32"],
      ["privatelink-from-adobe-egress-erp-db-10-20-2-15", sg.id, "tcp", 5432, 5432, "10.20.2.15/32"],
      ["privatelink-from-adobe-egress-pim-api-10-20-1-40", sg.id, "tcp", 8443, 8443, "10.20.1.40/32"],
    ]);
  });

  it("per service: a TCP ip target group with a TCP health check and no fixed name, an attachment per target and a listener", async () => {
    const p = await plan(bi());
    const lb = named(p, "privatelink-from-adobe-nlb");
    const vpcId = section(bi(), NETWORK).vpcId;
    for (const service of section(bi(), SERVICES) as unknown as Json[]) {
      const tg = named(p, `privatelink-from-adobe-tg-${service.name}`);
      assert.equal(tg.inputs.protocol, "TCP");
      assert.equal(tg.inputs.targetType, "ip");
      assert.equal(tg.inputs.port, service.port);
      assert.equal(tg.inputs.vpcId, vpcId);
      assert.equal((tg.inputs.healthCheck as Json).protocol, "TCP");
      assert.equal((tg.inputs.healthCheck as Json).enabled, true);
      assert.equal(tg.inputs.name, undefined);
      assert.equal(tg.inputs.namePrefix, PHYSICAL_NAME_PREFIX);
      const attachments = ofType(p, T.attachment).filter((a) => a.inputs.targetGroupArn === tg.id);
      assert.deepEqual(
        attachments.map((a) => [a.name, a.inputs.targetId, a.inputs.port]).sort(),
        (service.targets as string[])
          .map((ip): unknown[] => [`privatelink-from-adobe-target-${service.name}-${targetKey(ip)}`, ip, service.port])
          .sort(),
      );
      const listener = named(p, `privatelink-from-adobe-listener-${service.name}`);
      assert.equal(listener.inputs.loadBalancerArn, lb.id);
      assert.equal(listener.inputs.port, service.port);
      assert.equal(listener.inputs.protocol, "TCP");
      assert.deepEqual(listener.inputs.defaultActions, [{ type: "forward", targetGroupArn: tg.id }]);
    }
  });

  it("the endpoint service requires acceptance and allows exactly Adobe's principal on the load balancer", async () => {
    const p = await plan(bi());
    const lb = named(p, "privatelink-from-adobe-nlb");
    const service = named(p, "privatelink-from-adobe-service");
    assert.equal(service.type, T.endpointService);
    assert.equal(service.inputs.acceptanceRequired, true);
    assert.deepEqual(service.inputs.allowedPrincipals, [ADOBE_AWS_PRINCIPAL]);
    assert.deepEqual(service.inputs.networkLoadBalancerArns, [lb.id]);
  });

  it("accepts exactly the configured connection on the customer's endpoint service", async () => {
    const p = await plan(bi());
    const service = named(p, "privatelink-from-adobe-service");
    assert.deepEqual(
      ofType(p, T.accepter).map((a) => [a.name, a.inputs.vpcEndpointId, a.inputs.vpcEndpointServiceId]),
      [[`privatelink-from-adobe-accept-${BI_CONNECTION}`, BI_CONNECTION, service.id]],
    );
  });

  it("outputs the service name and id, the principals read back from the service, the load balancer and its zone ids", async () => {
    const p = await plan(bi());
    const service = named(p, "privatelink-from-adobe-service");
    const lb = named(p, "privatelink-from-adobe-nlb");
    const from = p.outputs.fromAdobe;
    assert.equal(from.serviceName, service.state.serviceName);
    assert.equal(from.serviceId, service.id);
    assert.deepEqual(from.allowedConsumers, [ADOBE_AWS_PRINCIPAL]);
    assert.equal(from.loadBalancerAddress, lb.state.dnsName);
    assert.equal(from.loadBalancerId, lb.id);
    assert.deepEqual(from.zoneIds, ["use1-az1", "use1-az2"]);
  });
});

describe("AWS PrivateLink: names, regions, tags and providers", () => {
  it("every resource's name starts with its component's name: the root's, then its leg's", async () => {
    const p = await plan(bi());
    for (const r of p.resources) assert.ok(r.name.startsWith("privatelink"), r.name);
    assert.deepEqual(
      ofType(p, T.root).map((r) => r.name),
      ["privatelink"],
    );
    assert.deepEqual(
      ofType(p, T.toAdobe).map((r) => r.name),
      ["privatelink-to-adobe"],
    );
    assert.deepEqual(
      ofType(p, T.fromAdobe).map((r) => r.name),
      ["privatelink-from-adobe"],
    );
    const children = p.resources.filter((r) => r.type.startsWith("aws:"));
    const toAdobe = children.filter((r) => r.name.startsWith("privatelink-to-adobe-"));
    const fromAdobe = children.filter((r) => r.name.startsWith("privatelink-from-adobe-"));
    assert.equal(toAdobe.length + fromAdobe.length, children.length);
    assert.deepEqual([...new Set(toAdobe.map((r) => r.type))].sort(), [T.endpoint, T.securityGroup, T.ingress].sort());
  });

  it("every AWS resource is created in the stack's region through the explicit provider", async () => {
    const config = clone(bi());
    config["commerce-privatelink:region"] = "eu-west-1";
    section(config, ADOBE).endpointService = "com.amazonaws.vpce.eu-west-1.vpce-svc-0f9e8d7c6b5a41302";
    const p = await plan(config);
    const aws = p.resources.filter((r) => r.type.startsWith("aws:"));
    assert.equal(aws.length, 20);
    for (const r of aws) {
      assert.equal(r.inputs.region, "eu-west-1", `${r.type} ${r.name}`);
      assert.match(r.provider ?? "", /pulumi:providers:aws::privatelink::/, `${r.type} ${r.name}`);
    }
    assert.equal(ofType(p, T.provider)[0]!.inputs.region, "eu-west-1");
    assert.deepEqual(p.outputs.fromAdobe.zoneIds, ["euw1-az1", "euw1-az2"]);
    assert.ok((p.outputs.toAdobe.hosts as string[]).every((h) => h.endsWith(".eu-west-1.vpce.amazonaws.com")));
  });

  it("every taggable resource carries the stack's tags and its own Name", async () => {
    const p = await plan(bi());
    const tags = section(bi(), "commerce-privatelink:tags");
    const untaggable: readonly string[] = [T.attachment, T.accepter];
    for (const r of p.resources.filter((x) => x.type.startsWith("aws:") && !untaggable.includes(x.type))) {
      assert.deepEqual(r.inputs.tags, { ...tags, Name: r.name }, `${r.type} ${r.name}`);
    }
  });
});

describe("AWS PrivateLink: protection", () => {
  function protectedNames(p: Plan): string[] {
    return [...p.options]
      .filter(([, o]) => o.protect === true)
      .map(([name]) => name)
      .sort();
  }
  function expectedProtected(p: Plan): string[] {
    return p.resources
      .filter((r) => PROTECTED_TYPES.includes(r.type))
      .map((r) => r.name)
      .sort();
  }

  it("production protects the endpoint, the endpoint service and the load balancer, and nothing else (not the accepters)", async () => {
    const p = await plan(bi());
    assert.deepEqual(protectedNames(p), ["privatelink-from-adobe-nlb", "privatelink-from-adobe-service", "privatelink-to-adobe-endpoint"]);
    assert.deepEqual(protectedNames(p), expectedProtected(p));
    assert.equal(named(p, "privatelink-from-adobe-nlb").inputs.enableDeletionProtection, true);
  });

  it("staging protects nothing and leaves deletion protection off", async () => {
    const p = await plan(withAdobe(bi(), (adobe) => (adobe.environment = "staging")));
    assert.deepEqual(protectedNames(p), []);
    assert.equal(named(p, "privatelink-from-adobe-nlb").inputs.enableDeletionProtection, false);
  });

  it("an explicit protect: true on staging protects the same three kinds as production", async () => {
    const config = withAdobe(bi(), (adobe) => (adobe.environment = "staging"));
    config["commerce-privatelink:protect"] = true;
    const p = await plan(config);
    assert.deepEqual(protectedNames(p), expectedProtected(p));
    assert.equal(protectedNames(p).length, 3);
    assert.equal(named(p, "privatelink-from-adobe-nlb").inputs.enableDeletionProtection, true);
  });

  it("an explicit protect: false on production protects nothing and turns deletion protection off", async () => {
    const config = clone(bi());
    config["commerce-privatelink:protect"] = false;
    const p = await plan(config);
    assert.deepEqual(protectedNames(p), []);
    assert.equal(named(p, "privatelink-from-adobe-nlb").inputs.enableDeletionProtection, false);
  });

  it("accepters are always retained on delete, protected or not, so a destroy never rejects Adobe's live connection", async () => {
    for (const protect of [true, false]) {
      const config = clone(bi());
      config["commerce-privatelink:protect"] = protect;
      const p = await plan(config);
      const accepters = ofType(p, T.accepter);
      assert.equal(accepters.length, 1);
      for (const a of accepters) assert.equal(p.options.get(a.name)?.retainOnDelete, true);
      const retained = [...p.options].filter(([, o]) => o.retainOnDelete === true).map(([name]) => name);
      assert.deepEqual(
        retained,
        accepters.map((a) => a.name),
      );
    }
  });

  it("no resource is delete-before-replace (a replaced endpoint or service must exist before the old one goes)", async () => {
    const p = await plan(bi());
    assert.ok(p.options.size >= p.resources.length - 1);
    for (const [name, o] of p.options) assert.ok(!o.deleteBeforeReplace, name);
  });
});

describe("AWS PrivateLink: a port or service keeps its resources when others change", () => {
  it("adding a port adds only that port's ingress rules; every other resource keeps its name and inputs", async () => {
    const before = await plan(bi());
    const after = await plan(
      withAdobe(bi(), (adobe) => {
        adobe.ports.push({ name: "redis", port: 6379 });
      }),
    );
    assert.deepEqual(difference(before, after), {
      added: ["privatelink-to-adobe-ingress-redis-10-20-0-0-16", "privatelink-to-adobe-ingress-redis-10-30-8-0-22"],
      removed: [],
      changed: [],
    });
  });

  it("removing a port removes only that port's ingress rules", async () => {
    const before = await plan(bi());
    const after = await plan(
      withAdobe(bi(), (adobe) => {
        adobe.ports = adobe.ports.filter((port: Json) => port.name !== "sftp");
      }),
    );
    assert.deepEqual(difference(before, after), {
      added: [],
      removed: ["privatelink-to-adobe-ingress-sftp-10-20-0-0-16", "privatelink-to-adobe-ingress-sftp-10-30-8-0-22"],
      changed: [],
    });
  });

  it("reordering ports changes no resource", async () => {
    const before = await plan(bi());
    const after = await plan(
      withAdobe(bi(), (adobe) => {
        adobe.ports.reverse();
      }),
    );
    assert.deepEqual(difference(before, after), { added: [], removed: [], changed: [] });
  });

  it("adding a service adds only its target group, attachment, listener and egress rule", async () => {
    const before = await plan(bi());
    const after = await plan(withServices(bi(), (services) => [...services, { name: "crm-api", port: 9443, targets: ["10.20.3.7"] }]));
    assert.deepEqual(difference(before, after), {
      added: [
        "privatelink-from-adobe-egress-crm-api-10-20-3-7",
        "privatelink-from-adobe-listener-crm-api",
        "privatelink-from-adobe-target-crm-api-10-20-3-7",
        "privatelink-from-adobe-tg-crm-api",
      ],
      removed: [],
      changed: [],
    });
  });

  it("removing a service removes only its target group, attachments, listener and egress rules", async () => {
    const before = await plan(bi());
    const after = await plan(withServices(bi(), (services) => services.filter((s) => s.name !== "erp-db")));
    assert.deepEqual(difference(before, after), {
      added: [],
      removed: [
        "privatelink-from-adobe-egress-erp-db-10-20-1-15",
        "privatelink-from-adobe-egress-erp-db-10-20-2-15",
        "privatelink-from-adobe-listener-erp-db",
        "privatelink-from-adobe-target-erp-db-10-20-1-15",
        "privatelink-from-adobe-target-erp-db-10-20-2-15",
        "privatelink-from-adobe-tg-erp-db",
      ],
      changed: [],
    });
  });

  it("reordering services changes no resource", async () => {
    const before = await plan(bi());
    const after = await plan(withServices(bi(), (services) => [...services].reverse()));
    assert.deepEqual(difference(before, after), { added: [], removed: [], changed: [] });
  });

  it("changing one service's port changes only that service's listener", async () => {
    const before = await plan(bi());
    const after = await plan(
      withServices(bi(), (services) => services.map((s) => (s.name === "pim-api" ? { ...s, port: 9443, targetPort: 8443 } : s))),
    );
    assert.deepEqual(difference(before, after), { added: [], removed: [], changed: ["privatelink-from-adobe-listener-pim-api"] });
  });

  it("Adobe's connection arriving adds only its accepter", async () => {
    const before = await plan(biService());
    const after = await plan(bi());
    assert.deepEqual(difference(before, after), {
      added: [`privatelink-from-adobe-accept-${BI_CONNECTION}`],
      removed: [],
      changed: [],
    });
  });
});

describe("AWS PrivateLink: zone placement (pure)", () => {
  const subnet = (id: string, letter: string, n: number): SubnetZone => ({ id, zone: `us-east-1${letter}`, zoneId: `use1-az${n}` });
  const service = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";

  it("keeps the subnets in the service's zones in config order and says why each other subnet is skipped", () => {
    const placement = placeEndpoint(
      [subnet("subnet-c", "c", 3), subnet("subnet-a", "a", 1), subnet("subnet-d", "d", 4)],
      ["us-east-1a", "us-east-1c"],
      service,
    );
    assert.ok(placement.ok);
    assert.deepEqual(placement.subnetIds, ["subnet-c", "subnet-a"]);
    assert.deepEqual(
      placement.skipped.map((s) => [s.subnet.id, s.reason]),
      [["subnet-d", "Adobe's endpoint service is not offered in us-east-1d"]],
    );
  });

  it("fails when no subnet is in a zone the service is offered in, naming the key, the subnets, the zones and the fix", () => {
    const placement = placeEndpoint([subnet("subnet-d", "d", 4), subnet("subnet-e", "e", 5)], ["us-east-1b", "us-east-1a"], service);
    assert.ok(!placement.ok);
    assert.match(placement.message, /^network\.subnetIds: none of the subnets/);
    assert.match(placement.message, /subnet-d \(us-east-1d, use1-az4\), subnet-e \(us-east-1e, use1-az5\)/);
    assert.match(placement.message, /service zones: us-east-1a, us-east-1b/);
    assert.ok(placement.message.includes(service));
    assert.match(placement.message, /Add a subnet/);
  });

  it("fails when the service reports no zone at all", () => {
    const placement = placeEndpoint([subnet("subnet-a", "a", 1)], [], service);
    assert.ok(!placement.ok);
    assert.match(placement.message, /service zones: none/);
  });

  it("puts the endpoint into the first listed subnet of a zone and skips the others of that zone", () => {
    const placement = placeEndpoint(
      [subnet("subnet-a", "a", 1), subnet("subnet-b", "b", 2), subnet("subnet-a2", "a", 1)],
      ["us-east-1a", "us-east-1b"],
      service,
    );
    assert.ok(placement.ok);
    assert.deepEqual(placement.subnetIds, ["subnet-a", "subnet-b"]);
    assert.deepEqual(
      placement.skipped.map((s) => [s.subnet.id, s.reason]),
      [["subnet-a2", "an interface endpoint takes one subnet per zone and subnet-a is listed first for us-east-1a"]],
    );
  });

  it("the load balancer takes the first subnet of each zone and outputs zone ids (not names) in that order", () => {
    assert.deepEqual(placeLoadBalancer([subnet("subnet-b", "b", 2), subnet("subnet-a", "a", 1), subnet("subnet-b2", "b", 2)]), {
      subnetIds: ["subnet-b", "subnet-a"],
      zoneIds: ["use1-az2", "use1-az1"],
      skipped: [
        {
          subnet: subnet("subnet-b2", "b", 2),
          reason: "a network load balancer takes one subnet per zone and subnet-b is listed first for us-east-1b",
        },
      ],
    });
  });

  it("target keys turn an IP into a name part", () => {
    assert.equal(targetKey("10.20.1.15"), "10-20-1-15");
  });
});

describe("AWS PrivateLink: leg states and hosts (pure)", () => {
  it("maps the endpoint's AWS state to the workflow step", () => {
    const cases: [string | undefined, string][] = [
      [undefined, "awaiting-adobe-approval"],
      ["pendingAcceptance", "awaiting-adobe-approval"],
      ["pending", "awaiting-adobe-approval"],
      ["available", "connected"],
      ["Available", "connected"],
      ["rejected", "failed"],
      ["failed", "failed"],
      ["expired", "failed"],
      ["deleting", "failed"],
      ["deleted", "failed"],
    ];
    for (const [aws, expected] of cases) assert.equal(toAdobeState(aws), expected, String(aws));
  });

  it("the Adobe -> customer leg is accepted exactly when connections are configured", () => {
    assert.equal(fromAdobeState([]), "awaiting-adobe-connection");
    assert.equal(fromAdobeState(["vpce-0123456789abcdef0"]), "accepted");
  });

  it("puts the regional DNS name first even when AWS lists zonal names first, and drops duplicates", () => {
    const regional = "vpce-0abc-1234.vpce-svc-0def.eu-central-1.vpce.amazonaws.com";
    const zonalB = "vpce-0abc-1234-eu-central-1b.vpce-svc-0def.eu-central-1.vpce.amazonaws.com";
    const zonalA = "vpce-0abc-1234-eu-central-1a.vpce-svc-0def.eu-central-1.vpce.amazonaws.com";
    assert.deepEqual(orderEndpointHosts([zonalB, regional, zonalA, regional], "eu-central-1"), [regional, zonalA, zonalB]);
  });
});

describe("AWS PrivateLink: lifecycle transitions the engine and AWS allow", () => {
  const staging = (config: StackConfig): StackConfig => withAdobe(config, (adobe) => (adobe.environment = "staging"));
  const unidirectional = (config: StackConfig): StackConfig => {
    const copy = withAdobe(config, (adobe) => delete adobe.connections);
    copy["commerce-privatelink:topology"] = "unidirectional";
    delete copy[SERVICES];
    return copy;
  };
  const transitions: [string, () => StackConfig, () => StackConfig, string[]][] = [
    ["add an approval", biService, bi, []],
    ["remove an approval (production)", bi, biService, []],
    [
      "add a port",
      bi,
      () =>
        withAdobe(bi(), (adobe) => {
          adobe.ports.push({ name: "redis", port: 6379 });
        }),
      [],
    ],
    [
      "remove a port",
      bi,
      () =>
        withAdobe(bi(), (adobe) => {
          adobe.ports = (adobe.ports as Json[]).slice(0, 1);
        }),
      [],
    ],
    ["remove a service", bi, () => withServices(bi(), (services) => services.slice(0, 1)), []],
    ["phase 1 -> 2", biNothingFromAdobe, biService, []],
    ["bidirectional -> unidirectional (staging)", () => staging(bi()), () => unidirectional(staging(bi())), []],
    [
      "bidirectional -> unidirectional (production): refused until protect: false is applied",
      bi,
      () => unidirectional(bi()),
      ["privatelink-from-adobe-nlb", "privatelink-from-adobe-service"],
    ],
  ];
  for (const [what, before, after, refused] of transitions) {
    it(`${what}: ${refused.length === 0 ? "the engine deletes nothing protected" : `the engine refuses ${refused.join(", ")}`}`, async () => {
      const a = await plan(before());
      const b = await plan(after());
      assert.deepEqual(
        lifecycleRefusals(a.options, b.options),
        refused.map(
          (name) => `refusing to delete protected resource ${name} (protect is read from the state; unprotect it in an earlier update)`,
        ),
      );
    });
  }

  it("the engine rule refuses a protected accepter leaving the program, even with retainOnDelete (what a protected accepter would do)", () => {
    const name = `privatelink-from-adobe-accept-${BI_CONNECTION}`;
    assert.equal(lifecycleRefusals(new Map([[name, { protect: true }]]), new Map()).length, 1);
    assert.deepEqual(lifecycleRefusals(new Map([[name, { protect: false }]]), new Map()), []);
  });

  it("production protect: false in one update, then the removal: two steps the engine allows", async () => {
    const unprotected = clone(bi());
    unprotected["commerce-privatelink:protect"] = false;
    const first = await plan(unprotected);
    const removed = clone(unprotected);
    removed["commerce-privatelink:topology"] = "unidirectional";
    delete removed[SERVICES];
    delete section(removed, ADOBE).connections;
    const second = await plan(removed);
    assert.deepEqual(lifecycleRefusals(first.options, second.options), []);
  });
});

describe("AWS PrivateLink: what the mocks refuse like AWS", () => {
  const world = { resources: [] as { type: string; inputs: Record<string, unknown> }[], vpcCidrs: ["10.20.0.0/16"] };

  it("a security group rule description over 255 characters", () => {
    assert.match(
      awsMockRefusal(T.ingress, { description: "x".repeat(256) }, world) ?? "",
      /description of 256 characters; AWS allows at most 255/,
    );
    assert.equal(awsMockRefusal(T.ingress, { description: "x".repeat(255) }, world), undefined);
  });

  it("more inbound rules on one group than the quota of 60", () => {
    const full = { ...world, resources: Array.from({ length: 60 }, () => ({ type: T.ingress, inputs: { securityGroupId: "sg-1" } })) };
    assert.match(awsMockRefusal(T.ingress, { securityGroupId: "sg-1" }, full) ?? "", /RulesPerSecurityGroupLimitExceeded: rule 61/);
    assert.equal(awsMockRefusal(T.ingress, { securityGroupId: "sg-2" }, full), undefined);
  });

  it("an IP target outside the VPC without availabilityZone all", () => {
    assert.match(awsMockRefusal(T.attachment, { targetId: "192.168.7.9" }, world) ?? "", /outside the VPC .*availability zone all/);
    assert.equal(awsMockRefusal(T.attachment, { targetId: "192.168.7.9", availabilityZone: "all" }, world), undefined);
    assert.equal(awsMockRefusal(T.attachment, { targetId: "10.20.7.9" }, world), undefined);
  });

  it("a second rule equal to one the group has, and a second listener on a load balancer's port", () => {
    const rule = { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.20.1.15/32" };
    const listener = { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/lb/1", port: 5432 };
    const existing = {
      ...world,
      resources: [
        { type: T.egress, inputs: rule },
        { type: T.listener, inputs: listener },
      ],
    };
    assert.equal(
      awsMockRefusal(T.egress, { ...rule, description: "another service" }, existing),
      "InvalidPermission.Duplicate: the same securityGroupId, ipProtocol, fromPort, toPort, cidrIpv4 already exists",
    );
    assert.equal(awsMockRefusal(T.egress, { ...rule, fromPort: 8443, toPort: 8443 }, existing), undefined);
    assert.equal(awsMockRefusal(T.ingress, rule, existing), undefined, "an inbound rule is another direction");
    assert.equal(awsMockRefusal(T.listener, listener, existing), "DuplicateListener: the same loadBalancerArn, port already exists");
    assert.equal(awsMockRefusal(T.listener, { ...listener, port: 8443 }, existing), undefined);
    // In a preview the group is unknown: nothing to compare.
    assert.equal(
      awsMockRefusal(
        T.egress,
        { ...rule, securityGroupId: undefined },
        { ...world, resources: [{ type: T.egress, inputs: { ...rule, securityGroupId: undefined } }] },
      ),
      undefined,
    );
  });

  it("two services with the same target and target port are refused by the config, before AWS would refuse the second rule", () => {
    const config = bi();
    const services = config[SERVICES] as { name: string; port: number; targets: string[]; targetPort?: number }[];
    const [first, second] = services;
    assert.ok(first !== undefined && second !== undefined);
    services[1] = { ...second, targetPort: 5432, targets: [...first.targets] };
    const result = validateConfig(toPulumiConfig(config));
    if (result.ok) assert.fail("two services on one host and target port were accepted");
    assert.deepEqual(
      result.problems.map((problem) => [problem.key, problem.value, problem.rule, problem.fix]),
      first.targets.map((target) => [
        "services[1].targets",
        target,
        `is also a target of ${first.name} on target port 5432: AWS allows the load balancer's outbound rule to a host and port once (InvalidPermission.Duplicate)`,
        `expose ${target}:5432 through one service, or give this service another target port`,
      ]),
    );
  });

  it("more than 50 tags on a resource", () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    assert.match(awsMockRefusal(T.securityGroup, { tags }, world) ?? "", /TagLimitExceeded: 51 tags/);
  });

  it("a plan whose resources AWS would refuse fails, naming the resource and AWS's error", async () => {
    // A program that registered one rule too many would fail like this; the quota check in the config
    // keeps the real program from getting here (awsIngressBreach, rules/quotas.ts).
    const config = withPorts(exampleStack("aws-unidirectional"), "aws", 60, false);
    const p = await plan(config);
    assert.equal(ofType(p, T.ingress).length, 60);
    await assert.rejects(plan(withPorts(exampleStack("aws-unidirectional"), "aws", 61, false)), /needs 61 security group rules/);
  });
});

describe("AWS PrivateLink: targets, subnets and zones looked up at plan time", () => {
  it("registers a target outside the VPC's CIDR blocks with availabilityZone all, and sets none inside", async () => {
    const config = withServices(bi(), (services) => [...services, { name: "onprem-db", port: 1521, targets: ["192.168.40.10"] }]);
    const p = await plan(config);
    assert.equal(named(p, "privatelink-from-adobe-target-onprem-db-192-168-40-10").inputs.availabilityZone, "all");
    assert.equal(named(p, "privatelink-from-adobe-target-erp-db-10-20-1-15").inputs.availabilityZone, undefined);
    const lookups = mocks.calls.filter((c) => c.token === "aws:ec2/getVpc:getVpc");
    assert.deepEqual(
      lookups.map((c) => [c.inputs.id, c.inputs.region]),
      [[section(bi(), NETWORK).vpcId, "us-east-1"]],
    );
  });

  it("a target in a block the VPC no longer has (still listed as disassociated) is outside: availabilityZone all", async () => {
    assert.deepEqual(
      vpcBlocks("10.20.0.0/16", [
        { cidrBlock: "10.20.0.0/16", state: "associated" },
        { cidrBlock: "100.64.0.0/16", state: "associated" },
        { cidrBlock: REMOVED_VPC_BLOCK, state: "disassociated" },
        { cidrBlock: "100.98.0.0/16", state: "disassociating" },
      ]),
      ["10.20.0.0/16", "100.64.0.0/16"],
    );
    // The mocks list REMOVED_VPC_BLOCK on the VPC as disassociated, and refuse a target there without "all".
    const config = withServices(bi(), (services) => [...services, { name: "moved-db", port: 1522, targets: ["100.99.1.5"] }]);
    const p = await plan(config);
    assert.equal(named(p, "privatelink-from-adobe-target-moved-db-100-99-1-5").inputs.availabilityZone, "all");
  });

  it("a target is inside when any of the VPC's blocks (primary or associated) holds it", () => {
    assert.equal(targetZone("10.20.1.15", ["10.20.0.0/16"]), undefined);
    assert.equal(targetZone("100.64.3.4", ["10.20.0.0/16", "100.64.0.0/16"]), undefined);
    assert.equal(targetZone("172.16.0.1", ["10.20.0.0/16"]), "all");
    assert.equal(insideAny("10.21.0.1", ["10.20.0.0/16"]), false);
  });

  it("refuses a subnet of another VPC at plan time, naming the subnet, both VPCs and the fix; nothing else is reported", async () => {
    const expected =
      `network.subnetIds: ${OTHER_VPC_SUBNET} is in ${OTHER_VPC}, not in network.vpcId vpc-0a1b2c3d4e5f67890; the endpoint, the load balancer and the target groups must share one VPC. ` +
      'Fix: list subnets of network.vpcId (aws ec2 describe-subnets --filters Name=vpc-id,Values=vpc-0a1b2c3d4e5f67890 --query "Subnets[].[SubnetId,AvailabilityZone]" --output text), or correct network.vpcId.';
    assert.equal(
      foreignSubnetsMessage(
        [
          { id: "subnet-0a1b2c3d4e5f60001", vpcId: "vpc-0a1b2c3d4e5f67890" },
          { id: OTHER_VPC_SUBNET, vpcId: OTHER_VPC },
        ],
        "vpc-0a1b2c3d4e5f67890",
      ),
      expected,
    );
    assert.equal(foreignSubnetsMessage([{ id: "subnet-1", vpcId: "vpc-1" }], "vpc-1"), undefined);
    // The mocks answer the configured subnets with the stack's VPC, so the example plans pass the check.
    await plan(bi());
    assert.equal(mocks.calls.filter((c) => c.token === "aws:ec2/getSubnet:getSubnet").length, 2);
    // Through the program: the lookup's refusal ends the run as the plan's one error.
    const config = bi();
    const network = section(config, NETWORK) as { subnetIds: string[] };
    network.subnetIds = [network.subnetIds[0] ?? "", OTHER_VPC_SUBNET];
    const refused = await planStack(mocks, "aws-bidirectional", config, evaluatePlan);
    assert.deepEqual(refused.report.errors, [{ key: "(program)", message: expected }]);
    assert.deepEqual(refused.report.resources, []);
  });

  it("names the zones of Adobe's service the load balancer has no subnet in", () => {
    const subnets: SubnetZone[] = [
      { id: "subnet-a", zone: "us-east-1a", zoneId: "use1-az1" },
      { id: "subnet-b", zone: "us-east-1b", zoneId: "use1-az2" },
    ];
    const placement = placeLoadBalancer(subnets);
    assert.deepEqual(uncoveredZones(placement, subnets, ["us-east-1c", "us-east-1a", "us-east-1d"]), ["us-east-1c", "us-east-1d"]);
    assert.deepEqual(uncoveredZones(placement, subnets, ["us-east-1b"]), []);
  });
});

describe("AWS PrivateLink: quotas refused, never re-keyed; names unique by construction", () => {
  const problems = (config: StackConfig): string[] => {
    const result = validateConfig(toPulumiConfig(config));
    return result.ok ? [] : result.problems.map((p) => `${p.key}: ${p.rule}`);
  };

  it("adding a port changes no other rule's name or inputs, up to the quota; past it the config is refused", async () => {
    const at = (n: number): StackConfig => withPorts(exampleStack("aws-unidirectional"), "aws", n, true);
    const before = await plan(at(59));
    const after = await plan(at(60));
    const diff = difference(before, after);
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(diff.changed, []);
    assert.equal(diff.added.length, 1);
    assert.deepEqual(problems(at(61)), [
      "adobe.ports: needs 61 security group rules (one per port and network.clientCidrs block), over the quota of 60 inbound rules per group",
    ]);
  });

  it("every rule description stays within AWS's 255 characters and every name is unique per type, in every example and generated plan", async () => {
    const configs = [
      uniNoService(),
      uni(),
      biNothingFromAdobe(),
      biService(),
      bi(),
      withPorts(exampleStack("aws-unidirectional"), "aws", 60, false),
      generatedServices(exampleStack("aws-bidirectional"), "aws", 50),
    ];
    for (const config of configs) {
      const p = await plan(config);
      const urns = p.resources.map((r) => `${r.type}::${r.name}`);
      assert.equal(new Set(urns).size, urns.length);
      for (const r of p.resources) {
        if (typeof r.inputs.description === "string") assert.ok(r.inputs.description.length <= 255, r.name);
      }
    }
  });

  it("refuses AWS tag limits: the Name key and more than 49 tags", () => {
    const config = clone(bi());
    config["commerce-privatelink:tags"] = { Name: "x", ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"])) };
    assert.deepEqual(problems(config), [
      "tags: AWS allows 50 tags per resource and every resource also gets its Name tag",
      "tags.Name: is set by the program on every resource (its readable name)",
    ]);
  });

  it("accepts a connection id of 8 or 17 hex digits and refuses other shapes", () => {
    const withConnection = (id: string): StackConfig => withAdobe(bi(), (adobe) => (adobe.connections = [id]));
    assert.deepEqual(problems(withConnection("vpce-0a1b2c3d")), []);
    assert.deepEqual(problems(withConnection("vpce-0a1b2c3d4e5f6")), [
      "adobe.connections[0]: is not a VPC endpoint id (vpce- and 8 or 17 hex digits)",
    ]);
  });
});

describe("AWS PrivateLink: renames keep identity through formerName", () => {
  it("a renamed port keeps its rules (aliases to the former names), with only the description and Name tag changing", async () => {
    const p = await plan(withAdobe(bi(), (adobe) => (adobe.ports[1] = { name: "files", port: 2222, formerName: "sftp" })));
    for (const cidr of ["10-20-0-0-16", "10-30-8-0-22"]) {
      assert.deepEqual(p.options.get(`privatelink-to-adobe-ingress-files-${cidr}`)?.aliases, [
        { name: `privatelink-to-adobe-ingress-sftp-${cidr}` },
      ]);
    }
    assert.equal(p.options.get("privatelink-to-adobe-ingress-mysql-10-20-0-0-16")?.aliases, undefined);
  });

  it("a renamed service keeps its target group, listener, attachments and egress rules", async () => {
    const p = await plan(
      withServices(bi(), (services) => services.map((s) => (s.name === "pim-api" ? { ...s, name: "pim", formerName: "pim-api" } : s))),
    );
    // The SDK adds its own type aliases to the load balancer resources; the name alias is the program's.
    const alias = (name: string): unknown =>
      p.options.get(name)?.aliases?.filter((a) => typeof a === "object" && a !== null && "name" in a);
    assert.deepEqual(alias("privatelink-from-adobe-tg-pim"), [{ name: "privatelink-from-adobe-tg-pim-api" }]);
    assert.deepEqual(alias("privatelink-from-adobe-listener-pim"), [{ name: "privatelink-from-adobe-listener-pim-api" }]);
    assert.deepEqual(alias("privatelink-from-adobe-target-pim-10-20-1-40"), [{ name: "privatelink-from-adobe-target-pim-api-10-20-1-40" }]);
    assert.deepEqual(alias("privatelink-from-adobe-egress-pim-10-20-1-40"), [{ name: "privatelink-from-adobe-egress-pim-api-10-20-1-40" }]);
    assert.deepEqual(alias("privatelink-from-adobe-tg-erp-db"), []);
  });

  it("refuses a formerName that is another entry's current name, repeated, or on Azure", () => {
    const result = validateConfig(
      toPulumiConfig(
        withAdobe(bi(), (adobe) => {
          adobe.ports[1].formerName = "mysql";
        }),
      ),
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => [p.key, p.rule]),
      [["adobe.ports[1].formerName", "is the current name of adobe.ports[0]: two entries cannot share one identity"]],
    );
  });

  it("the README's safe-change table says renames keep identity with formerName, as the program does", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    const row = readme.split("\n").find((line) => line.startsWith("| AWS: rename an entry of `adobe.ports` or `services`"));
    assert.ok(row, "the README has the AWS rename row");
    assert.match(row, /`formerName: <old name>`/);
    assert.match(row, /aliases/);
  });
});

describe("AWS PrivateLink: the handshake's exact steps for the Adobe -> customer leg", () => {
  it("gives the target security group rule per service with the load balancer's group, and the teardown with the real ids", async () => {
    const p = await plan(bi());
    const leg = p.outputs.handshake.legs["adobe-to-customer"];
    const group = named(p, "privatelink-from-adobe-lb-sg").id;
    const serviceId = named(p, "privatelink-from-adobe-service").id;
    assert.deepEqual(leg.targetSecurityGroupRules, [
      `aws ec2 authorize-security-group-ingress --region us-east-1 --group-id <security group of 10.20.1.15, 10.20.2.15> --ip-permissions 'IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{GroupId=${group},Description="Adobe Commerce PrivateLink erp-db"}]'`,
      `aws ec2 authorize-security-group-ingress --region us-east-1 --group-id <security group of 10.20.1.40> --ip-permissions 'IpProtocol=tcp,FromPort=8443,ToPort=8443,UserIdGroupPairs=[{GroupId=${group},Description="Adobe Commerce PrivateLink pim-api"}]'`,
    ]);
    assert.ok(
      leg.teardown.includes(
        `aws ec2 reject-vpc-endpoint-connections --region us-east-1 --service-id ${serviceId} --vpc-endpoint-ids ${BI_CONNECTION};`,
      ),
      leg.teardown,
    );
    assert.match(leg.teardown, /with protect: true also set protect: false and run pulumi up once before the change that deletes\.$/);
  });

  it("before Adobe's connection is configured, says to add it only once it shows pendingAcceptance, and rejects whatever is listed", async () => {
    const p = await plan(biService());
    const leg = p.outputs.handshake.legs["adobe-to-customer"];
    assert.match(leg.next, /add it to adobe\.connections only once it shows pendingAcceptance \(aws ec2 describe-vpc-endpoint-connections/);
    assert.match(leg.teardown, /\| xargs -r aws ec2 reject-vpc-endpoint-connections --region us-east-1 --service-id vpce-svc-/);
  });

  it("verify's adobe-to-customer targets are the service targets on their target ports", async () => {
    const p = await plan(bi());
    const targets = (p.outputs.verification.targets as { leg: string; host: string; port: number }[]).filter(
      (t) => t.leg === "adobe-to-customer",
    );
    assert.deepEqual(
      targets.map((t) => `${t.host}:${t.port}`),
      ["10.20.1.15:5432", "10.20.2.15:5432", "10.20.1.40:8443"],
    );
  });
});
