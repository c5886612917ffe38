import assert from "node:assert/strict";
import type { Settings } from "../config/settings";
import { validateConfig } from "../config/validate";
import type { FromAdobeFacts, LinkFacts, ToAdobeFacts } from "../handshake/facts";
import type { StackOutputValues } from "../handshake/outputs";
import { handshake } from "../handshake/state";
import { enablementRequest } from "../handshake/ticket";
import { verification } from "../handshake/verification";
import { mockConnectionStates, resetMockAzure } from "../tools/mock-rules-azure";
import { toPulumiConfig } from "../tools/stackfile";
import { clone, exampleStack, plan } from "./harness";

function settingsOf(stack: string, change: (adobe: Record<string, unknown>) => void = () => undefined): Settings {
  const config = clone(exampleStack(stack));
  change(config["commerce-privatelink:adobe"] as Record<string, unknown>);
  const result = validateConfig(toPulumiConfig(config));
  assert.ok(result.ok);
  return result.settings;
}

const AWS_ACCOUNT = "123456789012";
const SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";
const VPCE = "vpce-0123456789abcdef0";
const AWS_HOST = `${VPCE}-abcd1234.vpce-svc-0f9e8d7c6b5a41302.us-east-1.vpce.amazonaws.com`;
const AWS_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0aaaabbbbccccdddd";
const LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/privatelink-nlb/0123456789abcdef";
const PE_ID =
  "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-commerce-link/providers/Microsoft.Network/privateEndpoints/pe";
const PLS_ID =
  "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-commerce-link/providers/Microsoft.Network/privateLinkServices/pls";
const PLS_ALIAS = "pls.12345678-1234-4234-8234-123456789012.eastus.azure.privatelinkservice";
const ENDPOINT_SUBNET =
  "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-commerce/subnets/snet-privatelink";
const NSG_ID =
  "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-commerce-link/providers/Microsoft.Network/networkSecurityGroups/nsg";
const AZ_LB =
  "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-commerce-link/providers/Microsoft.Network/loadBalancers/lb";

type Phase = "awaiting-adobe-service" | "awaiting-adobe-approval" | "connected";

function toAdobeFacts(cloud: "aws" | "azure", phase: Phase): ToAdobeFacts {
  if (phase === "awaiting-adobe-service")
    return { endpointId: undefined, hosts: [], securityGroupId: undefined, connectionState: undefined, state: phase };
  const connectionState =
    cloud === "aws" ? (phase === "connected" ? "available" : "pendingAcceptance") : phase === "connected" ? "Approved" : "Pending";
  return cloud === "aws"
    ? {
        endpointId: VPCE,
        hosts: [AWS_HOST, `${VPCE}-abcd1234-us-east-1a.vpce-svc-0f9e8d7c6b5a41302.us-east-1.vpce.amazonaws.com`],
        securityGroupId: "sg-0123456789abcdef0",
        connectionState,
        state: phase,
      }
    : { endpointId: PE_ID, hosts: ["10.40.3.7"], securityGroupId: NSG_ID, connectionState, state: phase };
}

function fromAdobeFacts(cloud: "aws" | "azure", accepted: readonly string[]): FromAdobeFacts {
  return cloud === "aws"
    ? {
        serviceName: AWS_SERVICE,
        serviceId: "vpce-svc-0aaaabbbbccccdddd",
        allowedConsumers: ["arn:aws:iam::402592597372:root"],
        loadBalancerAddress: "privatelink-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com",
        loadBalancerId: LB_ARN,
        zoneIds: ["use1-az1", "use1-az2"],
        acceptedConnections: accepted,
        state: accepted.length > 0 ? "accepted" : "awaiting-adobe-connection",
      }
    : {
        serviceName: PLS_ALIAS,
        serviceId: PLS_ID,
        allowedConsumers: ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
        loadBalancerAddress: "10.40.9.4",
        loadBalancerId: AZ_LB,
        zoneIds: [],
        acceptedConnections: accepted,
        // Read back from Azure: the named connections are Approved.
        connectionStates: Object.fromEntries(accepted.map((name) => [name, "Approved"])),
        state: accepted.length > 0 ? "accepted" : "awaiting-adobe-connection",
      };
}

