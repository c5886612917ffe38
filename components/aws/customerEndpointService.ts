/**
 * Adobe -> customer (bidirectional only): an internal Network Load Balancer in front of the customer's
 * services, published as a VPC endpoint service that only Adobe's account may connect to, and the
 * acceptance of exactly the connections config names.
 */
import { SecurityGroup, VpcEndpointConnectionAccepter, VpcEndpointService } from "@pulumi/aws/ec2";
import { Listener, LoadBalancer, TargetGroup, TargetGroupAttachment } from "@pulumi/aws/lb";
import { SecurityGroupEgressRule } from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import type { CustomerService } from "../../config/settings";
import { ACCEPTANCE_REQUIRED, ADOBE_AWS_PRINCIPAL } from "../../rules/adobe";
import { awsServiceBreaches, describeBreach } from "../../rules/quotas";
import { childName, componentType } from "../naming";
import type { FromAdobeLeg, FromAdobeState } from "../types";
import { formerAlias } from "./adobeEndpoint";
import { fromAdobeState } from "./status";
import { targetZone, uncoveredZones } from "./targets";
import { placeLoadBalancer, type SubnetZone } from "./zones";

/**
 * Physical-name prefix of the load balancer and the target groups (AWS allows at most 6 characters;
 * AWS appends 26 unique characters). Their physical names are capped at 32 characters, and Pulumi's
 * auto-name (logical name + 8 characters) of `privatelink-from-adobe-...` would exceed that, while a
 * fixed name would block create-before-delete when a target group must be replaced (a new target
 * port). The readable name is in the `Name` tag.
 */
export const PHYSICAL_NAME_PREFIX = "cpl-";

export const LOAD_BALANCER_SECURITY_GROUP_DESCRIPTION =
  "Adobe Commerce PrivateLink load balancer: PrivateLink traffic in, TCP to the customer services out";

/** A target IP as a name part: `10.20.1.15` -> `10-20-1-15`. */
export function targetKey(ip: string): string {
  return ip.replace(/[.:]/g, "-");
}

export interface CustomerEndpointServiceArgs {
  /** Region of every resource: the Adobe Commerce cluster's region. */
  readonly region: string;
  /** The customer's VPC: the target groups and the load balancer's security group live there. */
  readonly vpcId: string;
  /**
   * The configured subnets with their zones, looked up at plan time. The load balancer goes into the
   * first subnet of each zone (the others get a warning); Adobe can connect from these zones only.
   */
  readonly subnets: pulumi.Output<readonly SubnetZone[]>;
  /**
   * The VPC's IPv4 CIDR blocks (all associations), looked up at plan time: a target outside them (on
   * premises over Direct Connect or VPN, a peered VPC) is registered with `availabilityZone: "all"`.
   */
  readonly vpcCidrs: pulumi.Output<readonly string[]>;
  /**
   * The zones Adobe's endpoint service is offered in, once Adobe has sent it: Adobe's side sits there,
   * and its endpoint to this service can connect only from zones the load balancer is in.
   * @default - unknown yet: no zone comparison
   */
  readonly adobeZones?: pulumi.Output<readonly string[]>;
  /** Customer services Adobe reaches, keyed by name: a listener, a target group and attachments each. */
  readonly services: readonly CustomerService[];
  /**
   * Adobe's endpoint ids (`vpce-...`) to accept on the customer's endpoint service.
   * @default - none: the service waits for Adobe's connection request
   */
  readonly adobeConnections: readonly string[];
  /**
   * Protect the load balancer and the endpoint service, and turn on deletion protection. Acceptances are
   * never protected (only retained): the engine refuses to delete a protected resource even with
   * retainOnDelete, so a protected acceptance could never leave adobe.connections.
   */
  readonly protect: boolean;
  /** Tags on every resource that takes tags; each also gets a `Name`. */
  readonly tags: Readonly<Record<string, string>>;
}

export class CustomerEndpointService extends pulumi.ComponentResource implements FromAdobeLeg {
  readonly serviceName: pulumi.Output<string>;
  readonly serviceId: pulumi.Output<string>;
  readonly allowedConsumers: pulumi.Output<string[]>;
  readonly loadBalancerAddress: pulumi.Output<string | undefined>;
  readonly loadBalancerId: pulumi.Output<string>;
  readonly zoneIds: pulumi.Output<string[]>;
  readonly acceptedConnections: readonly string[];
  readonly state: pulumi.Output<FromAdobeState>;
  /**
   * The load balancer's security group: the customer's targets can allow their service port from it
   * alone, so only traffic that came through the endpoint service reaches them.
   */
  readonly loadBalancerSecurityGroupId: pulumi.Output<string>;

