/** The customer's endpoint service approves each connection: Adobe's guide has the customer approve Adobe's request. */
import { bool } from "../props";
import { COMPLIANT, explain, notApplicable, resourcePolicy, show, type ResourceCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "vpc-endpoint-service-acceptance-required";

export const check: ResourceCheck = (subject) => {
  if (!isKind(subject.type, "aws-vpc-endpoint-service")) return notApplicable("not an AWS VPC endpoint service");
  const acceptanceRequired = bool(subject.props, "acceptanceRequired");
  if (acceptanceRequired === true) return COMPLIANT;
  return verdict([
    explain(
      `VPC endpoint service acceptanceRequired is ${show(acceptanceRequired)}, must be true`,
      'Adobe\'s guide: "Customer approves the connection request from Adobe to complete the setup"; without acceptance any allowed principal connects unreviewed (checkov CKV_AWS_123)',
      "set acceptanceRequired: true and accept Adobe's endpoint with a VpcEndpointConnectionAccepter",
    ),
  ]);
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS VPC endpoint services require manual acceptance of every connection.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set acceptanceRequired: true on the aws.ec2.VpcEndpointService and accept only Adobe's endpoint.",
  },
  check,
);