describe("enablement request", () => {
  it("writes the AWS bidirectional ticket with the customer's endpoint service and Adobe's access read back", () => {
    const settings = settingsOf("aws-bidirectional");
    const facts: LinkFacts = {
      accountId: AWS_ACCOUNT,
      toAdobe: toAdobeFacts("aws", "awaiting-adobe-approval"),
      fromAdobe: fromAdobeFacts("aws", []),
    };
    const ticket = enablementRequest(settings, facts);
    assert.equal(ticket.subject, "PrivateLink support for Acme Corp");
    assert.deepEqual(ticket.fields, {
      cloudAccount: AWS_ACCOUNT,
      region: "us-east-1",
      servicesAndPorts: [
        { name: "mysql", port: 3306 },
        { name: "sftp", port: 2222 },
      ],
      projectId: "abcdef1234567",
      connectionType: "bidirectional",
      environment: "production",
      clusterId: "abcdef1234567-production-x7k2",
      endpointService: AWS_SERVICE,
      endpointServiceAccessGranted: true,
      availabilityZoneIds: ["use1-az1", "use1-az2"],
      customerServices: [
        { name: "erp-db", port: 5432 },
        { name: "pim-api", port: 8443 },
      ],
    });
    assert.deepEqual(ticket.missing, []);
    assert.equal(
      ticket.text,
      [
        "Subject: PrivateLink support for Acme Corp",
        "",
        "Please enable bidirectional PrivateLink between our AWS account and our Adobe Commerce on cloud infrastructure Pro production environment.",
        "",
        "Customer cloud account (AWS account number): 123456789012",
        "Cloud region: us-east-1",
        "Services and ports to open on the Adobe Commerce cluster: mysql 3306/tcp, sftp 2222/tcp",
        "Project ID: abcdef1234567",
        "Connection type: bidirectional",
        "Environment: production",
        "Cluster ID: abcdef1234567-production-x7k2",
        `Endpoint service for Adobe to connect to: ${AWS_SERVICE}`,
        "Endpoint service access granted to arn:aws:iam::402592597372:root: yes",
        "Availability zone IDs of the endpoint service: use1-az1, use1-az2",
        "Our services Adobe connects to: erp-db 5432/tcp, pim-api 8443/tcp",
      ].join("\n"),
    );
  });

  it("derives access granted from the resource: a service without Adobe's principal is reported, not asserted", () => {
    const settings = settingsOf("aws-bidirectional");
    const fromAdobe = { ...fromAdobeFacts("aws", []), allowedConsumers: ["arn:aws:iam::111111111111:root"] };
    const ticket = enablementRequest(settings, {
      accountId: AWS_ACCOUNT,
      toAdobe: toAdobeFacts("aws", "awaiting-adobe-service"),
      fromAdobe,
    });
    assert.equal(ticket.fields.endpointServiceAccessGranted, false);
    assert.deepEqual(ticket.missing, [
      `Endpoint service access: arn:aws:iam::402592597372:root is not an allowed principal of ${AWS_SERVICE}`,
    ]);
    assert.match(ticket.text, /access granted to arn:aws:iam::402592597372:root: no\n/);
  });

  it("lists an unknown cluster id as missing instead of inventing one", () => {
    const settings = settingsOf("aws-unidirectional", (adobe) => delete adobe.clusterId);
    const ticket = enablementRequest(settings, {
      accountId: AWS_ACCOUNT,
      toAdobe: toAdobeFacts("aws", "awaiting-adobe-service"),
      fromAdobe: undefined,
    });
    assert.equal(ticket.fields.clusterId, undefined);
    assert.deepEqual(ticket.missing, ["Cluster ID: run `cat /etc/platform_cluster` on the cluster over SSH, then set adobe.clusterId"]);
    assert.match(ticket.text, /\nCluster ID: \(missing\)\n/);
    assert.match(ticket.text, /\n\nMissing before this ticket can be sent:\n- Cluster ID: /);
    assert.equal(ticket.fields.endpointService, undefined, "unidirectional tickets name no customer endpoint service");
  });

  it("writes the Azure bidirectional ticket with ports to expose, subscription ids and Private Link Service ids", () => {
    const settings = settingsOf("azure-bidirectional");
    const ticket = enablementRequest(settings, {
      accountId: SUBSCRIPTION,
      toAdobe: toAdobeFacts("azure", "connected"),
      fromAdobe: fromAdobeFacts("azure", []),
    });
    assert.deepEqual(ticket.fields, {
      cloudAccount: SUBSCRIPTION,
      region: "eastus",
      servicesAndPorts: [
        { name: "mysql", port: 3306 },
        { name: "sftp", port: 2222 },
      ],
      projectId: "abcdef1234567",
      connectionType: "bidirectional",
      environment: "staging",
      clusterId: "abcdef1234567-staging-k3p9",
      portsToExpose: [
        { name: "mysql", port: 3306 },
        { name: "sftp", port: 2222 },
      ],
      azureSubscriptionIds: [SUBSCRIPTION],
      privateLinkServiceIds: [PLS_ID],
      privateLinkServiceAlias: PLS_ALIAS,
      customerServices: [
        { name: "erp-db", port: 5432 },
        { name: "pim-api", port: 8443 },
      ],
    });
    assert.match(ticket.text, /^Customer cloud account \(Azure subscription ID\): 11111111-2222-4333-8444-555555555555$/m);
    assert.match(ticket.text, /^Ports on the Pro cluster to expose to our private endpoint: mysql 3306\/tcp, sftp 2222\/tcp$/m);
    assert.match(ticket.text, new RegExp(`^Private Link Service resource IDs for Adobe to connect to: ${PLS_ID}$`, "m"));
    assert.doesNotMatch(ticket.text, /Endpoint service/);
  });

  it("writes the Azure unidirectional ticket without customer services", () => {
    const settings = settingsOf("azure-unidirectional");
    const ticket = enablementRequest(settings, {
      accountId: SUBSCRIPTION,
      toAdobe: toAdobeFacts("azure", "awaiting-adobe-service"),
      fromAdobe: undefined,
    });
    assert.equal(ticket.fields.privateLinkServiceIds, undefined);
    assert.equal(ticket.fields.customerServices, undefined);
    assert.deepEqual(ticket.fields.azureSubscriptionIds, [SUBSCRIPTION]);
  });
});

