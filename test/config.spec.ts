import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { BIDIRECTIONAL_ONLY_KEYS, CLOUD_ONLY_KEYS, KEYS, PROJECT, STRUCTURED_KEYS, TOP_LEVEL_KEYS } from "../config/keys";
import { PROVIDER_KEYS } from "../config/providers";
import { CONFIG_PROPERTIES, readConfig } from "../policy/config";
import { CLOUDS } from "../rules/adobe";
import { policyConfigOf } from "../tools/plan-policies";
import { ConfigError, type ConfigProblem, formatProblem } from "../config/problems";
import { validateConfig } from "../config/validate";
import { type StackConfig, toPulumiConfig } from "../tools/stackfile";
import { clone, EXAMPLE_STACKS, exampleStack, plan, STACKS_DIR } from "./harness";
import { mocks } from "./setup";

const K = (key: string): string => `${PROJECT}:${key}`;

type Section = Record<string, unknown>;

/** A copy of an example stack with `change` applied to its parsed config. */
function variant(stack: string, change: (c: { top: StackConfig; adobe: Section; network: Section }) => void): StackConfig {
  const top = clone(exampleStack(stack));
  change({ top, adobe: top[K("adobe")] as Section, network: top[K("network")] as Section });
  return top;
}

function problemsOf(config: StackConfig): readonly ConfigProblem[] {
  const result = validateConfig(toPulumiConfig(config));
  if (result.ok) assert.fail("expected the config to be refused");
  return result.problems;
}

interface Case {
  /** What is refused, in words. */
  name: string;
  stack: (typeof EXAMPLE_STACKS)[number];
  change: (c: { top: StackConfig; adobe: Section; network: Section }) => void;
  key: string;
  rule: RegExp;
  fix: RegExp;
}

const AWS = "aws-bidirectional";
const AZURE = "azure-bidirectional";

