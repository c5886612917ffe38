/**
 * Where each leg stands in Adobe's enablement workflow and the one thing to do next, numbered like
 * the steps of the guide's "Enablement workflow" (1-5 for customer -> Adobe, 6 for Adobe -> customer).
 */
import type { FromAdobeState, ToAdobeState } from "../components/types";
import type { Settings } from "../config/settings";
import type { Leg } from "../rules/adobe";
import { azureFromAdobeNext, endpointSubnetCommands } from "./azure";
import type { LinkFacts } from "./facts";

export interface LegHandshake {
  readonly state: ToAdobeState | FromAdobeState;
  /** The step of Adobe's workflow the leg waits on. */
  readonly step: string;
  readonly next: string;
  /**
   * AWS Adobe -> customer: per service, the rule the targets' own security groups need (TCP on the
   * target port from the load balancer's group), as an `aws ec2 authorize-security-group-ingress` line.
   */
  readonly targetSecurityGroupRules?: readonly string[];
  /**
   * AWS Adobe -> customer: what to run before `pulumi destroy`, setting topology: unidirectional or
   * removing every service: AWS refuses to delete an endpoint service while Adobe's connection is
   * Available or PendingAcceptance, and removing an id from adobe.connections leaves it accepted.
   */
  readonly teardown?: string;
}

export interface Handshake {
  readonly legs: Partial<Record<Leg, LegHandshake>>;
  /** The next action of the whole connection: the earliest step still open. */
  readonly next: string;
}

const VERIFY = "pulumi stack output --json | npm run verify";

/**
 * Azure applies the endpoint's rules only through the endpoint subnet, which is the customer's: the
 * handshake gives the exact commands (handshake/azure.ts), once.
 */
function azureNsgStep(settings: Settings, facts: LinkFacts): string {
  if (settings.cloud !== "azure") return "";
  const commands = endpointSubnetCommands(settings, facts);
  if (commands.length === 0) return "";
  return ` Once, so that only network.clientCidrs reach the endpoint: ${commands.join(" ; ")}.`;
}

function toAdobe(settings: Settings, facts: LinkFacts): LegHandshake {
  const { state, endpointId, connectionState } = facts.toAdobe;
  const key = settings.cloud === "aws" ? "adobe.endpointService" : "adobe.privateLinkService";
  const what = settings.cloud === "aws" ? "endpoint service name" : "Private Link Service resource id or alias";
  switch (state) {
    case "awaiting-adobe-service":
      return {
        state,
        step: "2",
        next: `Step 1: send the enablementRequest ticket to Adobe Commerce Support. Step 2: Adobe replies with its ${what}; set ${key} to it and run pulumi up (step 3).`,
      };
    case "awaiting-adobe-approval":
      return {
        state,
        step: "4",
        next: `Step 4: Adobe approves the connection request of endpoint ${endpointId ?? "(pending)"}; update the ticket if it stays pending, then run pulumi up --refresh (a refresh alone reads the endpoint's state but does not recompute these outputs) and test every port with ${VERIFY} (step 5).${azureNsgStep(settings, facts)}`,
      };
    case "connected":
      return {
        state,
        step: "5",
        next: `Step 5: from a host in network.clientCidrs, test every port: ${VERIFY}.${azureNsgStep(settings, facts)}`,
      };
    case "failed":
      return {
        state,
        step: "4",
        next: `Adobe has not approved endpoint ${endpointId ?? ""} (state ${connectionState ?? "unknown"}): update the support ticket with the endpoint id and ask Adobe to approve it (step 4).`,
      };
  }
}

/** The exact AWS steps of the Adobe -> customer leg (see `LegHandshake`). */
function awsFromAdobeSteps(settings: Settings, facts: NonNullable<LinkFacts["fromAdobe"]>): Partial<LegHandshake> {
  const region = `--region ${settings.region}`;
  const group = facts.securityGroupId ?? "<load balancer security group>";
  const targetSecurityGroupRules = settings.services.map(
    (s) =>
      `aws ec2 authorize-security-group-ingress ${region} --group-id <security group of ${s.targets.join(", ")}> --ip-permissions ` +
      `'IpProtocol=tcp,FromPort=${s.targetPort},ToPort=${s.targetPort},UserIdGroupPairs=[{GroupId=${group},Description="Adobe Commerce PrivateLink ${s.name}"}]'`,
  );
  const list = `aws ec2 describe-vpc-endpoint-connections ${region} --filters Name=service-id,Values=${facts.serviceId} --query "VpcEndpointConnections[?VpcEndpointState=='available' || VpcEndpointState=='pendingAcceptance'].VpcEndpointId" --output text`;
  const reject =
    facts.acceptedConnections.length > 0
      ? `aws ec2 reject-vpc-endpoint-connections ${region} --service-id ${facts.serviceId} --vpc-endpoint-ids ${facts.acceptedConnections.join(" ")}`
      : `${list} | xargs -r aws ec2 reject-vpc-endpoint-connections ${region} --service-id ${facts.serviceId} --vpc-endpoint-ids`;
  const teardown =
    `Before pulumi destroy, topology: unidirectional or removing every service, and to cut Adobe off after removing an id from adobe.connections (the approval is retained, not rejected): ` +
    `reject Adobe's connections to ${facts.serviceId} first, since AWS refuses to delete an endpoint service whose connections are available or pendingAcceptance: ${reject}; ` +
    `then list what is left with ${list}` +
    (settings.protect ? "; with protect: true also set protect: false and run pulumi up once before the change that deletes." : ".");
  return { targetSecurityGroupRules, teardown };
}

function fromAdobe(settings: Settings, link: LinkFacts, facts: NonNullable<LinkFacts["fromAdobe"]>): LegHandshake {
  if (settings.cloud === "azure") return { state: facts.state, step: "6", next: azureFromAdobeNext(settings, link, facts) };
  const steps = awsFromAdobeSteps(settings, facts);
  if (facts.state === "accepted") {
    return {
      state: facts.state,
      step: "6",
      next: `Step 6: this stack approves Adobe's connection ${facts.acceptedConnections.join(", ")}; ask Adobe Support to verify the connection from the Adobe VPC, and check target health (verification.cloudChecks).`,
      ...steps,
    };
  }
  return {
    state: facts.state,
    step: "6",
    next: `Step 6: Adobe connects to endpoint service ${facts.serviceName}; when Adobe sends its endpoint id (vpce-...), add it to adobe.connections only once it shows pendingAcceptance (aws ec2 describe-vpc-endpoint-connections --region ${settings.region} --filters Name=service-id,Values=${facts.serviceId} --query "VpcEndpointConnections[].[VpcEndpointId,VpcEndpointState]" --output text), then run pulumi up to approve it.`,
    ...steps,
  };
}

export function handshake(settings: Settings, facts: LinkFacts): Handshake {
  const to = toAdobe(settings, facts);
  const from = facts.fromAdobe ? fromAdobe(settings, facts, facts.fromAdobe) : undefined;
  const legs: Partial<Record<Leg, LegHandshake>> = { "customer-to-adobe": to, ...(from ? { "adobe-to-customer": from } : {}) };
  // The customer -> Adobe leg comes first in Adobe's workflow; once it is connected, the other leg leads.
  const next = to.state === "connected" && from && from.state !== "accepted" ? from.next : to.next;
  return { legs, next };
}