describe("handshake", () => {
  const expected: Record<
    string,
    { cloud: "aws" | "azure"; phase: Phase; accepted: string[]; to: [string, RegExp]; from?: [string, RegExp]; next: "to" | "from" }
  > = {
    "aws unidirectional before Adobe's service": {
      cloud: "aws",
      phase: "awaiting-adobe-service",
      accepted: [],
      to: ["2", /set adobe\.endpointService .* pulumi up \(step 3\)/],
      next: "to",
    },
    "aws unidirectional awaiting approval": {
      cloud: "aws",
      phase: "awaiting-adobe-approval",
      accepted: [],
      to: ["4", new RegExp(`endpoint ${VPCE}; .*npm run verify \\(step 5\\)`)],
      next: "to",
    },
    "aws unidirectional connected": {
      cloud: "aws",
      phase: "connected",
      accepted: [],
      to: ["5", /test every port: pulumi stack output --json \| npm run verify/],
      next: "to",
    },
    "azure unidirectional before Adobe's service": {
      cloud: "azure",
      phase: "awaiting-adobe-service",
      accepted: [],
      to: ["2", /set adobe\.privateLinkService/],
      next: "to",
    },
    "aws bidirectional before anything": {
      cloud: "aws",
      phase: "awaiting-adobe-service",
      accepted: [],
      to: ["2", /Step 1: send the enablementRequest ticket/],
      from: ["6", new RegExp(`Adobe connects to endpoint service ${AWS_SERVICE}; when Adobe sends its endpoint id .*adobe\\.connections`)],
      next: "to",
    },
    "aws bidirectional connected, awaiting Adobe's connection": {
      cloud: "aws",
      phase: "connected",
      accepted: [],
      to: ["5", /npm run verify/],
      from: ["6", /add it to adobe\.connections/],
      next: "from",
    },
    "azure bidirectional connected and accepted": {
      cloud: "azure",
      phase: "connected",
      accepted: ["pe-adobe.5f0e1d2c"],
      to: ["5", /npm run verify/],
      from: ["6", /Adobe's connection pe-adobe\.5f0e1d2c is Approved \(read back\); ask Adobe Support to verify/],
      next: "to",
    },
    "azure bidirectional awaiting approval": {
      cloud: "azure",
      phase: "awaiting-adobe-approval",
      accepted: [],
      to: ["4", new RegExp(`endpoint ${PE_ID.replace(/\//g, "\\/")};`)],
      from: ["6", /private endpoint connection name, add it to adobe\.connections/],
      next: "to",
    },
  };

  for (const [name, c] of Object.entries(expected)) {
    it(`gives each leg's state, step and next action: ${name}`, () => {
      const stack = `${c.cloud}-${c.from ? "bidirectional" : "unidirectional"}`;
      const settings = settingsOf(stack);
      const facts: LinkFacts = {
        accountId: c.cloud === "aws" ? AWS_ACCOUNT : SUBSCRIPTION,
        toAdobe: toAdobeFacts(c.cloud, c.phase),
        fromAdobe: c.from ? fromAdobeFacts(c.cloud, c.accepted) : undefined,
      };
      const h = handshake(settings, facts);
      const to = h.legs["customer-to-adobe"];
      assert.ok(to);
      assert.equal(to.state, c.phase);
      assert.equal(to.step, c.to[0]);
      assert.match(to.next, c.to[1]);
      const from = h.legs["adobe-to-customer"];
      if (c.from) {
        assert.ok(from);
        assert.equal(from.state, c.accepted.length > 0 ? "accepted" : "awaiting-adobe-connection");
        assert.equal(from.step, c.from[0]);
        assert.match(from.next, c.from[1]);
        assert.equal(h.next, c.next === "to" ? to.next : from.next);
      } else {
        assert.equal(from, undefined);
        assert.equal(h.next, to.next);
      }
    });
  }

  describe("Azure steps the program cannot take as code, with the real ids", () => {
    const ASG =
      "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-commerce-link/providers/Microsoft.Network/applicationSecurityGroups/asg";
    const THEIR_NSG =
      "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-network/providers/Microsoft.Network/networkSecurityGroups/nsg-apps";
    const POOL = `${AZ_LB}/backendAddressPools/erp-db`;
    const NIC =
      "/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-apps/providers/Microsoft.Network/networkInterfaces/vm-1-nic/ipConfigurations/ipconfig1";

    function pending(subnet: { networkSecurityGroupId: string | undefined; privateEndpointNetworkPolicies: string | undefined }): string {
      return handshake(settingsOf("azure-unidirectional"), {
        accountId: SUBSCRIPTION,
        toAdobe: toAdobeFacts("azure", "awaiting-adobe-approval"),
        fromAdobe: undefined,
        azureSetup: { endpointSubnet: subnet, applicationSecurityGroupId: ASG, poolMemberships: [] },
      }).next;
    }

    it("associates the stack's NSG only with a subnet that has none, turning on NSG network policies", () => {
      assert.ok(
        pending({ networkSecurityGroupId: undefined, privateEndpointNetworkPolicies: "Disabled" }).endsWith(
          ` Once, so that only network.clientCidrs reach the endpoint: az network vnet subnet update --ids ${ENDPOINT_SUBNET} --network-security-group ${NSG_ID} --private-endpoint-network-policies NetworkSecurityGroupEnabled.`,
        ),
      );
    });

    it("adds the endpoint's rules to the NSG the subnet already has instead of replacing it", () => {
      const next = pending({ networkSecurityGroupId: THEIR_NSG, privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled" });
      assert.doesNotMatch(next, /--network-security-group/, "a subnet has one NSG: associating another would replace it");
      const target =
        "az network nsg rule create --subscription 3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b --resource-group rg-network --nsg-name nsg-apps";
      assert.ok(
        next.includes(
          `${target} --name allow-sftp --priority 2321 --direction Inbound --access Allow --protocol "Tcp" --source-address-prefixes "10.40.0.0/16" --source-port-ranges "*" --destination-asgs ${ASG} --destination-port-ranges "2222"`,
        ),
        next,
      );
      assert.ok(
        next.includes(
          `${target} --name deny-other --priority 4096 --direction Inbound --access Deny --protocol "*" --source-address-prefixes "*"`,
        ),
        next,
      );
      assert.equal(next.match(/az network nsg rule create/g)?.length, 3, "one per port and the final deny");
    });

    it("says nothing once the subnet has the stack's NSG and NSG network policies, and keeps route tables when they are on", () => {
      assert.doesNotMatch(pending({ networkSecurityGroupId: NSG_ID, privateEndpointNetworkPolicies: "Enabled" }), /Once/);
      assert.ok(
        pending({ networkSecurityGroupId: NSG_ID, privateEndpointNetworkPolicies: "RouteTableEnabled" }).endsWith(
          `az network vnet subnet update --ids ${ENDPOINT_SUBNET} --private-endpoint-network-policies Enabled.`,
        ),
      );
    });

    it("says nothing about NSGs before the endpoint exists, nor on AWS", () => {
      const before = handshake(settingsOf("azure-unidirectional"), {
        accountId: SUBSCRIPTION,
        toAdobe: toAdobeFacts("azure", "awaiting-adobe-service"),
        fromAdobe: undefined,
      });
      assert.doesNotMatch(before.next, /network security group/);
      const aws = handshake(settingsOf("aws-unidirectional"), {
        accountId: AWS_ACCOUNT,
        toAdobe: toAdobeFacts("aws", "connected"),
        fromAdobe: undefined,
      });
      assert.doesNotMatch(aws.next, /network security group/);
    });

    function fromLeg(connectionStates: Record<string, string>, state: FromAdobeFacts["state"], change?: (c: any) => void): string {
      const config = clone(exampleStack("azure-bidirectional"));
      change?.(config);
      const result = validateConfig(toPulumiConfig(config));
      assert.ok(result.ok);
      const h = handshake(result.settings, {
        accountId: SUBSCRIPTION,
        toAdobe: toAdobeFacts("azure", "connected"),
        fromAdobe: { ...fromAdobeFacts("azure", ["pe-adobe.5f0e1d2c"]), connectionStates, state },
        azureSetup: { poolMemberships: [{ service: "erp-db", poolId: POOL, ipConfigurationId: NIC }] },
      });
      return h.legs["adobe-to-customer"]?.next ?? "";
    }

    it("approves a named connection that Azure reports Pending with the exact az command, and adds the hosts to their pools", () => {
      const next = fromLeg({ "pe-adobe.5f0e1d2c": "Pending", "pe-other.1": "Pending" }, "awaiting-customer-approval");
      assert.ok(
        next.startsWith(
          'Step 6: approve Adobe\'s connection: az network private-link-service connection update --subscription 11111111-2222-4333-8444-555555555555 --resource-group rg-commerce-link --service-name pls --name pe-adobe.5f0e1d2c --connection-status Approved --description "Approved for Adobe Commerce"; then run pulumi up --refresh (a refresh alone reads the approval but does not recompute these outputs), and fromAdobe.state reads accepted.',
        ),
        next,
      );
      assert.ok(
        next.includes(
          `az network nic ip-config address-pool add --subscription 3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b --resource-group rg-apps --nic-name vm-1-nic --ip-config-name ipconfig1 --address-pool ${POOL}`,
        ),
        next,
      );
      assert.ok(next.endsWith("Connections on the service not in adobe.connections: pe-other.1 (Pending)."), next);
    });

    it("waits on Adobe's subscription IDs in phase 1 of a bidirectional stack, and the ticket lists them as missing", () => {
      const next = fromLeg({}, "awaiting-adobe-connection", (c) => delete c["commerce-privatelink:adobe"].subscriptionIds);
      assert.match(
        next,
        /^Step 6 waits on Adobe: ask Adobe Support for the Azure subscription IDs its private endpoints connect from \(enablementRequest\.missing\), set adobe\.subscriptionIds/,
      );
      const config = clone(exampleStack("azure-bidirectional"));
      delete (config["commerce-privatelink:adobe"] as any).subscriptionIds;
      const result = validateConfig(toPulumiConfig(config));
      assert.ok(result.ok);
      const ticket = enablementRequest(result.settings, {
        accountId: SUBSCRIPTION,
        toAdobe: toAdobeFacts("azure", "connected"),
        fromAdobe: fromAdobeFacts("azure", []),
      });
      assert.deepEqual(ticket.missing, [
        "Adobe's Azure subscription IDs (Adobe sends them): the subscriptions Adobe's private endpoints connect from; set adobe.subscriptionIds and run pulumi up, until then no subscription can see the Private Link Service",
      ]);
    });
  });

  it("names the provider's state when Adobe rejects the endpoint", () => {
    const facts: LinkFacts = {
      accountId: AWS_ACCOUNT,
      toAdobe: { endpointId: VPCE, hosts: [], securityGroupId: "sg-0123456789abcdef0", connectionState: "rejected", state: "failed" },
      fromAdobe: undefined,
    };
    const h = handshake(settingsOf("aws-unidirectional"), facts);
    assert.equal(
      h.legs["customer-to-adobe"]?.next,
      `Adobe has not approved endpoint ${VPCE} (state rejected): update the support ticket with the endpoint id and ask Adobe to approve it (step 4).`,
    );
  });
});

describe("verification", () => {
  it("targets every Adobe port on the regional DNS name and every customer service target on its target port (AWS)", () => {
    const settings = settingsOf("aws-bidirectional");
    const v = verification(settings, {
      accountId: AWS_ACCOUNT,
      toAdobe: toAdobeFacts("aws", "connected"),
      fromAdobe: fromAdobeFacts("aws", ["vpce-0f1e2d3c4b5a69788"]),
    });
    // The load balancer's group admits PrivateLink traffic only, so a customer host tests the targets.
    assert.deepEqual(v.targets, [
      { leg: "customer-to-adobe", service: "mysql", host: AWS_HOST, port: 3306, curl: `curl -v telnet://${AWS_HOST}:3306/` },
      { leg: "customer-to-adobe", service: "sftp", host: AWS_HOST, port: 2222, curl: `curl -v telnet://${AWS_HOST}:2222/` },
      { leg: "adobe-to-customer", service: "erp-db", host: "10.20.1.15", port: 5432, curl: "curl -v telnet://10.20.1.15:5432/" },
      { leg: "adobe-to-customer", service: "erp-db", host: "10.20.2.15", port: 5432, curl: "curl -v telnet://10.20.2.15:5432/" },
      { leg: "adobe-to-customer", service: "pim-api", host: "10.20.1.40", port: 8443, curl: "curl -v telnet://10.20.1.40:8443/" },
    ]);
    assert.deepEqual(v.cloudChecks, [
      `aws ec2 describe-vpc-endpoints --region us-east-1 --vpc-endpoint-ids ${VPCE} --query "VpcEndpoints[].State" --output text`,
      'aws ec2 describe-vpc-endpoint-connections --region us-east-1 --filters Name=service-id,Values=vpce-svc-0aaaabbbbccccdddd --query "VpcEndpointConnections[].[VpcEndpointId,VpcEndpointState]" --output text',
      'aws ec2 describe-vpc-endpoint-service-permissions --region us-east-1 --service-id vpce-svc-0aaaabbbbccccdddd --query "AllowedPrincipals[].Principal" --output text',
      `aws elbv2 describe-target-groups --region us-east-1 --load-balancer-arn ${LB_ARN} --query "TargetGroups[].TargetGroupArn" --output text | xargs -n1 aws elbv2 describe-target-health --region us-east-1 --query "TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]" --output text --target-group-arn`,
    ]);
    assert.deepEqual(v.adobeSupportSteps, [
      "magento-cloud environment:checkout <environment-id>",
      "curl -v telnet://<Adobe's endpoint DNS name>:5432/   # erp-db",
      "curl -v telnet://<Adobe's endpoint DNS name>:8443/   # pim-api",
      "netstat -na | grep 5432   # on each erp-db target: 10.20.1.15, 10.20.2.15",
      "netstat -na | grep 8443   # on each pim-api target: 10.20.1.40",
      "tcpdump -i <ethernet-interface> -tt -nn port 5432   # on each erp-db target",
      "tcpdump -i <ethernet-interface> -tt -nn port 8443   # on each pim-api target",
    ]);
  });

  it("has no customer -> Adobe target and no endpoint check before Adobe's service exists", () => {
    const v = verification(settingsOf("aws-unidirectional"), {
      accountId: AWS_ACCOUNT,
      toAdobe: toAdobeFacts("aws", "awaiting-adobe-service"),
      fromAdobe: undefined,
    });
    assert.deepEqual(v, { targets: [], adobeSupportSteps: [], cloudChecks: [] });
  });

  it("targets the private endpoint IP and the load balancer frontend, with az checks (Azure)", () => {
    const settings = settingsOf("azure-bidirectional");
    const v = verification(settings, {
      accountId: SUBSCRIPTION,
      toAdobe: toAdobeFacts("azure", "awaiting-adobe-approval"),
      fromAdobe: fromAdobeFacts("azure", []),
      azureSetup: {
        poolMemberships: ["vm-1", "vm-2"].map((vm) => ({
          service: "erp-db",
          poolId: `${AZ_LB}/backendAddressPools/erp-db`,
          ipConfigurationId: `/subscriptions/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-apps/providers/Microsoft.Network/networkInterfaces/${vm}-nic/ipConfigurations/ipconfig1`,
        })),
      },
    });
    assert.deepEqual(
      v.targets.map((t) => [t.leg, t.service, t.host, t.port]),
      [
        ["customer-to-adobe", "mysql", "10.40.3.7", 3306],
        ["customer-to-adobe", "sftp", "10.40.3.7", 2222],
        ["adobe-to-customer", "erp-db", "10.40.9.4", 5432],
        ["adobe-to-customer", "pim-api", "10.40.9.4", 8443],
      ],
    );
    assert.deepEqual(v.cloudChecks, [
      `az network private-endpoint show --ids ${PE_ID} --query "manualPrivateLinkServiceConnections[].privateLinkServiceConnectionState.status" --output tsv`,
      `az network vnet subnet show --ids ${ENDPOINT_SUBNET} --query "[networkSecurityGroup.id, privateEndpointNetworkPolicies]" --output tsv`,
      `az network private-link-service show --ids ${PLS_ID} --query "privateEndpointConnections[].[name,privateLinkServiceConnectionState.status]" --output tsv`,
      `az network lb address-pool show --ids ${AZ_LB}/backendAddressPools/erp-db --query "backendIPConfigurations[].id" --output tsv`,
      `az monitor metrics list --resource ${AZ_LB} --metric DipAvailability --filter "BackendIPAddress eq '*' and BackendPort eq '*'" --interval PT1M --output table`,
    ]);
  });
});

describe("handshake outputs of the program, for every cloud x topology x phase", () => {
  const K = (key: string): string => `commerce-privatelink:${key}`;
  type Phase = "1 request" | "2 connect" | "3 Adobe connected back";
  const phases = (topology: string): Phase[] =>
    topology === "bidirectional" ? ["1 request", "2 connect", "3 Adobe connected back"] : ["1 request", "2 connect"];

  for (const cloud of ["aws", "azure"] as const) {
    for (const topology of ["unidirectional", "bidirectional"] as const) {
      for (const phase of phases(topology)) {
        it(`${cloud} ${topology}, phase ${phase}: ticket, leg states, next step and targets`, async () => {
          const config = clone(exampleStack(`${cloud}-${topology}`));
          const adobe = config[K("adobe")] as Record<string, unknown>;
          if (phase === "1 request") {
            delete adobe.endpointService;
            delete adobe.privateLinkService;
          }
          if (phase !== "3 Adobe connected back") delete adobe.connections;
          // Azure reads the connection's status back: in phase 3 the customer has approved it.
          if (cloud === "azure" && phase === "3 Adobe connected back") {
            for (const name of adobe.connections as string[]) mockConnectionStates.set(name, "Approved");
          }
          // The program's own output type: a renamed or retyped field fails the type check here.
          const outputs: StackOutputValues = (await plan(config).finally(resetMockAzure)).outputs;
          const bidirectional = topology === "bidirectional";

          const ticket = outputs.enablementRequest;
          assert.equal(ticket.subject, "PrivateLink support for Acme Corp");
          assert.equal(ticket.fields.connectionType, topology);
          assert.equal(ticket.fields.cloudAccount, outputs.accountId);
          assert.deepEqual(ticket.missing, []);
          assert.equal(ticket.text.split("\n")[0], "Subject: PrivateLink support for Acme Corp");
          if (cloud === "aws") {
            assert.equal(ticket.fields.endpointServiceAccessGranted, bidirectional ? true : undefined);
            assert.equal(ticket.fields.endpointService, outputs.fromAdobe?.serviceName);
          } else {
            assert.deepEqual(ticket.fields.azureSubscriptionIds, [outputs.accountId]);
            assert.deepEqual(ticket.fields.privateLinkServiceIds, outputs.fromAdobe && [outputs.fromAdobe.serviceId]);
          }

          const legs = outputs.handshake.legs;
          const toLeg = legs["customer-to-adobe"];
          assert.ok(toLeg);
          const toState = phase === "1 request" ? "awaiting-adobe-service" : "awaiting-adobe-approval";
          assert.equal(toLeg.state, toState);
          assert.equal(toLeg.step, phase === "1 request" ? "2" : "4");
          assert.equal(outputs.toAdobe.state, toState);
          if (bidirectional) {
            const fromState = phase === "3 Adobe connected back" ? "accepted" : "awaiting-adobe-connection";
            const fromLeg = legs["adobe-to-customer"];
            assert.ok(fromLeg);
            assert.equal(fromLeg.state, fromState);
            assert.equal(fromLeg.step, "6");
            assert.equal(outputs.fromAdobe?.state, fromState);
          } else {
            assert.equal(legs["adobe-to-customer"], undefined);
            assert.equal(outputs.fromAdobe, undefined);
          }
          assert.equal(outputs.handshake.next, toLeg.next);

          const targets = outputs.verification.targets;
          const toAdobe = targets.filter((t) => t.leg === "customer-to-adobe").map((t) => t.port);
          assert.deepEqual(toAdobe, phase === "1 request" ? [] : [3306, 2222]);
          const fromAdobe = targets.filter((t) => t.leg === "adobe-to-customer").map((t) => t.port);
          // AWS tests each service target (two erp-db targets); Azure the load balancer's frontend.
          assert.deepEqual(fromAdobe, bidirectional ? (cloud === "aws" ? [5432, 5432, 8443] : [5432, 8443]) : []);
          for (const t of targets) assert.match(t.curl, /^curl -v telnet:\/\/\S+:\d+\/$/);
          assert.equal(outputs.verification.adobeSupportSteps.length > 0, bidirectional);
        });
      }
    }
  }
});
