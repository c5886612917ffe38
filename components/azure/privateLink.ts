import * as pulumi from "@pulumi/pulumi";
import type { AzurePrivateLinkArgs, PrivateLink } from "../types";

export declare class AzurePrivateLink extends pulumi.ComponentResource implements PrivateLink {
  readonly cloud: PrivateLink["cloud"];
  readonly topology: PrivateLink["topology"];
  readonly accountId: PrivateLink["accountId"];
  readonly toAdobe: PrivateLink["toAdobe"];
  readonly fromAdobe?: PrivateLink["fromAdobe"];
  constructor(name: string, args: AzurePrivateLinkArgs, opts?: pulumi.ComponentResourceOptions);
}
