/**
 * Who may connect to the customer's endpoint service: never `*`, and only the configured principals
 * (Adobe's by default). Covers inline `allowedPrincipals` and `VpcEndpointServiceAllowedPrinciple`.
 */
import { ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";
import { schemaFor } from "../config";
import { str, strs } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { kindOf } from "../tokens";

export const name = "vpc-endpoint-service-only-configured-principals";

const WHY_ADOBE = `Adobe's guide: "allow the endpoint service access to the following AWS account principal: ${ADOBE_AWS_PRINCIPAL}"; any other principal may connect to the customer's services`;

export const check: ResourceCheck = (subject, config) => {
  const kind = kindOf(subject.type);
  let principals: string[];
  if (kind === "aws-vpc-endpoint-service") {
    principals = strs(subject.props, "allowedPrincipals") ?? [];
    if (principals.length === 0) return COMPLIANT;
  } else if (kind === "aws-vpc-endpoint-service-allowed-principal") {
    const principal = str(subject.props, "principalArn");
    if (principal === undefined) return notApplicable("principalArn is not set");
    principals = [principal];
  } else {
    return notApplicable("not an AWS VPC endpoint service or allowed principal");
  }
  const allowed = new Set(config.allowedPrincipals);
  const field = kind === "aws-vpc-endpoint-service" ? "allowedPrincipals" : "principalArn";
  return verdict(
    principals.flatMap((principal) => {
      if (principal === "*")
        return [
          explain(
            `${field} contains "*", which lets every AWS account connect`,
            WHY_ADOBE,
            `replace "*" with ${config.allowedPrincipals.map((p) => JSON.stringify(p)).join(", ")}`,
          ),
        ];
      if (!allowed.has(principal))
        return [
          explain(
            `${field} contains ${JSON.stringify(principal)}, which is not a configured principal (${config.allowedPrincipals.join(", ")})`,
            WHY_ADOBE,
            `remove it, or add it to the policy config allowedPrincipals if it is intended`,
          ),
        ];
      return [];
    }),
  );
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS VPC endpoint services allow only the configured principals (Adobe's by default), never '*'.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: schemaFor("allowedPrincipals"),
    remediationSteps: `Allow exactly ${ADOBE_AWS_PRINCIPAL} (or the principals in policy config allowedPrincipals) on the endpoint service.`,
  },
  check,
);
