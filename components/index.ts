/**
 * Chooses the cloud's implementation of the one PrivateLink contract. A cloud's module is required
 * when the first stack of that cloud is planned, never before: a run loads one cloud SDK, not both.
 * The other one would cost 20-25 ms of loading and its memory on every `pulumi up`, preview and
 * offline plan.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/settings";
import type * as AwsCloud from "./aws";
import type * as AzureCloud from "./azure";
import { ROOT_NAME } from "./naming";
import type { PrivateLink, PrivateLinkArgs } from "./types";

export type { PrivateLink } from "./types";
export { ROOT_NAME };

/* eslint-disable @typescript-eslint/no-require-imports -- required on demand, see above */
const aws = (): typeof AwsCloud => require("./aws") as typeof AwsCloud;
const azure = (): typeof AzureCloud => require("./azure") as typeof AzureCloud;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The explicit provider of the stack's cloud, for the Adobe Commerce cluster's region. */
export function createProvider(settings: Settings, opts: pulumi.CustomResourceOptions = {}): pulumi.ProviderResource {
  return settings.cloud === "aws" ? aws().createProvider(settings, opts) : azure().createProvider(settings, opts);
}

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
    const { AwsPrivateLink } = aws();
    const { vpcId, subnetIds, endpointService } = settings.aws;
    return new AwsPrivateLink(
      ROOT_NAME,
      { ...commonArgs(settings), vpcId, subnetIds, ...(endpointService ? { adobeEndpointService: endpointService } : {}) },
      opts,
    );
  }
  const { AzurePrivateLink } = azure();
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
