/** The stack outputs, built on the cloud-neutral contract only. */
import type * as pulumi from "@pulumi/pulumi";
import type { PrivateLink } from "../components/types";
import type { Settings } from "../config/settings";

export interface StackOutputs {
  cloud: string;
  region: string;
  topology: string;
  accountId: pulumi.Output<string>;
  toAdobe: PrivateLink["toAdobe"];
  fromAdobe?: PrivateLink["fromAdobe"];
}

export function stackOutputs(settings: Settings, link: PrivateLink): StackOutputs {
  return {
    cloud: settings.cloud,
    region: settings.region,
    topology: settings.topology,
    accountId: link.accountId,
    toAdobe: link.toAdobe,
    ...(link.fromAdobe ? { fromAdobe: link.fromAdobe } : {}),
  };
}
