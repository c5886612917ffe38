/**
 * The other half of "exactly the configured principals": every configured principal is granted
 * somewhere in the stack. Grants are collected stack-wide (inline `allowedPrincipals` and
 * `VpcEndpointServiceAllowedPrinciple`) because a grant names its service by id, which is not known
 * during preview; a PrivateLink stack has one endpoint service.
 */
import { ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";
import { schemaFor } from "../config";
import { str, strs } from "../props";
import { explain, notApplicable, stackPolicy, type StackCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "vpc-endpoint-service-grants-configured-principals";

export const checkStack: StackCheck = (subjects, config) => {
  const services = subjects.filter((s) => isKind(s.type, "aws-vpc-endpoint-service"));
  if (services.length === 0) return notApplicable("the stack has no AWS VPC endpoint service");
  const granted = new Set<string>();
  for (const s of subjects) {
    if (isKind(s.type, "aws-vpc-endpoint-service")) for (const p of strs(s.props, "allowedPrincipals") ?? []) granted.add(p);
    if (isKind(s.type, "aws-vpc-endpoint-service-allowed-principal")) {
      const p = str(s.props, "principalArn");
      if (p !== undefined) granted.add(p);
    }
  }
  const missing = config.allowedPrincipals.filter((p) => !granted.has(p));
  if (missing.length === 0) return verdict([]);
  return verdict(
    services.map((service) => ({
      urn: service.urn,
      message: explain(
        `no allowed principal grants ${missing.join(", ")} access to the endpoint service ${JSON.stringify(service.name)}`,
        'Adobe\'s guide: "If access to the endpoint service is not provided, then the bidirectional PrivateLink connection to the service in your VPC is not added, which delays the setup"',
        `add ${missing.join(", ")} to allowedPrincipals, or create an aws.ec2.VpcEndpointServiceAllowedPrinciple for it`,
      ),
    })),
  );
};

export const policy = stackPolicy(
  {
    name,
    description: "Every configured principal (Adobe's by default) is allowed on the customer's AWS VPC endpoint service.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaFor("allowedPrincipals"),
    remediationSteps: `Grant ${ADOBE_AWS_PRINCIPAL} (or the configured principals) access to the endpoint service.`,
  },
  checkStack,
);
