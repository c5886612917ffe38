/**
 * The customer's endpoint to Adobe is an Interface endpoint with private DNS off. "To Adobe" means an
 * endpoint to a PrivateLink endpoint service (`com.amazonaws.vpce.<region>.vpce-svc-...`); endpoints
 * to AWS services (`com.amazonaws.<region>.s3`) are not Adobe's and not judged.
 */
import { bool, str } from "../props";
import { explain, notApplicable, resourcePolicy, show, type ResourceCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "vpc-endpoint-to-adobe-interface-no-private-dns";

/** Endpoint services (Adobe's among them) are named `com.amazonaws.vpce.<region>.vpce-svc-<id>`. */
const ENDPOINT_SERVICE_NAME = /^com\.amazonaws\.vpce\./;

export const check: ResourceCheck = (subject) => {
  if (!isKind(subject.type, "aws-vpc-endpoint")) return notApplicable("not an AWS VPC endpoint");
  const serviceName = str(subject.props, "serviceName");
  // An unset service name is judged: it cannot be shown not to be Adobe's.
  if (serviceName !== undefined && !ENDPOINT_SERVICE_NAME.test(serviceName))
    return notApplicable(`endpoint to the AWS service ${serviceName}, not to an endpoint service`);
  const problems: string[] = [];
  // Unset means the provider default, Gateway.
  const type = str(subject.props, "vpcEndpointType") ?? "Gateway";
  if (type !== "Interface")
    problems.push(
      explain(
        `vpcEndpointType is ${show(str(subject.props, "vpcEndpointType"))} (${type}), must be "Interface"`,
        "Adobe's endpoint service is a PrivateLink (Network Load Balancer) service, which only Interface endpoints reach; Gateway endpoints exist for S3 and DynamoDB only",
        'set vpcEndpointType: "Interface"',
      ),
    );
  const privateDns = bool(subject.props, "privateDnsEnabled");
  if (privateDns === true)
    problems.push(
      explain(
        "privateDnsEnabled is true",
        'Adobe\'s guide: "PrivateDNS is not available"; AWS refuses to create the endpoint when the service has no verified private DNS name',
        "set privateDnsEnabled: false and connect to the endpoint's regional DNS name",
      ),
    );
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS VPC endpoints to Adobe's endpoint service are Interface endpoints with private DNS off.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'Set vpcEndpointType: "Interface" and privateDnsEnabled: false on the endpoint to Adobe.',
  },
  check,
);
