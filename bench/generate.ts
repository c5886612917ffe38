/**
 * Generated stack configs that scale one dimension: Adobe ports (customer -> Adobe) or customer
 * services (Adobe -> customer). Pure: each takes an example stack's parsed config and returns a copy.
 */
import { nicIpConfigurationId, subscriptionOf } from "../config/azure";
import { PROJECT } from "../config/keys";
import { type Cloud, forbiddenPort, type Leg } from "../rules/adobe";
import type { StackConfig } from "../tools/stackfile";

export type Dimension = "ports" | "services";

/** First port of the generated ranges: far from 22 and 443, and from the example stacks' ports. */
export const FIRST_PORT = 10001;
export const FIRST_SERVICE_PORT = 20001;

const key = (name: string): string => `${PROJECT}:${name}`;

/**
 * `count` TCP ports from `first`, skipping any port the cloud forbids on the leg (22, and 443 on
 * Azure). `step` 2 leaves a gap between neighbours, `step` 1 makes them consecutive; either way every
 * AWS port costs one rule per client CIDR block (rules are never merged into ranges).
 */
export function generatePorts(cloud: Cloud, leg: Leg, count: number, first: number, step: 1 | 2): number[] {
  const ports: number[] = [];
  for (let port = first; ports.length < count; port += step) {
    if (port > 65535) throw new RangeError(`cannot fit ${count} ports from ${first} with step ${step}`);
    if (forbiddenPort(cloud, leg, port) === undefined) ports.push(port);
  }
  return ports;
}

/** A private address per service, distinct so that each is a real target. */
export function targetAddress(base: string, index: number): string {
  const [a = "10", b = "20"] = base.split(".");
  // 240 hosts (.10 to .249) per /24, so that the last octet never passes 255.
  return `${a}.${b}.${1 + Math.floor(index / 240)}.${10 + (index % 240)}`;
}

function section(config: StackConfig, name: string): Record<string, unknown> {
  const value = config[key(name)];
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`the base stack has no ${name} mapping`);
  return value as Record<string, unknown>;
}

/**
 * The base stack with `count` Adobe ports. One client CIDR block, so that the AWS rule count equals
 * the port count (ports x blocks) and the quota of 60 is reached at exactly 60 scattered ports.
 */
export function withPorts(base: StackConfig, cloud: Cloud, count: number, consecutive: boolean): StackConfig {
  const config = structuredClone(base);
  const adobe = section(config, "adobe");
  const network = section(config, "network");
  const cidrs = network.clientCidrs;
  network.clientCidrs = Array.isArray(cidrs) ? cidrs.slice(0, 1) : cidrs;
  adobe.ports = generatePorts(cloud, "customer-to-adobe", count, FIRST_PORT, consecutive ? 1 : 2).map((port, i) => ({
    name: `p${i + 1}`,
    port,
  }));
  return config;
}

/** The base (bidirectional) stack with `count` customer services, one target each. */
export function withServices(base: StackConfig, cloud: Cloud, count: number): StackConfig {
  const config = structuredClone(base);
  const network = section(config, "network");
  const cidrs = Array.isArray(network.clientCidrs) ? (network.clientCidrs as unknown[]) : [];
  const firstCidr = typeof cidrs[0] === "string" ? cidrs[0] : "10.20.0.0/16";
  config[key("services")] = generatePorts(cloud, "adobe-to-customer", count, FIRST_SERVICE_PORT, 2).map((port, i) => ({
    name: `s${i + 1}`,
    port,
    // Azure targets are NIC IP configurations in the subnets' subscription (config/azure.ts).
    targets: [
      cloud === "azure"
        ? nicIpConfigurationId(subscriptionOf(String(network.endpointSubnetId)) ?? "", "rg-apps", `vm-s${i + 1}-nic`)
        : targetAddress(firstCidr, i),
    ],
  }));
  return config;
}