const cases: Case[] = [
  // cloud, topology, environment, with near misses
  {
    name: "an unknown cloud",
    stack: AWS,
    change: ({ top }) => (top[K("cloud")] = "gcp"),
    key: "cloud",
    rule: /one of aws, azure/,
    fix: /aws, azure/,
  },
  {
    name: "a cloud in capitals",
    stack: AWS,
    change: ({ top }) => (top[K("cloud")] = "AWS"),
    key: "cloud",
    rule: /one of/,
    fix: /write aws/,
  },
  {
    name: "bi-directional",
    stack: AWS,
    change: ({ top }) => (top[K("topology")] = "bi-directional"),
    key: "topology",
    rule: /one of/,
    fix: /write bidirectional/,
  },
  {
    name: "Production",
    stack: AWS,
    change: ({ adobe }) => (adobe.environment = "Production"),
    key: "adobe.environment",
    rule: /one of production, staging/,
    fix: /write production/,
  },
  {
    name: "integration",
    stack: AWS,
    change: ({ adobe }) => (adobe.environment = "integration"),
    key: "adobe.environment",
    rule: /Pro Production and Staging only: integration/,
    fix: /production, staging/,
  },
  {
    name: "starter",
    stack: AWS,
    change: ({ adobe }) => (adobe.environment = "starter"),
    key: "adobe.environment",
    rule: /Starter projects/,
    fix: /production, staging/,
  },
  // regions
  {
    name: "a malformed AWS region",
    stack: AWS,
    change: ({ top }) => (top[K("region")] = "us-east"),
    key: "region",
    rule: /not an AWS commercial region code/,
    fix: /us-east-1/,
  },
  {
    name: "an Azure region with aws",
    stack: AWS,
    change: ({ top }) => (top[K("region")] = "eastus"),
    key: "region",
    rule: /Azure region name, but cloud is aws/,
    fix: /AWS region code/,
  },
  {
    name: "an AWS region with azure",
    stack: AZURE,
    change: ({ top }) => (top[K("region")] = "us-east-1"),
    key: "region",
    rule: /AWS region code, but cloud is azure/,
    fix: /eastus/,
  },
  {
    name: "a display-name Azure region",
    stack: AZURE,
    change: ({ top }) => (top[K("region")] = "East US"),
    key: "region",
    rule: /not an Azure public-cloud region name/,
    fix: /write eastus/,
  },
  // AWS endpoint service
  {
    name: "an endpoint service in another region",
    stack: AWS,
    change: ({ adobe }) => (adobe.endpointService = "com.amazonaws.vpce.eu-west-1.vpce-svc-0f9e8d7c6b5a41302"),
    key: "adobe.endpointService",
    rule: /names region eu-west-1, but region is us-east-1/,
    fix: /us-east-1/,
  },
  {
    name: "an AWS service",
    stack: AWS,
    change: ({ adobe }) => (adobe.endpointService = "com.amazonaws.us-east-1.s3"),
    key: "adobe.endpointService",
    rule: /an AWS service/,
    fix: /com\.amazonaws\.vpce\.us-east-1\.vpce-svc-/,
  },
  {
    name: "a bare endpoint service id",
    stack: AWS,
    change: ({ adobe }) => (adobe.endpointService = "vpce-svc-0f9e8d7c6b5a41302"),
    key: "adobe.endpointService",
    rule: /bare endpoint service id/,
    fix: /write com\.amazonaws\.vpce\.us-east-1\.vpce-svc-0f9e8d7c6b5a41302/,
  },
  {
    name: "an endpoint service DNS name",
    stack: AWS,
    change: ({ adobe }) => (adobe.endpointService = "vpce-svc-0f9e8d7c6b5a41302.us-east-1.vpce.amazonaws.com"),
    key: "adobe.endpointService",
    rule: /DNS name/,
    fix: /com\.amazonaws\.vpce\.us-east-1/,
  },
  {
    name: "a service id with too few hex digits",
    stack: AWS,
    change: ({ adobe }) => (adobe.endpointService = "com.amazonaws.vpce.us-east-1.vpce-svc-0123"),
    key: "adobe.endpointService",
    rule: /not an endpoint service name/,
    fix: /17 hex digits/,
  },
  // Azure Private Link Service
  {
    name: "a PLS that is no resource id or alias",
    stack: AZURE,
    change: ({ adobe }) => (adobe.privateLinkService = "pls-adobe"),
    key: "adobe.privateLinkService",
    rule: /neither a Microsoft\.Network\/privateLinkServices resource id nor/,
    fix: /privateLinkServices/,
  },
  {
    name: "a PLS alias in another region",
    stack: AZURE,
    change: ({ adobe }) =>
      (adobe.privateLinkService = "pls-abcdef1234567.7c9e6679-7425-40de-944b-e07fc1f90ae7.westeurope.azure.privatelinkservice"),
    key: "adobe.privateLinkService",
    rule: /alias in region westeurope, but region is eastus/,
    fix: /eastus/,
  },
  {
    name: "a PLS id of another resource type",
    stack: AZURE,
    change: ({ adobe }) =>
      (adobe.privateLinkService =
        "/subscriptions/7c9e6679-7425-40de-944b-e07fc1f90ae7/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb"),
    key: "adobe.privateLinkService",
    rule: /neither/,
    fix: /privateLinkServices/,
  },
  // GUIDs and ids
  {
    name: "a subscription id that is no GUID",
    stack: AZURE,
    change: ({ adobe }) => (adobe.subscriptionIds = ["7c9e6679"]),
    key: "adobe.subscriptionIds[0]",
    rule: /not a subscription ID/,
    fix: /Adobe's ticket/,
  },
  {
    name: "the nil GUID",
    stack: AZURE,
    change: ({ adobe }) => (adobe.subscriptionIds = ["00000000-0000-0000-0000-000000000000"]),
    key: "adobe.subscriptionIds[0]",
    rule: /nil GUID/,
    fix: /Adobe's ticket/,
  },
  {
    name: "an endpoint id that is no vpce id",
    stack: AWS,
    change: ({ adobe }) => (adobe.connections = ["vpce-123"]),
    key: "adobe.connections[0]",
    rule: /not a VPC endpoint id/,
    fix: /endpoint id/,
  },
  {
    name: "a malformed VPC id",
    stack: AWS,
    change: ({ network }) => (network.vpcId = "vpc-xyz"),
    key: "network.vpcId",
    rule: /vpc-<8 or 17 hex digits>/,
    fix: /vpc-0123456789abcdef0/,
  },
  {
    name: "a malformed subnet id",
    stack: AWS,
    change: ({ network }) => (network.subnetIds = ["subnet-1", "subnet-0a1b2c3d4e5f60002"]),
    key: "network.subnetIds[0]",
    rule: /subnet-<8 or 17 hex digits>/,
    fix: /subnet-/,
  },
  {
    name: "a resource group id instead of a name",
    stack: AZURE,
    change: ({ network }) => (network.resourceGroupName = "/subscriptions/x/resourceGroups/rg."),
    key: "network.resourceGroupName",
    rule: /not a resource group name/,
    fix: /name, not its id/,
  },
  {
    name: "a malformed Azure subnet id",
    stack: AZURE,
    change: ({ network }) => (network.endpointSubnetId = "snet-privatelink"),
    key: "network.endpointSubnetId",
    rule: /not a subnet resource id/,
    fix: /az network vnet subnet show/,
  },
  // ports
  {
    name: "a port out of range",
    stack: AWS,
    change: ({ adobe }) => (adobe.ports = [{ name: "mysql", port: 65536 }]),
    key: "adobe.ports[0].port",
    rule: /1 to 65535/,
    fix: /3306/,
  },
  {
    name: "a port that is not an integer",
    stack: AWS,
    change: ({ adobe }) => (adobe.ports = [{ name: "mysql", port: "3306" }]),
    key: "adobe.ports[0].port",
    rule: /whole number/,
    fix: /plain number/,
  },
  {
    name: "SSH to Adobe",
    stack: AWS,
    change: ({ adobe }) => (adobe.ports = [{ name: "ssh", port: 22 }]),
    key: "adobe.ports[0].port",
    rule: /SSH/,
    fix: /magento-cloud ssh/,
  },
  {
    name: "SSH from Adobe",
    stack: AWS,
    change: ({ top }) => (top[K("services")] = [{ name: "erp-ssh", port: 22, targets: ["10.20.1.15"] }]),
    key: "services[0].port",
    rule: /SSH/,
    fix: /remove it/,
  },
  {
    name: "443 into Adobe Commerce on Azure",
    stack: AZURE,
    change: ({ adobe }) => (adobe.ports = [{ name: "https", port: 443 }]),
    key: "adobe.ports[0].port",
    rule: /Fastly origin cloaking/,
    fix: /API Mesh/,
  },
  {
    name: "an empty port list",
    stack: AWS,
    change: ({ adobe }) => (adobe.ports = []),
    key: "adobe.ports",
    rule: /at least 1 item/,
    fix: /name: mysql, port: 3306/,
  },
  {
    name: "a duplicate port",
    stack: AWS,
    change: ({ adobe }) =>
      (adobe.ports = [
        { name: "mysql", port: 3306 },
        { name: "mysql-2", port: 3306 },
      ]),
    key: "adobe.ports[1]",
    rule: /repeats the port of adobe\.ports\[0\]/,
    fix: /different port/,
  },
  {
    name: "a duplicate port name",
    stack: AWS,
    change: ({ adobe }) =>
      (adobe.ports = [
        { name: "mysql", port: 3306 },
        { name: "mysql", port: 3307 },
      ]),
    key: "adobe.ports[1]",
    rule: /repeats the name/,
    fix: /different name/,
  },
  {
    name: "a duplicate service port",
    stack: AWS,
    change: ({ top }) =>
      (top[K("services")] = [
        { name: "a1", port: 5432, targets: ["10.20.1.1"] },
        { name: "b1", port: 5432, targets: ["10.20.1.2"] },
      ]),
    key: "services[1]",
    rule: /repeats the port/,
    fix: /different port/,
  },
  // CIDRs
  {
    name: "an invalid CIDR",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["10.20.0.0"]),
    key: "network.clientCidrs[0]",
    rule: /not an IPv4 CIDR block/,
    fix: /10\.20\.0\.0\/16/,
  },
  {
    name: "host bits set",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["10.20.1.0/16"]),
    key: "network.clientCidrs[0]",
    rule: /host bits/,
    fix: /10\.20\.0\.0\/16/,
  },
  {
    name: "/0",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["0.0.0.0/0"]),
    key: "network.clientCidrs[0]",
    rule: /every address/,
    fix: /private blocks/,
  },
  {
    name: "a public CIDR",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["52.0.0.0/8"]),
    key: "network.clientCidrs[0]",
    rule: /public/,
    fix: /private blocks/,
  },
  {
    name: "a block reaching past private space",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["10.0.0.0/7"]),
    key: "network.clientCidrs[0]",
    rule: /public or reaches beyond/,
    fix: /private blocks/,
  },
  {
    name: "blocks that together cover the internet",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["0.0.0.0/1", "128.0.0.0/1"]),
    key: "network.clientCidrs",
    rule: /together cover every IPv4 address/,
    fix: /private blocks/,
  },
  // keys of the other cloud, topology mismatches
  {
    name: "an AWS key on azure",
    stack: AZURE,
    change: ({ network }) => (network.vpcId = "vpc-0a1b2c3d4e5f67890"),
    key: "network.vpcId",
    rule: /aws key, but cloud is azure/,
    fix: /set cloud: aws/,
  },
  {
    name: "an Azure key on aws",
    stack: AWS,
    change: ({ adobe }) => (adobe.subscriptionIds = ["7c9e6679-7425-40de-944b-e07fc1f90ae7"]),
    key: "adobe.subscriptionIds",
    rule: /azure key, but cloud is aws/,
    fix: /set cloud: azure/,
  },
  {
    name: "bidirectional without services",
    stack: AWS,
    change: ({ top }) => delete top[K("services")],
    key: "services",
    rule: /required/,
    fix: /erp-db/,
  },
  // Azure: what Azure itself would refuse at pulumi up
  {
    name: "an IP address as an Azure service target",
    stack: AZURE,
    change: ({ top }) => ((top[K("services")] as { targets: string[] }[])[0]!.targets = ["10.40.1.15"]),
    key: "services[0].targets[0]",
    rule: /is an IP address: Azure refuses a Private Link Service in front of a load balancer with an IP-based backend pool \(PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer\)/,
    fix: /az network nic list --query "\[\]\.ipConfigurations\[\?privateIPAddress=='10\.40\.1\.15'\]\.id" --output tsv/,
  },
  {
    name: "an Azure service target that is no NIC IP configuration id",
    stack: AZURE,
    change: ({ top }) => ((top[K("services")] as { targets: string[] }[])[0]!.targets = ["vm-erp-db-1"]),
    key: "services[0].targets[0]",
    rule: /is not a network interface IP configuration id/,
    fix: /az network nic ip-config list/,
  },
  {
    name: "an Azure service subnet in another subscription than the endpoint subnet",
    stack: AZURE,
    change: ({ network }) =>
      (network.serviceSubnetId = String(network.serviceSubnetId).replace(
        /^\/subscriptions\/[^/]+/,
        "/subscriptions/99999999-8888-4777-8666-555555555555",
      )),
    key: "network.serviceSubnetId",
    rule: /another subscription than network\.endpointSubnetId: the program deploys into the subscription of network\.endpointSubnetId \(3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b\)/,
    fix: /subnets of one subscription/,
  },
  {
    name: "an Azure service target in another subscription than the subnets",
    stack: AZURE,
    change: ({ top }) =>
      ((top[K("services")] as { targets: string[] }[])[1]!.targets = [
        "/subscriptions/99999999-8888-4777-8666-555555555555/resourceGroups/rg-apps/providers/Microsoft.Network/networkInterfaces/vm-nic/ipConfigurations/ipconfig1",
      ]),
    key: "services[1].targets[0]",
    rule: /a network interface in another subscription than the subnets/,
    fix: /service subnet's virtual network/,
  },
  {
    name: "an Azure service target repeated in other letter case (Azure ids ignore case)",
    stack: AZURE,
    change: ({ top }) => {
      const service = (top[K("services")] as { targets: string[] }[])[1]!;
      service.targets = [service.targets[0]!, service.targets[0]!.toUpperCase()];
    },
    key: "services[1].targets[1]",
    rule: /repeats the IP configuration of services\[1\]\.targets\[0\]/,
    fix: /remove one of them/,
  },
  {
    name: "an azure-native:subscriptionId other than the subnets'",
    stack: AZURE,
    change: ({ top }) => (top["azure-native:subscriptionId"] = "99999999-8888-4777-8666-555555555555"),
    key: "azure-native:subscriptionId",
    rule: /names another subscription than the subnets/,
    fix: /remove azure-native:subscriptionId/,
  },
  {
    name: "Azure bidirectional without serviceSubnetId",
    stack: AZURE,
    change: ({ network }) => delete network.serviceSubnetId,
    key: "network.serviceSubnetId",
    rule: /required/,
    fix: /subnet's resource id/,
  },
  {
    name: "unidirectional with services",
    stack: "aws-unidirectional",
    change: ({ top }) => (top[K("services")] = [{ name: "erp-db", port: 5432, targets: ["10.20.1.15"] }]),
    key: "services",
    rule: /only applies to bidirectional/,
    fix: /topology: bidirectional/,
  },
  {
    name: "unidirectional with connections",
    stack: "aws-unidirectional",
    change: ({ adobe }) => (adobe.connections = ["vpce-0f1e2d3c4b5a69788"]),
    key: "adobe.connections",
    rule: /only applies to bidirectional/,
    fix: /topology: bidirectional/,
  },
  {
    name: "a public service target",
    stack: AWS,
    change: ({ top }) => (top[K("services")] = [{ name: "erp-db", port: 5432, targets: ["8.8.8.8"] }]),
    key: "services[0].targets[0]",
    rule: /private IPv4 address/,
    fix: /10\.20\.1\.15/,
  },
  {
    name: "a service target that is a CIDR",
    stack: AWS,
    change: ({ top }) => (top[K("services")] = [{ name: "erp-db", port: 5432, targets: ["10.20.1.0/24"] }]),
    key: "services[0].targets[0]",
    rule: /private IPv4 address/,
    fix: /private address/,
  },
  // YAML numbers, unknown keys, missing keys
  {
    name: "a project id given as a YAML number",
    stack: AWS,
    change: ({ adobe }) => (adobe.projectId = 1234567890123),
    key: "adobe.projectId",
    rule: /YAML number/,
    fix: /quote it: '1234567890123'/,
  },
  {
    name: "a subscription id given as a YAML number",
    stack: AZURE,
    change: ({ adobe }) => (adobe.subscriptionIds = [12345]),
    key: "adobe.subscriptionIds[0]",
    rule: /YAML number/,
    fix: /quote it/,
  },
  {
    name: "a tag value given as a YAML list",
    stack: AWS,
    change: ({ top }) => (top[K("tags")] = { "cost-center": [4711] }),
    key: "tags.cost-center",
    rule: /must be text/,
    fix: /quote it: '4711'/,
  },
  {
    name: "a mistyped top-level key",
    stack: AWS,
    change: ({ top }) => (top[K("toplogy")] = "bidirectional"),
    key: "toplogy",
    rule: /not a config key/,
    fix: /rename it to topology/,
  },
  {
    name: "a mistyped adobe key",
    stack: AWS,
    change: ({ adobe }) => (adobe.endpointSevice = "x"),
    key: "adobe.endpointSevice",
    rule: /not a key of adobe/,
    fix: /rename it to adobe\.endpointService/,
  },
  {
    name: "a missing company",
    stack: AWS,
    change: ({ adobe }) => delete adobe.company,
    key: "adobe.company",
    rule: /is required/,
    fix: /company name/,
  },
  {
    name: "a malformed project id",
    stack: AWS,
    change: ({ adobe }) => (adobe.projectId = "ABC"),
    key: "adobe.projectId",
    rule: /13 lowercase letters and digits/,
    fix: /magento-cloud project:info/,
  },
  {
    name: "protect that is not a boolean",
    stack: AWS,
    change: ({ top }) => (top[K("protect")] = "yes"),
    key: "protect",
    rule: /true or false/,
    fix: /protect: true/,
  },
  {
    name: "the reserved aws: tag prefix",
    stack: AWS,
    change: ({ top }) => (top[K("tags")] = { "aws:owner": "x" }),
    key: "tags.aws:owner",
    rule: /reserved by AWS/,
    fix: /another key/,
  },
];

