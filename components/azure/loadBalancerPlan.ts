/**
 * The inside of the customer's internal load balancer, as plain data: per customer service one backend
 * pool (its target IPs), one TCP probe on the target port and one rule from the service port to the
 * target port. Each service has its own pool: a shared pool would send one service's traffic to every
 * other service's hosts.
 *
 * Every entry is named after its service and the entries are sorted by that name, so adding, removing
 * or reordering a service changes only that service's entries.
 */
import type { CustomerService } from "../../config/settings";
import { parseIpv4 } from "../../lib/ipv4";
import { loadBalancerPartId } from "./resourceIds";

/** The one frontend, in the service subnet: Adobe's connections arrive through the Private Link Service on it. */
export const FRONTEND_NAME = "frontend";

/** Probe cadence: a dead target leaves rotation after about ten seconds. */
export const PROBE_INTERVAL_SECONDS = 5;
export const PROBE_THRESHOLD = 2;
/** Azure's default; stated so that it is a reviewed value, not an accident. */
export const IDLE_TIMEOUT_MINUTES = 4;

export interface BackendAddress {
  readonly name: string;
  readonly ipAddress: string;
  readonly virtualNetwork: { readonly id: string };
}

export interface BackendPool {
  readonly name: string;
  readonly loadBalancerBackendAddresses: readonly BackendAddress[];
}

export interface Probe {
  readonly name: string;
  readonly protocol: "Tcp";
  readonly port: number;
  readonly intervalInSeconds: number;
  readonly probeThreshold: number;
}

export interface LoadBalancingRule {
  readonly name: string;
  readonly protocol: "Tcp";
  readonly frontendPort: number;
  readonly backendPort: number;
  readonly frontendIPConfiguration: { readonly id: string };
  readonly backendAddressPool: { readonly id: string };
  readonly probe: { readonly id: string };
  readonly enableFloatingIP: false;
  readonly enableTcpReset: true;
  readonly idleTimeoutInMinutes: number;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function byAddress(addresses: readonly string[]): string[] {
  return [...addresses].sort((a, b) => (parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0));
}

export function backendPools(services: readonly CustomerService[], virtualNetworkId: string): BackendPool[] {
  return byName(services).map((service) => ({
    name: service.name,
    loadBalancerBackendAddresses: byAddress(service.targets).map((ipAddress) => ({
      name: `${service.name}-${ipAddress.replace(/\./g, "-")}`,
      ipAddress,
      virtualNetwork: { id: virtualNetworkId },
    })),
  }));
}

export function probes(services: readonly CustomerService[]): Probe[] {
  return byName(services).map((service) => ({
    name: service.name,
    protocol: "Tcp",
    port: service.targetPort,
    intervalInSeconds: PROBE_INTERVAL_SECONDS,
    probeThreshold: PROBE_THRESHOLD,
  }));
}

/** Rules name the load balancer's own parts by id, so they need the load balancer's id up front. */
export function loadBalancingRules(services: readonly CustomerService[], lbId: string): LoadBalancingRule[] {
  return byName(services).map((service) => ({
    name: service.name,
    protocol: "Tcp",
    frontendPort: service.port,
    backendPort: service.targetPort,
    frontendIPConfiguration: { id: loadBalancerPartId(lbId, "frontendIPConfigurations", FRONTEND_NAME) },
    backendAddressPool: { id: loadBalancerPartId(lbId, "backendAddressPools", service.name) },
    probe: { id: loadBalancerPartId(lbId, "probes", service.name) },
    enableFloatingIP: false,
    enableTcpReset: true,
    idleTimeoutInMinutes: IDLE_TIMEOUT_MINUTES,
  }));
}
