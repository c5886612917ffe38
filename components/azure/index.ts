/**
 * The Azure implementation of the contract. components/index.ts requires this module for Azure
 * stacks only, so that an Azure run never loads the AWS SDK.
 */
import { Provider } from "@pulumi/azure-native/provider";
import type * as pulumi from "@pulumi/pulumi";
import { subscriptionOf } from "../../config/azure";
import type { AzureSettings } from "../../config/settings";
import { PROVIDER_NAME } from "../naming";

export { AzurePrivateLink } from "./privateLink";

/**
 * The explicit provider for the cluster's region and the subnets' subscription: nothing relies on an
 * ambient `azure-native:location` or on the subscription the credentials default to. A private
 * endpoint, a load balancer frontend and a Private Link Service live in their virtual network's
 * subscription, so the program deploys there (config/azure.ts refuses subnets of two subscriptions,
 * and an `azure-native:subscriptionId` naming another). An explicit provider does not read the
 * stack's `azure-native:` keys, so the ones that choose the credentials are passed here;
 * config/providers.ts refuses the rest with why. Setting the subscription on a stack deployed before
 * replaces nothing: azure-native's DiffConfig reports no replacement for any provider setting
 * (pulumi-azure-native provider/pkg/provider/provider.go).
 */
export function createProvider(settings: AzureSettings, opts: pulumi.CustomResourceOptions): pulumi.ProviderResource {
  const subscriptionId = subscriptionOf(settings.azure.endpointSubnetId) ?? settings.azure.provider?.subscriptionId;
  return new Provider(PROVIDER_NAME, { location: settings.region, ...settings.azure.provider, subscriptionId }, opts);
}
