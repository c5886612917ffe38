/**
 * What the ticket, the handshake and the verification are computed from: the validated settings and
 * the values the cloud-neutral contract resolves to. Everything downstream is a pure function of these.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AzureSetup, FromAdobeState, PrivateLink, ToAdobeState } from "../components/types";

export interface ToAdobeFacts {
  readonly endpointId: string | undefined;
  readonly hosts: readonly string[];
  readonly securityGroupId: string | undefined;
  readonly connectionState: string | undefined;
  readonly state: ToAdobeState;
}

export interface FromAdobeFacts {
  readonly serviceName: string;
  readonly serviceId: string;
  readonly allowedConsumers: readonly string[];
  readonly loadBalancerAddress: string | undefined;
  readonly loadBalancerId: string | undefined;
  readonly zoneIds: readonly string[];
  readonly acceptedConnections: readonly string[];
  /** Azure: every connection on the Private Link Service and its status, read back. */
  readonly connectionStates?: Readonly<Record<string, string>>;
  readonly state: FromAdobeState;
}

export interface LinkFacts {
  readonly accountId: string;
  readonly toAdobe: ToAdobeFacts;
  readonly fromAdobe: FromAdobeFacts | undefined;
  /** Azure: what the handshake turns into exact commands. */
  readonly azureSetup?: AzureSetup;
}

/** Resolves the contract's outputs into one plain value. */
export function linkFacts(link: PrivateLink): pulumi.Output<LinkFacts> {
  const toAdobe = pulumi
    .all([link.toAdobe.endpointId, link.toAdobe.hosts, link.toAdobe.securityGroupId, link.toAdobe.connectionState, link.toAdobe.state])
    .apply(([endpointId, hosts, securityGroupId, connectionState, state]): ToAdobeFacts => ({
      endpointId,
      hosts,
      securityGroupId,
      connectionState,
      state,
    }));
  const from = link.fromAdobe;
  const fromAdobe: pulumi.Output<FromAdobeFacts | undefined> = from
    ? pulumi
        .all([
          from.serviceName,
          from.serviceId,
          from.allowedConsumers,
          from.loadBalancerAddress,
          from.loadBalancerId ?? pulumi.output(undefined),
          from.zoneIds,
          from.state,
        ])
        .apply(([serviceName, serviceId, allowedConsumers, loadBalancerAddress, loadBalancerId, zoneIds, state]): FromAdobeFacts => ({
          serviceName,
          serviceId,
          allowedConsumers,
          loadBalancerAddress,
          loadBalancerId,
          zoneIds,
          acceptedConnections: from.acceptedConnections,
          state,
        }))
    : pulumi.output(undefined);
  return pulumi
    .all([link.accountId, toAdobe, fromAdobe, from?.connectionStates, link.azureSetup])
    .apply(([accountId, to, fromFacts, connectionStates, azureSetup]) => ({
      accountId,
      toAdobe: to,
      fromAdobe: fromFacts && connectionStates ? { ...fromFacts, connectionStates } : fromFacts,
      ...(azureSetup ? { azureSetup } : {}),
    }));
}