  /** The contract's name for the load balancer's security group. */
  get securityGroupId(): pulumi.Output<string> {
    return this.loadBalancerSecurityGroupId;
  }

  constructor(name: string, args: CustomerEndpointServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(componentType("aws", "CustomerEndpointService"), name, {}, opts);
    const { region } = args;
    const tagged = (resourceName: string): Record<string, string> => ({ ...args.tags, Name: resourceName });

    if (args.services.length === 0) {
      throw new pulumi.ResourceError("the endpoint service for Adobe needs at least one service (services)", this, true);
    }
    // The same quotas as the config validation (rules/quotas.ts): listeners, and one outbound rule
    // per target on the load balancer's group, against the outbound-rules quota.
    const breaches = awsServiceBreaches(args.services);
    if (breaches.length > 0) throw new pulumi.ResourceError(breaches.map(describeBreach).join("\n"), this, true);

    /*
     * Security group decision. A Network Load Balancer only gets security groups at creation (none can
     * be added later), so the load balancer gets its own group now:
     * - inbound: no rules, and inbound rules are NOT enforced on PrivateLink traffic ("off"). With
     *   enforcement on, the source AWS evaluates is the private IP of Adobe's client in Adobe's VPC,
     *   which the customer does not know; the gate for that traffic is the endpoint service
     *   (acceptance required, Adobe's principal only, exactly the accepted connections). Anything else
     *   in the VPC that tries the listeners directly meets an empty inbound rule set and is dropped.
     * - outbound: TCP to each target on its port only (forwarded traffic and health checks are subject
     *   to outbound rules); the provider removes AWS's default allow-all egress rule.
     * - the group's id is an output, so the targets' own groups can admit the service port from it alone.
     */
    const sgName = childName(name, "lb-sg");
    const securityGroup = new SecurityGroup(
      sgName,
      { vpcId: args.vpcId, description: LOAD_BALANCER_SECURITY_GROUP_DESCRIPTION, region, tags: tagged(sgName) },
      { parent: this },
    );
    this.loadBalancerSecurityGroupId = securityGroup.id;
    for (const service of args.services) {
      for (const target of service.targets) {
        const ruleName = childName(name, "egress", service.name, targetKey(target));
        new SecurityGroupEgressRule(
          ruleName,
          {
            securityGroupId: securityGroup.id,
            ipProtocol: "tcp",
            fromPort: service.targetPort,
            toPort: service.targetPort,
            cidrIpv4: `${target}/32`,
            description: `Adobe Commerce to ${service.name} (${service.targetPort}) at ${target}`,
            region,
            tags: tagged(ruleName),
          },
          {
            parent: this,
            ...formerAlias(name, "egress", service.formerName === undefined ? undefined : `${service.formerName}-${targetKey(target)}`),
          },
        );
      }
    }

    const placement = args.subnets.apply((subnets) => {
      const placed = placeLoadBalancer(subnets);
      for (const { subnet, reason } of placed.skipped) {
        void pulumi.log.warn(`network.subnetIds: ${subnet.id} is not used by the load balancer: ${reason}`, this);
      }
      return placed;
    });
    if (args.adobeZones) {
      pulumi.all([args.subnets, args.adobeZones]).apply(([subnets, adobeZones]) => {
        const missing = uncoveredZones(placeLoadBalancer(subnets), subnets, adobeZones);
        if (missing.length > 0) {
          void pulumi.log.warn(
            `network.subnetIds: the load balancer is in no subnet of ${missing.join(", ")}, where Adobe's endpoint service is offered; ` +
              `Adobe's endpoint to this service can connect only from the load balancer's zones. Add a subnet of network.vpcId in ${missing.join(", ")} to network.subnetIds.`,
            this,
          );
        }
      });
    }
    const lbName = childName(name, "nlb");
    const loadBalancer = new LoadBalancer(
      lbName,
      {
        namePrefix: PHYSICAL_NAME_PREFIX,
        loadBalancerType: "network",
        internal: true,
        subnets: placement.apply((placed) => [...placed.subnetIds]),
        // Adobe's endpoint may sit in fewer zones than the targets: every zone must reach every target.
        enableCrossZoneLoadBalancing: true,
        enableDeletionProtection: args.protect,
        securityGroups: [securityGroup.id],
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "off",
        region,
        tags: tagged(lbName),
      },
      { parent: this, protect: args.protect },
    );

    // Per service, resources keyed by the service's name: adding, removing or reordering a service
    // touches only that service's target group, attachments, listener and egress rules.
    for (const service of args.services) {
      const tgName = childName(name, "tg", service.name);
      const renamed = (kind: string, ...rest: string[]): pulumi.CustomResourceOptions =>
        formerAlias(name, kind, service.formerName === undefined ? undefined : [service.formerName, ...rest].join("-"));
      const targetGroup = new TargetGroup(
        tgName,
        {
          namePrefix: PHYSICAL_NAME_PREFIX,
          protocol: "TCP",
          port: service.targetPort,
          targetType: "ip",
          vpcId: args.vpcId,
          healthCheck: { enabled: true, protocol: "TCP", port: "traffic-port" },
          region,
          tags: tagged(tgName),
        },
        { parent: this, ...renamed("tg") },
      );
      for (const target of service.targets) {
        new TargetGroupAttachment(
          childName(name, "target", service.name, targetKey(target)),
          {
            targetGroupArn: targetGroup.arn,
            targetId: target,
            port: service.targetPort,
            availabilityZone: args.vpcCidrs.apply((cidrs) => targetZone(target, cidrs)),
            region,
          },
          { parent: this, ...renamed("target", targetKey(target)) },
        );
      }
      const listenerName = childName(name, "listener", service.name);
      new Listener(
        listenerName,
        {
          loadBalancerArn: loadBalancer.arn,
          port: service.port,
          protocol: "TCP",
          defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
          region,
          tags: tagged(listenerName),
        },
        { parent: this, ...renamed("listener") },
      );
    }

    // Adobe's principal is granted here and only here: a separate VpcEndpointServiceAllowedPrinciple
    // for the same principal would fight this list on every update.
    const serviceResourceName = childName(name, "service");
    const endpointService = new VpcEndpointService(
      serviceResourceName,
      {
        acceptanceRequired: ACCEPTANCE_REQUIRED,
        allowedPrincipals: [ADOBE_AWS_PRINCIPAL],
        networkLoadBalancerArns: [loadBalancer.arn],
        region,
        tags: tagged(serviceResourceName),
      },
      { parent: this, protect: args.protect },
    );

    // Deleting an accepter rejects the connection: retainOnDelete keeps Adobe's live connection when an
    // entry leaves adobe.connections, a refactor drops the resource or `pulumi destroy` runs. Never
    // protected: the engine refuses to delete a protected resource, retained or not, and `protect` lives
    // in the state, so a protected accepter could not leave the program in one step. Rejecting Adobe's
    // connection is always an explicit command (the handshake's teardown).
    for (const connection of args.adobeConnections) {
      new VpcEndpointConnectionAccepter(
        childName(name, "accept", connection),
        { vpcEndpointId: connection, vpcEndpointServiceId: endpointService.id, region },
        { parent: this, retainOnDelete: true },
      );
    }

    this.serviceName = endpointService.serviceName;
    this.serviceId = endpointService.id;
    this.allowedConsumers = endpointService.allowedPrincipals.apply((principals) => [...principals]);
    this.loadBalancerAddress = loadBalancer.dnsName;
    this.loadBalancerId = loadBalancer.arn;
    this.zoneIds = placement.apply((placed) => [...placed.zoneIds]);
    this.acceptedConnections = [...args.adobeConnections];
    this.state = pulumi.output(fromAdobeState(args.adobeConnections));

    this.registerOutputs({
      serviceName: this.serviceName,
      serviceId: this.serviceId,
      allowedConsumers: this.allowedConsumers,
      loadBalancerAddress: this.loadBalancerAddress,
      loadBalancerId: this.loadBalancerId,
      zoneIds: this.zoneIds,
      acceptedConnections: this.acceptedConnections,
      state: this.state,
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
    });
  }
}
