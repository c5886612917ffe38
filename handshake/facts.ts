/**
 * What the ticket, the handshake and the verification are computed from: the validated settings and
 * the values the cloud-neutral contract resolves to. Everything downstream is a pure function of these.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AzureSetup, FromAdobeValues, PrivateLink, ToAdobeValues } from "../components/types";

export type ToAdobeFacts = ToAdobeValues;

/** Includes, on Azure, every connection on the Private Link Service and its status, read back. */
export type FromAdobeFacts = FromAdobeValues;

export interface LinkFacts {
  readonly accountId: string;
  readonly toAdobe: ToAdobeFacts;
  readonly fromAdobe: FromAdobeFacts | undefined;
  /** Azure: what the handshake turns into exact commands. */
  readonly azureSetup?: AzureSetup | undefined;
}

/** Resolves the contract's outputs into one plain value. */
export function linkFacts(link: PrivateLink): pulumi.Output<LinkFacts> {
  return pulumi.output({ accountId: link.accountId, toAdobe: link.toAdobe, fromAdobe: link.fromAdobe, azureSetup: link.azureSetup });
}
