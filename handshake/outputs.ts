/**
 * The stack outputs, built on the cloud-neutral contract only: they read the same on AWS and Azure.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PrivateLink } from "../components/types";
import type { Settings } from "../config/settings";
import { linkFacts } from "./facts";
import { type Handshake, handshake } from "./state";
import { type EnablementRequest, enablementRequest } from "./ticket";
import { type Verification, verification } from "./verification";

export interface StackOutputs {
  readonly cloud: string;
  readonly region: string;
  readonly topology: string;
  readonly environment: string;
  /** The customer's AWS account id or Azure subscription id. */
  readonly accountId: pulumi.Output<string>;
  readonly toAdobe: PrivateLink["toAdobe"];
  readonly fromAdobe?: PrivateLink["fromAdobe"];
  /** Adobe's ticket, structured and as text. */
  readonly enablementRequest: pulumi.Output<EnablementRequest>;
  /** Each leg's state and the next step of Adobe's workflow. */
  readonly handshake: pulumi.Output<Handshake>;
  /** The targets `npm run verify` tests, Adobe's commands, and the cloud-side checks. */
  readonly verification: pulumi.Output<Verification>;
}

/**
 * The stack outputs as `pulumi up` exports them, every output resolved: the one type the offline plan
 * and the tests read them as.
 */
export type StackOutputValues = pulumi.Unwrap<StackOutputs>;

export function stackOutputs(settings: Settings, link: PrivateLink): StackOutputs {
  const facts = linkFacts(link);
  return {
    cloud: settings.cloud,
    region: settings.region,
    topology: settings.topology,
    environment: settings.adobe.environment,
    accountId: link.accountId,
    toAdobe: link.toAdobe,
    ...(link.fromAdobe ? { fromAdobe: link.fromAdobe } : {}),
    enablementRequest: facts.apply((f) => enablementRequest(settings, f)),
    handshake: facts.apply((f) => handshake(settings, f)),
    verification: facts.apply((f) => verification(settings, f)),
  };
}
