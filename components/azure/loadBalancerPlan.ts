/**
 * The inside of the customer's internal load balancer, as plain data: per customer service one backend
 * pool (NIC-based: the hosts join it), one TCP probe on the target port and one rule from the service port to the
 * target port. Each service has its own pool: a shared pool would send one service's traffic to every
 * other service's hosts.
 *
 * Every entry is named after its service and the entries are sorted by that name, so adding, removing
 * or reordering a service changes only that service's entries.
 */
import type { CustomerService } from "../../config/settings";
import { loadBalancerPartId } from "./resourceIds";

/** The one frontend, in the service subnet: Adobe's connections arrive through the Private Link Service on it. */
export const FRONTEND_NAME = "frontend";

/** Probe cadence: a dead target leaves rotation after about ten seconds. */
export const PROBE_INTERVAL_SECONDS = 5;
export const PROBE_THRESHOLD = 2;
/** Azure's default; stated so that it is a reviewed value, not an accident. */
export const IDLE_TIMEOUT_MINUTES = 4;

/**
 * A NIC-based pool: it holds no addresses of its own. Azure refuses a Private Link Service in front of
 * a load balancer with an IP-based pool (PrivateLinkServiceIsNotSupportedForIPBasedLoadBalancer), and
 * a NIC-based pool gets its members from the network interfaces' IP configurations, which belong to
 * the customer's hosts (see `poolMemberships`).
 */
export interface BackendPool {
  readonly name: string;
}

/** One host's IP configuration that must join one service's pool. */
export interface PoolMembership {
  readonly service: string;
  readonly poolId: string;
  /** The network interface IP configuration id (`services[].targets[]` on Azure). */
  readonly ipConfigurationId: string;
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

export function backendPools(services: readonly CustomerService[]): BackendPool[] {
  return byName(services).map((service) => ({ name: service.name }));
}

/** Every (pool, IP configuration) pair the customer's hosts must be in, in a stable order. */
export function poolMemberships(services: readonly CustomerService[], lbId: string): PoolMembership[] {
  return byName(services).flatMap((service) =>
    [...service.targets].sort().map((ipConfigurationId) => ({
      service: service.name,
      poolId: loadBalancerPartId(lbId, "backendAddressPools", service.name),
      ipConfigurationId,
    })),
  );
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
