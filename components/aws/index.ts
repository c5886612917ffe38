/**
 * The AWS implementation of the contract. components/index.ts requires this module for AWS stacks
 * only, so that an AWS run never loads the Azure SDK.
 */
import { Provider } from "@pulumi/aws/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsSettings } from "../../config/settings";
import { PROVIDER_NAME } from "../naming";

export { AwsPrivateLink } from "./privateLink";

/**
 * The explicit provider for the cluster's region: nothing relies on an ambient `aws:region`. An
 * explicit provider does not read the stack's `aws:` keys, so the ones that choose the credentials or
 * the account (`aws:profile`, `aws:assumeRoles`, ...) are passed here; config/providers.ts refuses
 * the rest with why.
 */
export function createProvider(settings: AwsSettings, opts: pulumi.CustomResourceOptions): pulumi.ProviderResource {
  return new Provider(PROVIDER_NAME, { region: settings.region, ...settings.aws.provider }, opts);
}