const UNSAFE_RULE = (label: string, at: number): RegExp =>
  new RegExp(`contains the control, format or bidi character ${label.replace(/[()+]/g, "\\$&")} at character ${at}, which could forge`);
const UNSAFE_FIX = /plain text on one line/;

/** Text that reaches Adobe's ticket or the request message refuses control, format and bidi characters. */
const hostileText: Case[] = [
  {
    name: "a company with a newline that forges a ticket line",
    stack: AWS,
    change: ({ adobe }) => (adobe.company = "Acme\nProject ID: zzzzzzzzzzzzz"),
    key: "adobe.company",
    rule: UNSAFE_RULE("U+000A (line feed)", 5),
    fix: UNSAFE_FIX,
  },
  {
    name: "a company with a carriage return",
    stack: AZURE,
    change: ({ adobe }) => (adobe.company = "Acme\rEvil"),
    key: "adobe.company",
    rule: UNSAFE_RULE("U+000D (carriage return)", 5),
    fix: UNSAFE_FIX,
  },
  {
    name: "a company with an ANSI escape",
    stack: AWS,
    change: ({ adobe }) => (adobe.company = "Acme\u001b[2J"),
    key: "adobe.company",
    rule: UNSAFE_RULE("U+001B (escape (ANSI sequences))", 5),
    fix: UNSAFE_FIX,
  },
  {
    name: "a company with a right-to-left override",
    stack: AZURE,
    change: ({ adobe }) => (adobe.company = "Acme \u202Eproc"),
    key: "adobe.company",
    rule: UNSAFE_RULE("U+202E (right-to-left override)", 6),
    fix: UNSAFE_FIX,
  },
  {
    name: "a project id with a NUL",
    stack: AWS,
    change: ({ adobe }) => (adobe.projectId = "abcdef\u00001234567"),
    key: "adobe.projectId",
    rule: UNSAFE_RULE("U+0000 (NUL)", 7),
    fix: UNSAFE_FIX,
  },
  {
    name: "a cluster id with a line separator",
    stack: AWS,
    change: ({ adobe }) => (adobe.clusterId = "abc\u2028def"),
    key: "adobe.clusterId",
    rule: UNSAFE_RULE("U+2028 (line separator)", 4),
    fix: UNSAFE_FIX,
  },
  {
    name: "a port name with a bidi isolate",
    stack: AZURE,
    change: ({ adobe }) => (adobe.ports = [{ name: "my\u2066sql", port: 3306 }]),
    key: "adobe.ports[0].name",
    rule: UNSAFE_RULE("U+2066 (left-to-right isolate)", 3),
    fix: UNSAFE_FIX,
  },
  {
    name: "a service name with a newline",
    stack: AWS,
    change: ({ top }) => (top[K("services")] = [{ name: "erp\ndb", port: 5432, targets: ["10.20.1.15"] }]),
    key: "services[0].name",
    rule: UNSAFE_RULE("U+000A (line feed)", 4),
    fix: UNSAFE_FIX,
  },
  {
    name: "a company of 100 characters of which one is an emoji (101 as Azure counts)",
    stack: AZURE,
    change: ({ adobe }) => (adobe.company = `${"C".repeat(99)}😀`),
    key: "adobe.company",
    rule: /at most 100 characters \(counted as Azure counts them\)/,
    fix: /shorten/,
  },
  // regions
  {
    name: "a region that does not exist",
    stack: AWS,
    change: ({ top }) => (top[K("region")] = "us-east-9"),
    key: "region",
    rule: /not an AWS commercial region code/,
    fix: /write us-east-1/,
  },
  {
    name: "an AWS GovCloud region",
    stack: AWS,
    change: ({ top }) => (top[K("region")] = "us-gov-west-1"),
    key: "region",
    rule: /AWS GovCloud \(US\) region, a separate partition \(aws-us-gov\) that Adobe's commercial principal cannot reach/,
    fix: /commercial region .* e\.g\. us-east-1/,
  },
  {
    name: "an AWS China region",
    stack: AWS,
    change: ({ top }) => (top[K("region")] = "cn-north-1"),
    key: "region",
    rule: /AWS China region/,
    fix: /commercial region/,
  },
  {
    name: "an Azure China region",
    stack: AZURE,
    change: ({ top }) => (top[K("region")] = "chinanorth3"),
    key: "region",
    rule: /Azure China \(21Vianet\)/,
    fix: /e\.g\. eastus/,
  },
  {
    name: "an Azure Government region",
    stack: AZURE,
    change: ({ top }) => (top[K("region")] = "usgovvirginia"),
    key: "region",
    rule: /Azure Government/,
    fix: /commercial region/,
  },
  // canonical CIDRs
  {
    name: "a CIDR block with a zero-padded prefix",
    stack: AWS,
    change: ({ network }) => (network.clientCidrs = ["10.0.0.0/08"]),
    key: "network.clientCidrs[0]",
    rule: /not in canonical form/,
    fix: /^write 10\.0\.0\.0\/8 if decimal was meant$/,
  },
  {
    name: "a CIDR block with a zero-padded octet",
    stack: AZURE,
    change: ({ network }) => (network.clientCidrs = ["10.020.0.0/16"]),
    key: "network.clientCidrs[0]",
    rule: /not in canonical form \(leading zeros, which some tools read as octal\)/,
    fix: /write 10\.20\.0\.0\/16/,
  },
  // tags
  {
    name: "an empty tag key",
    stack: AWS,
    change: ({ top }) => (top[K("tags")] = { "": "x" }),
    key: "tags",
    rule: /^has an empty tag key$/,
    fix: /give the tag a key/,
  },
  {
    name: "a tag key with a newline",
    stack: AZURE,
    change: ({ top }) => (top[K("tags")] = { "a\nb": "x" }),
    key: "tags",
    rule: /has a tag key that contains the control, format or bidi character U\+000A/,
    fix: UNSAFE_FIX,
  },
  {
    name: "an Azure tag key with a slash",
    stack: AZURE,
    change: ({ top }) => (top[K("tags")] = { "team/net": "x" }),
    key: "tags.team/net",
    rule: /cannot contain/,
    fix: /another key/,
  },
  // namespaces
  {
    name: "a key under a renamed project's namespace",
    stack: AWS,
    change: ({ top }) => {
      top["acme-privatelink:cloud"] = top[K("cloud")];
      delete top[K("cloud")];
    },
    key: "acme-privatelink:cloud",
    rule: /is under the namespace acme-privatelink:, but the program reads only keys under commerce-privatelink:/,
    fix: /^rename it to commerce-privatelink:cloud$/,
  },
  {
    name: "a key without its namespace",
    stack: AZURE,
    change: ({ top }) => {
      top.region = top[K("region")];
      delete top[K("region")];
    },
    key: "region",
    rule: /has no namespace: the program reads only keys under commerce-privatelink:/,
    fix: /^rename it to commerce-privatelink:region$/,
  },
  // provider keys
  {
    name: "static AWS credentials in the stack file",
    stack: AWS,
    change: ({ top }) => (top["aws:secretKey"] = "wJalrXUtnFEMI"),
    key: "aws:secretKey",
    rule: /is a credential: passed to the explicit provider it would be stored in the provider's state/,
    fix: /aws:profile, aws:assumeRoles or the AWS_ACCESS_KEY_ID/,
  },
  {
    name: "an aws:region other than region",
    stack: AWS,
    change: ({ top }) => (top["aws:region"] = "eu-west-1"),
    key: "aws:region",
    rule: /differs from region us-east-1/,
    fix: /remove aws:region, or set it to us-east-1/,
  },
  {
    name: "an AWS provider key the explicit provider is not given",
    stack: AWS,
    change: ({ top }) => (top["aws:skipCredentialsValidation"] = "true"),
    key: "aws:skipCredentialsValidation",
    rule: /is not passed to the program's explicit aws provider, so it would have no effect \(passed: aws:profile, aws:assumeRoles/,
    fix: /remove it/,
  },
  {
    name: "an Azure provider key on an AWS stack",
    stack: AWS,
    change: ({ top }) => (top["azure-native:subscriptionId"] = "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"),
    key: "azure-native:subscriptionId",
    rule: /but cloud is aws: that provider is never created/,
    fix: /set cloud: azure/,
  },
  {
    name: "an Azure national cloud",
    stack: AZURE,
    change: ({ top }) => (top["azure-native:environment"] = "usgovernment"),
    key: "azure-native:environment",
    rule: /names a national cloud/,
    fix: /public is the default/,
  },
  {
    name: "an Azure client secret",
    stack: AZURE,
    change: ({ top }) => (top["azure-native:clientSecret"] = "s3cr3t"),
    key: "azure-native:clientSecret",
    rule: /is a credential/,
    fix: /ARM_CLIENT_SECRET/,
  },
  {
    name: "an assumed role that is no role ARN",
    stack: AWS,
    change: ({ top }) => (top["aws:assumeRoles"] = [{ roleArn: "deploy" }]),
    key: "aws:assumeRoles[0].roleArn",
    rule: /is not an IAM role ARN/,
    fix: /copy the role's ARN/,
  },
  {
    name: "the classic azure provider's keys",
    stack: AZURE,
    change: ({ top }) => (top["azure:location"] = "eastus"),
    key: "azure:location",
    rule: /is a key of the azure provider, which this program does not use/,
    fix: /remove it/,
  },
];
cases.push(...hostileText);

