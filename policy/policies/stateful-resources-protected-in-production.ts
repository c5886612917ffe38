/**
 * In production the resources that carry the connection are `protect`ed: deleting or replacing the
 * endpoint, the endpoint service / Private Link Service, the load balancer or an accepted connection
 * breaks the link to Adobe Commerce, and rebuilding it is a new Adobe ticket (up to five business
 * days). AWS accepters are retained on delete rather than protected (see below). Read from the
 * resource option, not from props.
 */
import { schemaFor } from "../config";
import { readEnvironment } from "../environment";
import { COMPLIANT, explain, notApplicable, resourcePolicy, show, type ResourceCheck, verdict } from "../rule";
import { isKind, type Kind } from "../tokens";

export const name = "stateful-resources-protected-in-production";

/**
 * Not the AWS connection accepter: the engine refuses to delete a protected resource even with
 * retainOnDelete (pulumi/pulumi pkg/resource/deploy/step.go, DeleteStep), so a protected accepter could
 * never leave adobe.connections. The program retains it on delete instead, which keeps Adobe's
 * connection accepted; rejecting it is an explicit AWS CLI step.
 */
export const STATEFUL_KINDS: readonly Kind[] = [
  "aws-vpc-endpoint",
  "aws-vpc-endpoint-service",
  "aws-load-balancer",
  "azure-private-endpoint",
  "azure-private-link-service",
  "azure-private-link-service-connection",
  "azure-load-balancer",
];

export const check: ResourceCheck = (subject, config) => {
  if (!isKind(subject.type, ...STATEFUL_KINDS)) return notApplicable("not a stateful PrivateLink resource");
  const environment = readEnvironment(config);
  if (environment.kind === "unknown") return verdict([environment.message]);
  if (environment.kind !== "production") return notApplicable(`environment is ${show(config.environment)}, not production`);
  if (subject.protect) return COMPLIANT;
  return verdict([
    explain(
      `${subject.type} ${JSON.stringify(subject.name)} is not protected (protect: false)`,
      'deleting or replacing it breaks the production connection to Adobe Commerce, and "Enabling PrivateLink can take up to five business days" (Adobe\'s guide)',
      "set commerce-privatelink:protect: true (the default for production), or the protect resource option",
    ),
  ]);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Stateful PrivateLink resources (endpoints, services, load balancers, accepted connections) are protected in production.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: schemaFor("environment"),
    remediationSteps: "Set the protect resource option on the endpoint, service, load balancer and connection resources in production.",
  },
  check,
);
