/**
 * Customer -> Adobe: an interface VPC endpoint to Adobe's endpoint service, and the security group
 * that decides which customer networks may use it.
 */
import { SecurityGroup, VpcEndpoint } from "@pulumi/aws/ec2";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import type { AdobePort } from "../../config/settings";
import { planIngressRules } from "../../lib/ports";
import { PRIVATE_DNS_AVAILABLE } from "../../rules/adobe";
import { AWS_QUOTAS, awsIngressBreach, describeBreach } from "../../rules/quotas";
import { childName, componentType } from "../naming";
import type { ToAdobeLeg, ToAdobeState } from "../types";
import { orderEndpointHosts, toAdobeState } from "./status";
import { placeEndpoint, type SubnetZone } from "./zones";

/**
 * The group's description is fixed: AWS cannot change a security group's description in place, so
 * any change (even one interpolating a port list) would replace the group and the endpoint's ENIs
 * with it.
 */
export const ENDPOINT_SECURITY_GROUP_DESCRIPTION = "Adobe Commerce PrivateLink endpoint: TCP from customer networks to Adobe Commerce";

export interface AdobeEndpointArgs {
  /** Region of every resource: the Adobe Commerce cluster's region. */
  readonly region: string;
  /** The customer's VPC, where the security group and the endpoint are created. */
  readonly vpcId: string;
  /**
   * Adobe's endpoint service name (`com.amazonaws.vpce.<region>.vpce-svc-...`).
   * @default - none yet: only the security group exists and the leg reports "awaiting-adobe-service"
   */
  readonly adobeEndpointService?: string;
  /**
   * The configured subnets with the zones AWS put them in, looked up at plan time. Required once
   * `adobeEndpointService` is set; the endpoint goes into the first subnet of each zone the service
   * is offered in (the others get a warning).
   */
  readonly subnets?: pulumi.Output<readonly SubnetZone[]>;
  /** The zones Adobe's endpoint service is offered in (`getVpcEndpointService`); required with `subnets`. */
  readonly serviceZones?: pulumi.Output<readonly string[]>;
  /**
   * Ports Adobe opens on the cluster; one ingress rule per port and client CIDR, keyed by port name (a
   * port's `formerName` becomes an alias, so a rename updates its rules in place).
   */
  readonly adobePorts: readonly AdobePort[];
  /** Customer networks allowed to reach Adobe through the endpoint; nothing else is allowed in. */
  readonly clientCidrs: readonly string[];
  /** Protect the endpoint: replacing it means a new connection request and a new approval by Adobe. */
  readonly protect: boolean;
  /** Tags on every resource; each resource also gets a `Name`. */
  readonly tags: Readonly<Record<string, string>>;
}

export class AdobeEndpoint extends pulumi.ComponentResource implements ToAdobeLeg {
  readonly endpointId: pulumi.Output<string | undefined>;
  readonly hosts: pulumi.Output<string[]>;
  readonly connectionState: pulumi.Output<string | undefined>;
  readonly state: pulumi.Output<ToAdobeState>;
  /** The endpoint's security group, for customers who reference it in their own rules. */
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: AdobeEndpointArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(componentType("aws", "AdobeEndpoint"), name, {}, opts);
    const { region } = args;
    const tagged = (resourceName: string): Record<string, string> => ({ ...args.tags, Name: resourceName });

    const breach = awsIngressBreach(args.adobePorts, args.clientCidrs);
    if (breach) throw new pulumi.ResourceError(describeBreach(breach), this, true);
    const plan = planIngressRules(args.adobePorts, args.clientCidrs, AWS_QUOTAS.inboundRulesPerSecurityGroup);
    if (!plan.ok) throw new pulumi.ResourceError(`${plan.needed} security group rules do not fit`, this, true);

    // No egress rules: the provider removes AWS's default allow-all egress rule, and an interface
    // endpoint never opens connections itself (replies to allowed inbound traffic are stateful).
    const sgName = childName(name, "sg");
    const securityGroup = new SecurityGroup(
      sgName,
      { vpcId: args.vpcId, description: ENDPOINT_SECURITY_GROUP_DESCRIPTION, region, tags: tagged(sgName) },
      { parent: this },
    );
    this.securityGroupId = securityGroup.id;

    // Standalone rules keyed by port name: adding or removing a port adds or removes only its rules.
    for (const rule of plan.rules) {
      const ruleName = childName(name, "ingress", rule.key);
      new SecurityGroupIngressRule(
        ruleName,
        {
          securityGroupId: securityGroup.id,
          ipProtocol: "tcp",
          fromPort: rule.port,
          toPort: rule.port,
          cidrIpv4: rule.cidr,
          description: `Adobe Commerce ${rule.name} (${rule.port}) from ${rule.cidr}`,
          region,
          tags: tagged(ruleName),
        },
        { parent: this, ...formerAlias(name, "ingress", rule.formerKey) },
      );
    }

    const serviceName = args.adobeEndpointService;
    if (serviceName === undefined) {
      this.endpointId = pulumi.output<string | undefined>(undefined);
      this.hosts = pulumi.output<string[]>([]);
      this.connectionState = pulumi.output<string | undefined>(undefined);
      this.state = pulumi.output<ToAdobeState>("awaiting-adobe-service");
    } else {
      if (args.subnets === undefined || args.serviceZones === undefined) {
        throw new pulumi.ResourceError(
          "the endpoint to Adobe needs the subnets' zones and the service's (args.subnets, args.serviceZones)",
          this,
        );
      }
      const subnetIds = pulumi.all([args.subnets, args.serviceZones]).apply(([subnets, zones]) => {
        const placement = placeEndpoint(subnets, zones, serviceName);
        if (!placement.ok) throw new pulumi.ResourceError(placement.message, this, true);
        for (const { subnet, reason } of placement.skipped) {
          void pulumi.log.warn(`network.subnetIds: ${subnet.id} gets no endpoint interface: ${reason}`, this);
        }
        return [...placement.subnetIds];
      });
      const endpointName = childName(name, "endpoint");
      const endpoint = new VpcEndpoint(
        endpointName,
        {
          vpcId: args.vpcId,
          serviceName,
          vpcEndpointType: "Interface",
          // Adobe offers no private DNS: customers connect to the endpoint's own DNS names.
          privateDnsEnabled: PRIVATE_DNS_AVAILABLE,
          subnetIds,
          securityGroupIds: [securityGroup.id],
          region,
          tags: tagged(endpointName),
        },
        { parent: this, protect: args.protect },
      );
      this.endpointId = endpoint.id;
      this.hosts = endpoint.dnsEntries.apply((entries) =>
        orderEndpointHosts(
          entries.map((entry) => entry.dnsName),
          region,
        ),
      );
      this.connectionState = endpoint.state;
      this.state = endpoint.state.apply(toAdobeState);
    }

    this.registerOutputs({
      endpointId: this.endpointId,
      hosts: this.hosts,
      connectionState: this.connectionState,
      state: this.state,
      securityGroupId: this.securityGroupId,
    });
  }
}

/**
 * The alias that keeps a renamed entry's resource: the same kind of child under the former key. AWS
 * refuses a second listener on a port or a duplicate rule, so create-before-delete of a renamed one
 * would fail; with the alias the engine updates the resource in place (its Name tag, its description).
 */
export function formerAlias(parent: string, kind: string, formerKey: string | undefined): pulumi.CustomResourceOptions {
  return formerKey === undefined ? {} : { aliases: [{ name: childName(parent, kind, formerKey) }] };
}
