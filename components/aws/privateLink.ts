import * as pulumi from "@pulumi/pulumi";
import type { AwsPrivateLinkArgs, PrivateLink } from "../types";

export declare class AwsPrivateLink extends pulumi.ComponentResource implements PrivateLink {
  readonly cloud: PrivateLink["cloud"];
  readonly topology: PrivateLink["topology"];
  readonly accountId: PrivateLink["accountId"];
  readonly toAdobe: PrivateLink["toAdobe"];
  readonly fromAdobe?: PrivateLink["fromAdobe"];
  constructor(name: string, args: AwsPrivateLinkArgs, opts?: pulumi.ComponentResourceOptions);
}