describe("config validation", () => {
  for (const c of cases) {
    it(`fails when ${c.name}, naming ${c.key}, the value, the rule and the fix`, () => {
      const problems = problemsOf(variant(c.stack, c.change));
      const problem = problems.find((p) => p.key === c.key);
      assert.ok(problem, `no problem for ${c.key}; got:\n${problems.map(formatProblem).join("\n")}`);
      assert.match(problem.rule, c.rule);
      assert.match(problem.fix, c.fix);
      const line = formatProblem(problem);
      assert.ok(line.startsWith(`${c.key}: got `), line);
      assert.match(line, / Fix: /);
    });
  }

  it("lists every problem at once, one line per key", () => {
    const config = variant(AWS, ({ top, adobe, network }) => {
      top[K("cloud")] = "aws";
      top[K("topology")] = "bi-directional";
      adobe.environment = "integration";
      adobe.ports = [{ name: "ssh", port: 22 }];
      network.clientCidrs = ["0.0.0.0/0"];
      network.vpcId = "vpc-1";
    });
    const keys = problemsOf(config).map((p) => p.key);
    assert.deepEqual(
      keys.sort(),
      ["adobe.environment", "adobe.ports[0].port", "network.clientCidrs[0]", "network.vpcId", "topology"].sort(),
    );
  });

  it("still refuses SSH when the cloud itself is wrong", () => {
    const keys = problemsOf(
      variant(AWS, ({ top, adobe }) => {
        top[K("cloud")] = "gcp";
        adobe.ports = [{ name: "ssh", port: 22 }];
      }),
    ).map((p) => p.key);
    assert.ok(keys.includes("cloud"));
    assert.ok(keys.includes("adobe.ports[0].port"));
  });

  it("reports the value received in each message", () => {
    const [problem] = problemsOf(variant(AWS, ({ adobe }) => (adobe.ports = [{ name: "mysql", port: 22 }])));
    assert.ok(problem);
    assert.equal(problem.value, 22);
    assert.match(formatProblem(problem), /^adobe\.ports\[0\]\.port: got 22; /);
  });

  it("refuses an empty configuration with the required keys, not a crash", () => {
    const keys = problemsOf({}).map((p) => p.key);
    assert.deepEqual(keys, ["cloud", "region", "adobe", "network"]);
  });

  it("accepts 443 to Adobe Commerce on AWS with a warning that recommends API Mesh", () => {
    const result = validateConfig(toPulumiConfig(variant(AWS, ({ adobe }) => (adobe.ports = [{ name: "https", port: 443 }]))));
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, [
      "adobe.ports[0].port 443: PrivateLink is best used for non-HTTP(S) integrations; for Adobe Commerce APIs Adobe recommends API Mesh.",
    ]);
  });

  it("defaults topology to unidirectional and protect to the environment", () => {
    const staging = validateConfig(
      toPulumiConfig(
        variant("aws-unidirectional", ({ top }) => {
          delete top[K("topology")];
        }),
      ),
    );
    assert.ok(staging.ok);
    assert.equal(staging.settings.topology, "unidirectional");
    assert.equal(staging.settings.protect, false);
    const production = validateConfig(toPulumiConfig(exampleStack(AWS)));
    assert.ok(production.ok);
    assert.equal(production.settings.protect, true);
    const unprotected = validateConfig(toPulumiConfig(variant(AWS, ({ top }) => (top[K("protect")] = false))));
    assert.ok(unprotected.ok);
    assert.equal(unprotected.settings.protect, false);
  });

  it("refuses ports x CIDR blocks past the security group quota, consecutive or not (rules are never merged and re-keyed)", () => {
    const fits = Array.from({ length: 30 }, (_, i) => ({ name: `p${i}`, port: 7000 + i }));
    assert.ok(validateConfig(toPulumiConfig(variant(AWS, ({ adobe }) => (adobe.ports = fits)))).ok, "30 ports x 2 blocks = 60 rules");
    const consecutive = Array.from({ length: 31 }, (_, i) => ({ name: `p${i}`, port: 7000 + i }));
    assert.deepEqual(problemsOf(variant(AWS, ({ adobe }) => (adobe.ports = consecutive))), [
      {
        key: "adobe.ports",
        value: "31 ports x 2 CIDR blocks",
        rule: "needs 62 security group rules (one per port and network.clientCidrs block), over the quota of 60 inbound rules per group",
        fix: "list at most 30 ports with 2 blocks, or fewer, wider private CIDR blocks (at most 1 for 31 ports), or split the ports over two stacks",
      },
    ]);
  });

  it("refuses more service targets than the load balancer's security group has outbound rules", () => {
    const targets = Array.from({ length: 61 }, (_, i) => `10.20.2.${i + 1}`);
    const problem = problemsOf(variant(AWS, ({ top }) => (top[K("services")] = [{ name: "erp-db", port: 5432, targets }]))).find(
      (p) => p.key === "services",
    );
    assert.ok(problem);
    assert.match(problem.rule, /needs 61 outbound rules .* quota of 60/);
  });

  it("refuses more Azure ports than one network security group has rules, with the other config problems", () => {
    const ports = Array.from({ length: 1000 }, (_, i) => ({ name: `p${i}`, port: 10000 + i }));
    const problems = problemsOf(
      variant(AZURE, ({ adobe, network }) => {
        adobe.ports = ports;
        network.clientCidrs = ["8.8.8.0/24"];
      }),
    );
    const problem = problems.find((p) => p.key === "adobe.ports");
    assert.ok(problem);
    assert.match(problem.rule, /need 1001 security rules .* over Azure's 1000 rules per network security group/);
    assert.ok(problems.some((p) => p.key === "network.clientCidrs[0]"));
  });

  it("refuses more services than a Network Load Balancer has listeners", () => {
    const services = Array.from({ length: 51 }, (_, i) => ({ name: `svc${i}`, port: 8000 + i, targets: ["10.20.1.15"] }));
    const problem = problemsOf(variant(AWS, ({ top }) => (top[K("services")] = services))).find((p) => p.key === "services");
    assert.ok(problem);
    assert.match(problem.rule, /quota of 50 listeners per Network Load Balancer/);
  });

  it("names a misplaced key once, with the prefix expected, never as missing", () => {
    const problems = problemsOf(
      variant(AWS, ({ top }) => {
        top["acme-privatelink:adobe"] = top[K("adobe")];
        delete top[K("adobe")];
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.key),
      ["acme-privatelink:adobe"],
    );
  });

  it("shows a hostile value escaped in the error line, never raw", () => {
    const [problem] = problemsOf(variant(AWS, ({ adobe }) => (adobe.company = "Acme \u202Eproc")));
    assert.ok(problem);
    const line = formatProblem(problem);
    assert.ok(!line.includes("\u202E"), line);
    assert.match(line, /^adobe\.company: got "Acme \\u202eproc"; /);
  });

  it("passes the provider keys that choose credentials and account to the explicit provider", async () => {
    const roles = [{ roleArn: "arn:aws:iam::123456789012:role/deploy", externalId: "x1" }];
    const config = variant("aws-unidirectional", ({ top }) => {
      top["aws:profile"] = "commerce";
      top["aws:assumeRoles"] = roles;
      top["aws:allowedAccountIds"] = ["123456789012"];
      top["aws:region"] = "us-east-1";
    });
    const result = validateConfig(toPulumiConfig(config));
    assert.ok(result.ok, result.ok ? "" : result.problems.map(formatProblem).join("\n"));
    const provider = (await plan(config)).resources.find((r) => r.type === "pulumi:providers:aws");
    assert.deepEqual(provider?.inputs, {
      region: "us-east-1",
      profile: "commerce",
      assumeRoles: JSON.stringify(roles),
      allowedAccountIds: JSON.stringify(["123456789012"]),
      // The SDK's own defaults for every provider.
      skipCredentialsValidation: "false",
      skipRegionValidation: "true",
    });
  });

  it("passes the Azure subscription and sign-in keys to the explicit provider", async () => {
    const config = variant("azure-unidirectional", ({ top }) => {
      top["azure-native:subscriptionId"] = "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
      top["azure-native:useOidc"] = "true";
    });
    const provider = (await plan(config)).resources.find((r) => r.type === "pulumi:providers:azure-native");
    assert.ok(provider);
    assert.equal(provider.inputs.subscriptionId, "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
    assert.equal(provider.inputs.useOidc, "true");
    assert.equal(provider.inputs.location, "eastus");
  });

  for (const file of readdirSync(STACKS_DIR).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
    it(`accepts the committed stack file ${file}`, () => {
      const result = validateConfig(toPulumiConfig(exampleStack(file.replace(/^Pulumi\.|\.yaml$/g, ""))));
      assert.ok(result.ok, result.ok ? "" : result.problems.map(formatProblem).join("\n"));
    });
  }
});

describe("config loading in the program", () => {
  it("throws one RunError listing every problem and registers no resource", async () => {
    const config = variant(AWS, ({ adobe, network }) => {
      adobe.environment = "starter";
      network.clientCidrs = ["8.8.8.0/24"];
    });
    await assert.rejects(plan(config), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(pulumi.RunError.isInstance(error), "a RunError is printed without a stack trace");
      assert.match(error.message, /^The stack configuration of commerce-privatelink has 2 problems; nothing was planned or changed:\n/);
      assert.match(error.message, /\n {2}- adobe\.environment: got "starter"; /);
      assert.match(error.message, /\n {2}- network\.clientCidrs\[0\]: got "8\.8\.8\.0\/24"; /);
      return true;
    });
    assert.deepEqual(mocks.resources, []);
  });
});

describe("config contract", () => {
  const project = parse(readFileSync(`${__dirname}/../Pulumi.yaml`, "utf8")) as {
    name: string;
    stackConfigDir: string;
    config: Record<string, { type: string; description: string; default?: unknown }>;
  };

  it("declares in Pulumi.yaml exactly the table's schema keys, with the table's type, default and text", () => {
    assert.equal(project.name, PROJECT);
    assert.equal(project.stackConfigDir, "stacks");
    const declared = KEYS.filter((spec) => spec.schema);
    assert.deepEqual(
      Object.keys(project.config),
      declared.map((spec) => spec.key),
    );
    for (const spec of declared) {
      const schema = project.config[spec.key];
      assert.ok(schema);
      assert.equal(schema.type, spec.type);
      assert.equal(schema.default, spec.default, `default of ${spec.key}`);
      assert.equal(schema.description, `${spec.description.replace(/`/g, "")}${spec.required === "yes" ? " Required." : ""}`);
    }
  });

  it("takes an Azure bidirectional stack without adobe.subscriptionIds (phase 1: Adobe sends them later)", () => {
    const result = validateConfig(toPulumiConfig(variant(AZURE, ({ adobe }) => delete adobe.subscriptionIds)));
    assert.ok(result.ok);
    assert.ok(result.settings.cloud === "azure");
    assert.deepEqual(result.settings.azure.subscriptionIds, []);
  });

  const readmeRows = (): string[][] =>
    readFileSync(`${__dirname}/../README.md`, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .map((line) => line.split("|").map((cell) => cell.trim()));

  it("documents every key in the README table, exactly as the table says", () => {
    const rows = readmeRows();
    for (const spec of KEYS) {
      const row = rows.find((cells) => cells[1] === `\`${spec.key}\``);
      assert.ok(row, `README has no table row for ${spec.key}`);
      assert.deepEqual(row.slice(2, 6), [spec.type, spec.required, spec.default ?? "", spec.description], `README row of ${spec.key}`);
    }
  });

  it("takes exactly the entry keys the table lists for each list of mappings, and documents them", () => {
    assert.deepEqual(
      KEYS.filter((spec) => spec.entries).map((spec) => [spec.key, spec.entries]),
      [
        ["adobe.ports", ["name", "port", "formerName?"]],
        ["services", ["name", "port", "targets", "targetPort?", "formerName?"]],
      ],
    );
    for (const spec of KEYS) {
      if (spec.type === "object[]") assert.ok(spec.entries, `${spec.key} lists its entry keys`);
      if (spec.entries) assert.ok(spec.description.includes(`\`{${spec.entries.join(", ")}}\``), `${spec.key} documents its entry keys`);
    }
    const [problem] = problemsOf(variant(AWS, ({ adobe }) => (adobe.ports = [{ name: "mysql", port: 3306, formerNme: "db" }])));
    assert.equal(problem?.key, "adobe.ports[0].formerNme");
    assert.equal(problem.rule, "is not a key of adobe.ports[0] (known keys: name, port, formerName)");
    assert.equal(problem.fix, "rename it to adobe.ports[0].formerName");
  });

  it("documents every provider key the program passes, checks or refuses", () => {
    const rows = readmeRows();
    for (const spec of PROVIDER_KEYS) {
      const cell = spec.key
        .split(", ")
        .map((key) => `\`${key}\``)
        .join(", ");
      const row = rows.find((cells) => cells[1] === cell);
      assert.ok(row, `README has no row for ${spec.key}`);
      assert.deepEqual(row.slice(2, 6), [spec.cloud, spec.handling, spec.type, spec.description]);
    }
  });

  it("derives the key lists and the scoped checks from the table", () => {
    assert.deepEqual(TOP_LEVEL_KEYS, ["cloud", "region", "topology", "adobe", "network", "services", "protect", "tags"]);
    assert.deepEqual(STRUCTURED_KEYS, ["adobe", "network", "services", "tags"]);
    assert.deepEqual(
      CLOUD_ONLY_KEYS.map((spec) => `${spec.key}:${spec.cloud}`),
      [
        "adobe.endpointService:aws",
        "adobe.privateLinkService:azure",
        "adobe.subscriptionIds:azure",
        "network.vpcId:aws",
        "network.subnetIds:aws",
        "network.resourceGroupName:azure",
        "network.endpointSubnetId:azure",
        "network.serviceSubnetId:azure",
      ],
    );
    assert.deepEqual(
      BIDIRECTIONAL_ONLY_KEYS.map((spec) => spec.key),
      ["adobe.subscriptionIds", "adobe.connections", "network.serviceSubnetId", "services"],
    );
    // Each bidirectional-only key set on a unidirectional stack of its cloud is refused, naming the key.
    for (const spec of BIDIRECTIONAL_ONLY_KEYS) {
      const stack = spec.cloud === "azure" ? "azure-unidirectional" : "aws-unidirectional";
      const config = clone(exampleStack(stack));
      const [section, key] = spec.key.split(".") as [string, string | undefined];
      const value =
        spec.type === "object[]" ? [{ name: "erp-db", port: 5432, targets: ["10.20.1.15"] }] : spec.type === "string[]" ? ["x"] : "x";
      if (key === undefined) config[K(section)] = value;
      else (config[K(section)] as Section)[key] = value;
      const problem = problemsOf(config).find((p) => p.key === spec.key);
      assert.ok(problem, spec.key);
      assert.equal(problem.rule, `only applies to bidirectional stacks (${spec.bidirectionalOnly})`);
      assert.equal(problem.fix, `remove ${spec.key}, or set topology: bidirectional`);
    }
  });

  it("feeds the policy pack's config: every pack key but the principals comes from one table key", () => {
    const fed = KEYS.flatMap((spec) => (spec.policy ? [spec.policy] : []));
    assert.deepEqual(Object.keys(CONFIG_PROPERTIES).sort(), [...fed, "allowedPrincipals"].sort());
    assert.deepEqual(CONFIG_PROPERTIES.cloud.enum, [...CLOUDS]);
    for (const stack of EXAMPLE_STACKS) {
      const result = validateConfig(toPulumiConfig(exampleStack(stack)));
      assert.ok(result.ok);
      const packConfig = policyConfigOf(result.settings);
      for (const key of Object.keys(packConfig)) assert.ok(fed.includes(key), `${stack}: ${key} has no key in the table`);
      assert.doesNotThrow(() => readConfig(packConfig));
    }
  });
});
