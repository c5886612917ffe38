/**
 * Child names derive from the component name through this one helper. Names are a contract: renaming
 * a child replaces the live resource (a new endpoint means a new Adobe ticket), so a rename must come
 * with an alias.
 */
export function childName(parent: string, ...parts: readonly string[]): string {
  return [parent, ...parts].join("-");
}

/** Type tokens of this project's components: `commerce-privatelink:<aws|azure|index>:<Type>`. */
export function componentType(scope: "aws" | "azure" | "index", type: string): string {
  return `commerce-privatelink:${scope}:${type}`;
}

/** The root component's name: every resource's name starts with it. */
export const ROOT_NAME = "privatelink";

/** The explicit provider's name (one per stack, for the cluster's region). */
export const PROVIDER_NAME = "privatelink";
