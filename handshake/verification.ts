/**
 * What to test once a leg is up: a TCP target per port (the input of `npm run verify`), the commands
 * of Adobe's guide for each, and the cloud-side checks an engineer runs, as exact CLI lines for this
 * stack's resources.
 */
import type { Settings } from "../config/settings";
import type { Leg } from "../rules/adobe";
import type { LinkFacts } from "./facts";

export interface VerificationTarget {
  readonly leg: Leg;
  readonly service: string;
  readonly host: string;
  readonly port: number;
  /** Adobe's test for this target: `curl -v telnet://<host>:<port>/`. */
  readonly curl: string;
}

export interface Verification {
  readonly targets: readonly VerificationTarget[];
  /** The steps Adobe Support runs for the Adobe -> customer leg ("Test VPC endpoint service connection"). */
  readonly adobeSupportSteps: readonly string[];
  /** Cloud-side checks: connection state, target health. */
  readonly cloudChecks: readonly string[];
}

/** Adobe's connection test for one port; an IPv6 address is bracketed, as in any URL (RFC 3986). */
export function curlLine(host: string, port: number): string {
  return `curl -v telnet://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

function target(leg: Leg, service: string, host: string, port: number): VerificationTarget {
  return { leg, service, host, port, curl: curlLine(host, port) };
}

function awsChecks(settings: Settings, facts: LinkFacts): string[] {
  const region = `--region ${settings.region}`;
  const checks: string[] = [];
  const endpoint = facts.toAdobe.endpointId;
  if (endpoint !== undefined) {
    checks.push(`aws ec2 describe-vpc-endpoints ${region} --vpc-endpoint-ids ${endpoint} --query "VpcEndpoints[].State" --output text`);
  }
  const from = facts.fromAdobe;
  if (from) {
    checks.push(
      `aws ec2 describe-vpc-endpoint-connections ${region} --filters Name=service-id,Values=${from.serviceId} --query "VpcEndpointConnections[].[VpcEndpointId,VpcEndpointState]" --output text`,
      `aws ec2 describe-vpc-endpoint-service-permissions ${region} --service-id ${from.serviceId} --query "AllowedPrincipals[].Principal" --output text`,
    );
    if (from.loadBalancerId !== undefined) {
      checks.push(
        `aws elbv2 describe-target-groups ${region} --load-balancer-arn ${from.loadBalancerId} --query "TargetGroups[].TargetGroupArn" --output text | xargs -n1 aws elbv2 describe-target-health ${region} --query "TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]" --output text --target-group-arn`,
      );
    }
  }
  return checks;
}

function azureChecks(settings: Settings, facts: LinkFacts): string[] {
  const checks: string[] = [];
  const endpoint = facts.toAdobe.endpointId;
  if (endpoint !== undefined) {
    checks.push(
      `az network private-endpoint show --ids ${endpoint} --query "manualPrivateLinkServiceConnections[].privateLinkServiceConnectionState.status" --output tsv`,
    );
    // The endpoint's NSG applies only once associated with its subnet, with network policies on.
    if (settings.cloud === "azure") {
      checks.push(
        `az network vnet subnet show --ids ${settings.azure.endpointSubnetId} --query "[networkSecurityGroup.id, privateEndpointNetworkPolicies]" --output tsv`,
      );
    }
  }
  const from = facts.fromAdobe;
  if (from) {
    checks.push(
      `az network private-link-service show --ids ${from.serviceId} --query "privateEndpointConnections[].[name,privateLinkServiceConnectionState.status]" --output tsv`,
    );
    // NIC-based pools: the hosts' IP configurations that joined each pool (handshake step 6).
    for (const poolId of new Set((facts.azureSetup?.poolMemberships ?? []).map((m) => m.poolId))) {
      checks.push(`az network lb address-pool show --ids ${poolId} --query "backendIPConfigurations[].id" --output tsv`);
    }
    if (from.loadBalancerId !== undefined) {
      checks.push(
        `az monitor metrics list --resource ${from.loadBalancerId} --metric DipAvailability --filter "BackendIPAddress eq '*' and BackendPort eq '*'" --interval PT1M --output table`,
      );
    }
  }
  return checks;
}

/**
 * The Adobe -> customer targets a customer host can reach. AWS: each service target on its target
 * port, since the load balancer's group admits no direct traffic (only PrivateLink's). A pass proves
 * that the target listens and that this host's network reaches it; the load balancer -> target path
 * is proven by target health (cloudChecks), Adobe's endpoint by Adobe Support's curl. Azure: the
 * load balancer's frontend, reachable from the virtual network.
 */
function adobeToCustomerTargets(settings: Settings, facts: LinkFacts): VerificationTarget[] {
  const lb = facts.fromAdobe?.loadBalancerAddress;
  if (lb === undefined) return [];
  if (settings.cloud === "aws") {
    return settings.services.flatMap((s) => s.targets.map((ip) => target("adobe-to-customer", s.name, ip, s.targetPort)));
  }
  return settings.services.map((s) => target("adobe-to-customer", s.name, lb, s.port));
}

export function verification(settings: Settings, facts: LinkFacts): Verification {
  // The regional DNS name (AWS) or the first private IP (Azure) serves every zone.
  const host = facts.toAdobe.hosts[0];
  const toAdobe = host === undefined ? [] : settings.adobe.ports.map((p) => target("customer-to-adobe", p.name, host, p.port));
  const fromAdobe = adobeToCustomerTargets(settings, facts);
  const adobeSupportSteps = facts.fromAdobe
    ? [
        "magento-cloud environment:checkout <environment-id>",
        ...settings.services.map((s) => `${curlLine("<Adobe's endpoint DNS name>", s.port)}   # ${s.name}`),
        ...settings.services.map((s) => `netstat -na | grep ${s.targetPort}   # on each ${s.name} target: ${s.targets.join(", ")}`),
        ...settings.services.map((s) => `tcpdump -i <ethernet-interface> -tt -nn port ${s.targetPort}   # on each ${s.name} target`),
      ]
    : [];
  const cloudChecks = settings.cloud === "aws" ? awsChecks(settings, facts) : azureChecks(settings, facts);
  return { targets: [...toAdobe, ...fromAdobe], adobeSupportSteps, cloudChecks };
}
