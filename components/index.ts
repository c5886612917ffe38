/** Chooses the cloud's implementation of the one PrivateLink contract. */
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/settings";
import { AwsPrivateLink } from "./aws/privateLink";
import { AzurePrivateLink } from "./azure/privateLink";
import type { PrivateLink, PrivateLinkArgs } from "./types";

export { createProvider } from "./provider";
export type { PrivateLink } from "./types";

/** The root component's name: every resource's name starts with it. */
export const ROOT_NAME = "privatelink";

function commonArgs(settings: Settings): PrivateLinkArgs {
  return {
    region: settings.region,
    environment: settings.adobe.environment,
    company: settings.adobe.company,
    projectId: settings.adobe.projectId,
    adobePorts: settings.adobe.ports,
    clientCidrs: settings.clientCidrs,
    services: settings.services,
    adobeConnections: settings.adobe.connections,
    protect: settings.protect,
    tags: settings.tags,
  };
}

export function createPrivateLink(settings: Settings, opts: pulumi.ComponentResourceOptions): PrivateLink {
  if (settings.cloud === "aws") {
    const { vpcId, subnetIds, endpointService } = settings.aws;
    return new AwsPrivateLink(
      ROOT_NAME,
      { ...commonArgs(settings), vpcId, subnetIds, ...(endpointService ? { adobeEndpointService: endpointService } : {}) },
      opts,
    );
  }
  const { resourceGroupName, endpointSubnetId, serviceSubnetId, privateLinkService, subscriptionIds } = settings.azure;
  return new AzurePrivateLink(
    ROOT_NAME,
    {
      ...commonArgs(settings),
      resourceGroupName,
      endpointSubnetId,
      adobeSubscriptionIds: subscriptionIds,
      ...(serviceSubnetId ? { serviceSubnetId } : {}),
      ...(privateLinkService ? { adobePrivateLinkService: privateLinkService } : {}),
    },
    opts,
  );
}
