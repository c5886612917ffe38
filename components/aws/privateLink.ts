/**
 * AWS PrivateLink between a customer's VPC and an Adobe Commerce cluster: the customer -> Adobe leg
 * always, the Adobe -> customer leg for bidirectional stacks. The legs are their own components, so
 * bidirectional is unidirectional plus one component.
 */
import { getSubnetOutput, getVpcEndpointServiceOutput, getVpcOutput } from "@pulumi/aws/ec2";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as pulumi from "@pulumi/pulumi";
import { fromAdobeFields, toAdobeFields } from "../legs";
import { childName, componentType } from "../naming";
import type { AwsPrivateLinkArgs, FromAdobeLeg, PrivateLink, ToAdobeLeg } from "../types";
import { AdobeEndpoint } from "./adobeEndpoint";
import { awsArgProblems } from "./argProblems";
import { CustomerEndpointService } from "./customerEndpointService";
import type { SubnetZone } from "./zones";
import { refusal } from "../refusal";

export class AwsPrivateLink extends pulumi.ComponentResource implements PrivateLink {
  readonly cloud: PrivateLink["cloud"] = "aws";
  readonly topology: PrivateLink["topology"];
  readonly accountId: pulumi.Output<string>;
  readonly toAdobe: ToAdobeLeg;
  readonly fromAdobe?: FromAdobeLeg;

  /**
   * @param name Every child's name starts with it; names are a contract (renaming one replaces a live
   *   endpoint and means a new Adobe ticket).
   * @param args Validated settings (see `AwsPrivateLinkArgs`). The topology follows from `services`:
   *   validation allows services on bidirectional stacks only and requires one there.
   * @param opts Pass the explicit `aws.Provider` for `args.region` in `providers`; children inherit it.
   */
  constructor(name: string, args: AwsPrivateLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("aws", "PrivateLink"), name, {}, opts);
    this.topology = args.services.length > 0 ? "bidirectional" : "unidirectional";
    const problems = awsArgProblems(args);
    if (problems.length > 0) {
      throw refusal(`invalid AWS PrivateLink arguments:\n- ${problems.join("\n- ")}`, this);
    }
    if (this.topology === "unidirectional" && args.adobeConnections.length > 0) {
      throw refusal(
        "adobe.connections are Adobe's connections to the customer's endpoint service, which only bidirectional stacks have; remove them or add services",
        this,
      );
    }

    // IAM is global: the caller identity needs no region, and the provider's credentials decide it.
    this.accountId = getCallerIdentityOutput({}, { parent: this }).accountId;

    // Looked up only when a leg places something by zone, so a stack waiting for Adobe's service
    // name needs no EC2 read permissions yet.
    const needsZones = args.adobeEndpointService !== undefined || this.topology === "bidirectional";
    const subnets = needsZones ? this.lookUpSubnets(args.subnetIds, args.vpcId, args.region) : undefined;
    const serviceName = args.adobeEndpointService;
    const serviceZones =
      serviceName === undefined
        ? undefined
        : getVpcEndpointServiceOutput({ serviceName }, { parent: this }).availabilityZones.apply((zones) => [...zones]);

    const toAdobe = new AdobeEndpoint(
      childName(name, "to-adobe"),
      {
        region: args.region,
        vpcId: args.vpcId,
        adobePorts: args.adobePorts,
        clientCidrs: args.clientCidrs,
        protect: args.protect,
        tags: args.tags,
        ...(args.adobeEndpointService !== undefined ? { adobeEndpointService: args.adobeEndpointService } : {}),
        ...(subnets ? { subnets } : {}),
        ...(serviceZones ? { serviceZones } : {}),
      },
      { parent: this },
    );
    this.toAdobe = toAdobeFields(toAdobe);

    if (this.topology === "bidirectional" && subnets) {
      const fromAdobe = new CustomerEndpointService(
        childName(name, "from-adobe"),
        {
          region: args.region,
          vpcId: args.vpcId,
          subnets,
          vpcCidrs: this.lookUpVpcCidrs(args.vpcId, args.region),
          ...(serviceZones ? { adobeZones: serviceZones } : {}),
          services: args.services,
          adobeConnections: args.adobeConnections,
          protect: args.protect,
          tags: args.tags,
        },
        { parent: this },
      );
      this.fromAdobe = fromAdobeFields(fromAdobe);
    }

    this.registerOutputs({ accountId: this.accountId, toAdobe: this.toAdobe, fromAdobe: this.fromAdobe });
  }

  /**
   * The configured subnets' zones, read at plan time (in a preview too), in config order. A subnet of
   * another VPC fails the plan here, naming it, rather than halfway through an update.
   */
  private lookUpSubnets(subnetIds: readonly string[], vpcId: string, region: string): pulumi.Output<SubnetZone[]> {
    const subnets = pulumi.all(
      subnetIds.map((id) =>
        getSubnetOutput({ id, region }, { parent: this }).apply((subnet) => ({
          id: subnet.id,
          zone: subnet.availabilityZone,
          zoneId: subnet.availabilityZoneId,
          vpcId: subnet.vpcId,
        })),
      ),
    );
    return subnets.apply((found) => {
      const message = foreignSubnetsMessage(found, vpcId);
      if (message !== undefined) throw refusal(message, this);
      return found.map(({ id, zone, zoneId }): SubnetZone => ({ id, zone, zoneId }));
    });
  }

  /** Every IPv4 block of the VPC (primary and associated), read at plan time. */
  private lookUpVpcCidrs(vpcId: string, region: string): pulumi.Output<string[]> {
    return getVpcOutput({ id: vpcId, region }, { parent: this }).apply((vpc) => vpcBlocks(vpc.cidrBlock, vpc.cidrBlockAssociations));
  }
}

/**
 * The VPC's IPv4 blocks: the primary and every associated one. A block being removed stays listed as
 * `disassociating` or `disassociated` for a while (EC2 VpcCidrBlockState); a target there is outside
 * the VPC for ELBv2, which needs availabilityZone "all" for it.
 */
export function vpcBlocks(primary: string, associations: readonly { cidrBlock: string; state: string }[]): string[] {
  const associated = associations.filter((association) => association.state === "associated").map((association) => association.cidrBlock);
  return [...new Set([primary, ...associated].filter((block) => block !== ""))];
}

/** The error for configured subnets that are not in network.vpcId, or undefined when all are. */
export function foreignSubnetsMessage(subnets: readonly { id: string; vpcId: string }[], vpcId: string): string | undefined {
  const foreign = subnets.filter((subnet) => subnet.vpcId !== vpcId);
  if (foreign.length === 0) return undefined;
  return (
    `network.subnetIds: ${foreign.map((subnet) => `${subnet.id} is in ${subnet.vpcId}`).join(", ")}, not in network.vpcId ${vpcId}; ` +
    "the endpoint, the load balancer and the target groups must share one VPC. Fix: list subnets of network.vpcId (aws ec2 describe-subnets " +
    `--filters Name=vpc-id,Values=${vpcId} --query "Subnets[].[SubnetId,AvailabilityZone]" --output text), or correct network.vpcId.`
  );
}
