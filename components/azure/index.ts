/**
 * The Azure implementation of the contract. components/index.ts requires this module for Azure
 * stacks only, so that an Azure run never loads the AWS SDK.
 */
import { Provider } from "@pulumi/azure-native/provider";
import type * as pulumi from "@pulumi/pulumi";
import { PROVIDER_NAME } from "../naming";

export { AzurePrivateLink } from "./privateLink";

/** The explicit provider for the cluster's region: nothing relies on an ambient `azure-native:location`. */
export function createProvider(region: string, opts: pulumi.CustomResourceOptions): pulumi.ProviderResource {
  return new Provider(PROVIDER_NAME, { location: region }, opts);
}
