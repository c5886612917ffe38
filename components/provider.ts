/**
 * The explicit provider for the stack's cloud and region. Nothing relies on ambient `aws:region` or
 * `azure-native:location`: every resource is created in the region of the Adobe Commerce cluster.
 */
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../config/settings";

export const PROVIDER_NAME = "privatelink";

export function createProvider(settings: Settings, opts: pulumi.CustomResourceOptions = {}): pulumi.ProviderResource {
  return settings.cloud === "aws"
    ? new AwsProvider(PROVIDER_NAME, { region: settings.region }, opts)
    : new AzureProvider(PROVIDER_NAME, { location: settings.region }, opts);
}
