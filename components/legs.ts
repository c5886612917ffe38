/**
 * The contract's fields of a leg component, as a plain object. A component exported as it is would
 * reach the stack outputs as a resource reference instead of its values, and would carry whatever
 * else the component exposes.
 */
import type { FromAdobeLeg, ToAdobeLeg } from "./types";

export function toAdobeFields(leg: ToAdobeLeg): ToAdobeLeg {
  return {
    endpointId: leg.endpointId,
    hosts: leg.hosts,
    securityGroupId: leg.securityGroupId,
    connectionState: leg.connectionState,
    state: leg.state,
  };
}

export function fromAdobeFields(leg: FromAdobeLeg): FromAdobeLeg {
  return {
    serviceName: leg.serviceName,
    serviceId: leg.serviceId,
    allowedConsumers: leg.allowedConsumers,
    loadBalancerAddress: leg.loadBalancerAddress,
    ...(leg.loadBalancerId ? { loadBalancerId: leg.loadBalancerId } : {}),
    ...(leg.securityGroupId ? { securityGroupId: leg.securityGroupId } : {}),
    zoneIds: leg.zoneIds,
    acceptedConnections: [...leg.acceptedConnections],
    ...(leg.connectionStates ? { connectionStates: leg.connectionStates } : {}),
    state: leg.state,
  };
}
