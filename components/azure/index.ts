/**
 * The Azure implementation of the contract. components/index.ts requires this module for Azure
 * stacks only, so that an Azure run never loads the AWS SDK.
 */
import { Provider } from "@pulumi/azure-native/provider";
import type * as pulumi from "@pulumi/pulumi";
import { PROVIDER_NAME } from "../naming";

export { AzurePrivateLink } from "./privateLink";

/**
 * The explicit provider for the cluster's region and the subnets' subscription: nothing relies on an
 * ambient `azure-native:location` or on the subscription the credentials default to. A private
 * endpoint, a load balancer frontend and a Private Link Service live in their virtual network's
 * subscription, so the program deploys there (config/azure.ts refuses subnets of two subscriptions).
 * Setting it on a stack deployed before replaces nothing: azure-native's DiffConfig reports no
 * replacement for any provider setting (pulumi-azure-native provider/pkg/provider/provider.go).
 */
export function createProvider(region: string, subscriptionId: string, opts: pulumi.CustomResourceOptions): pulumi.ProviderResource {
  return new Provider(PROVIDER_NAME, { location: region, subscriptionId }, opts);
}
