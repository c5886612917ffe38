/**
 * The AWS implementation of the contract. components/index.ts requires this module for AWS stacks
 * only, so that an AWS run never loads the Azure SDK.
 */
import { Provider } from "@pulumi/aws/provider";
import type * as pulumi from "@pulumi/pulumi";
import { PROVIDER_NAME } from "../naming";

export { AwsPrivateLink } from "./privateLink";

/** The explicit provider for the cluster's region: nothing relies on an ambient `aws:region`. */
export function createProvider(region: string, opts: pulumi.CustomResourceOptions): pulumi.ProviderResource {
  return new Provider(PROVIDER_NAME, { region }, opts);
}
