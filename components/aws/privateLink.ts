/**
 * AWS PrivateLink between a customer's VPC and an Adobe Commerce cluster: the customer -> Adobe leg
 * always, the Adobe -> customer leg for bidirectional stacks. The legs are their own components, so
 * bidirectional is unidirectional plus one component.
 */
import { getSubnetOutput } from "@pulumi/aws/ec2";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as pulumi from "@pulumi/pulumi";
import { fromAdobeFields, toAdobeFields } from "../legs";
import { childName, componentType } from "../naming";
import type { AwsPrivateLinkArgs, FromAdobeLeg, PrivateLink, ToAdobeLeg } from "../types";
import { AdobeEndpoint } from "./adobeEndpoint";
import { awsArgProblems } from "./argProblems";
import { CustomerEndpointService } from "./customerEndpointService";
import type { SubnetZone } from "./zones";

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
      throw new pulumi.ResourceError(`invalid AWS PrivateLink arguments:\n- ${problems.join("\n- ")}`, this, true);
    }
    if (this.topology === "unidirectional" && args.adobeConnections.length > 0) {
      throw new pulumi.ResourceError(
        "adobe.connections are Adobe's connections to the customer's endpoint service, which only bidirectional stacks have; remove them or add services",
        this,
        true,
      );
    }

    // IAM is global: the caller identity needs no region, and the provider's credentials decide it.
    this.accountId = getCallerIdentityOutput({}, { parent: this }).accountId;

    // Looked up only when a leg places something by zone, so a stack waiting for Adobe's service
    // name needs no EC2 read permissions yet.
    const needsZones = args.adobeEndpointService !== undefined || this.topology === "bidirectional";
    const subnets = needsZones ? this.lookUpSubnets(args.subnetIds, args.region) : undefined;

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

  /** The configured subnets' zones, read at plan time (in a preview too), in config order. */
  private lookUpSubnets(subnetIds: readonly string[], region: string): pulumi.Output<SubnetZone[]> {
    return pulumi.all(
      subnetIds.map((id) =>
        getSubnetOutput({ id, region }, { parent: this }).apply((subnet): SubnetZone => ({
          id: subnet.id,
          zone: subnet.availabilityZone,
          zoneId: subnet.availabilityZoneId,
        })),
      ),
    );
  }
}
