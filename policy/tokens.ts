/**
 * Resource kinds by type token, read from the one table of resource types (lib/resourceTypes.ts). A
 * policy asks "is this an AWS load balancer?", not "is the token exactly aws:lb/loadBalancer:LoadBalancer?",
 * so that the deprecated and aliased tokens of the same resource (the SDKs' `aliases` lists) and
 * azure-native's versioned tokens are covered too: a hand-written program that uses `aws.alb.LoadBalancer`
 * or `network.v20230201.PrivateEndpoint` creates the same cloud resource and gets the same checks.
 */
import { type Kind, resourceType } from "../lib/resourceTypes";

export type { Kind };

/** The kind of a cloud resource or provider; undefined for this project's components and any other type. */
export function kindOf(type: string): Kind | undefined {
  return resourceType(type)?.kind;
}

export function isKind(type: string, ...kinds: Kind[]): boolean {
  const kind = kindOf(type);
  return kind !== undefined && kinds.includes(kind);
}

/** The cloud a resource (or provider) lives in, from its package; undefined for anything else. */
export function cloudOfType(type: string): "aws" | "azure" | undefined {
  if (type.startsWith("aws:") || type === "pulumi:providers:aws") return "aws";
  if (type.startsWith("azure-native:") || type === "pulumi:providers:azure-native") return "azure";
  return undefined;
}

export function isProviderType(type: string): boolean {
  return type.startsWith("pulumi:providers:");
}
