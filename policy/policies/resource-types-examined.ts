/**
 * A resource whose type the pack does not know is not examined: no port, source, principal or region
 * of it is checked. Rather than pass it silently, the pack says so (advisory): another provider's
 * version of a PrivateLink resource (`aws-native:`, the classic `azure:`) or any other type may open
 * what the policies exist to refuse. The stack itself, Pulumi's own types, the aws and azure-native
 * providers and this project's components (which create nothing themselves) are known.
 */
import { explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { kindOf } from "../tokens";

export const name = "resource-types-examined";

/** This project's component resources: `commerce-privatelink:<scope>:<Type>` (components/naming.ts). */
const OWN_COMPONENTS = "commerce-privatelink:";

export function isKnownType(type: string): boolean {
  return kindOf(type) !== undefined || type.startsWith("pulumi:pulumi:") || type.startsWith(OWN_COMPONENTS);
}

export const check: ResourceCheck = (subject) => {
  if (isKnownType(subject.type)) return notApplicable("a type the pack knows");
  return verdict([
    explain(
      `${subject.type} is not a resource type this pack knows, so none of its ports, sources, principals or region is examined`,
      "only the aws and azure-native resources of a PrivateLink connection are checked; another provider's resource (aws-native, the classic azure provider) or any other type may open a port or admit a principal unseen",
      "build the connection with the aws or azure-native resources the pack checks, or review this resource by hand",
    ),
  ]);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Resources of a type the pack does not know are reported as not examined (advisory).",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Use the aws / azure-native resource types the pack checks, or review the reported resource by hand.",
  },
  check,
);
