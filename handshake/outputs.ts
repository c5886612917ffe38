/**
 * The stack outputs, built on the cloud-neutral contract only: they read the same on AWS and Azure.
 */
import * as pulumi from "@pulumi/pulumi";
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

/**
 * `secret`: the config keys Pulumi holds as secret. An output made from one of them is a secret
 * output: the plain keys from their own key; everything the link derives (tickets, steps, commands
 * and targets name the region, the cloud, the topology and the protection as well as the structured
 * keys) once any key is secret.
 */
export function stackOutputs(settings: Settings, link: PrivateLink, secret: readonly string[] = []): StackOutputs {
  const facts = linkFacts(link);
  const derived = secret.length > 0;
  const from = <T>(keys: readonly string[], value: T): T =>
    keys.some((key) => secret.includes(key)) ? (pulumi.secret(value) as T) : value;
  const linked = <T>(value: T): T => (derived ? (pulumi.secret(value) as T) : value);
  return {
    cloud: from(["cloud"], settings.cloud),
    region: from(["region"], settings.region),
    topology: from(["topology"], settings.topology),
    environment: from(["adobe"], settings.adobe.environment),
    accountId: link.accountId,
    toAdobe: linked(link.toAdobe),
    ...(link.fromAdobe ? { fromAdobe: linked(link.fromAdobe) } : {}),
    enablementRequest: linked(facts.apply((f) => enablementRequest(settings, f))),
    handshake: linked(facts.apply((f) => handshake(settings, f))),
    verification: linked(facts.apply((f) => verification(settings, f))),
  };
}
