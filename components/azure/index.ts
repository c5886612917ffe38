/**
 * The Azure implementation of the contract. components/index.ts requires this module for Azure
 * stacks only, so that an Azure run never loads the AWS SDK.
 */
import { Provider } from "@pulumi/azure-native/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { AzureSettings } from "../../config/settings";
import { PROVIDER_NAME } from "../naming";

export { AzurePrivateLink } from "./privateLink";

/**
 * The explicit provider for the cluster's region: nothing relies on an ambient
 * `azure-native:location`. An explicit provider does not read the stack's `azure-native:` keys, so the
 * ones that choose the credentials or the subscription (`azure-native:subscriptionId`, ...) are
 * passed here; config/providers.ts refuses the rest with why.
 */
export function createProvider(settings: AzureSettings, opts: pulumi.CustomResourceOptions): pulumi.ProviderResource {
  return new Provider(PROVIDER_NAME, { location: settings.region, ...settings.azure.provider }, opts);
}
