/**
 * `AzurePrivateLink`: one Adobe Commerce Private Link connection on Azure, behind the cloud-neutral
 * `PrivateLink` contract. The customer -> Adobe leg exists once Adobe has sent its Private Link
 * Service; the Adobe -> customer leg exists for bidirectional stacks (services given). Bidirectional
 * is therefore unidirectional plus one component.
 */
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import type { Topology } from "../../rules/adobe";
import { fromAdobeFields, toAdobeFields } from "../legs";
import { childName, componentType } from "../naming";
import type { AzurePrivateLinkArgs, AzureSetup, FromAdobeLeg, PrivateLink, ToAdobeLeg, ToAdobeState } from "../types";
import { AdobePrivateEndpoint } from "./adobePrivateEndpoint";
import { azureArgProblems } from "./argProblems";
import { CustomerPrivateLinkService } from "./customerPrivateLinkService";
import { requestMessage } from "./requestMessage";

/** Child component names: the contract every resource name below them starts with. */
export const TO_ADOBE = "to-adobe";
export const FROM_ADOBE = "from-adobe";

export class AzurePrivateLink extends pulumi.ComponentResource implements PrivateLink {
  readonly cloud = "azure" as const;
  readonly topology: Topology;
  /** The customer's subscription id (for Adobe's ticket), from the credentials the provider uses. */
  readonly accountId: pulumi.Output<string>;
  readonly toAdobe: ToAdobeLeg;
  readonly fromAdobe?: FromAdobeLeg;
  readonly azureSetup: pulumi.Output<AzureSetup>;

  constructor(name: string, args: AzurePrivateLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("azure", "PrivateLink"), name, {}, opts);
    const problems = azureArgProblems(args);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(`invalid Azure Private Link arguments:\n- ${problems.join("\n- ")}`, this, true);
    }
    this.topology = args.services.length > 0 ? "bidirectional" : "unidirectional";
    this.accountId = getClientConfigOutput({ parent: this }).subscriptionId;

    const endpoint = args.adobePrivateLinkService
      ? new AdobePrivateEndpoint(
          childName(name, TO_ADOBE),
          {
            region: args.region,
            resourceGroupName: args.resourceGroupName,
            subnetId: args.endpointSubnetId,
            privateLinkService: args.adobePrivateLinkService,
            requestMessage: requestMessage(args.company, args.projectId),
            ports: args.adobePorts,
            clientCidrs: args.clientCidrs,
            protect: args.protect,
            tags: args.tags,
          },
          { parent: this },
        )
      : undefined;
    // Plain objects, never the leg components: callers export these, and a resource would be
    // exported as a reference instead of its values.
    this.toAdobe = endpoint
      ? toAdobeFields(endpoint)
      : {
          endpointId: pulumi.output<string | undefined>(undefined),
          hosts: pulumi.output<string[]>([]),
          securityGroupId: pulumi.output<string | undefined>(undefined),
          connectionState: pulumi.output<string | undefined>(undefined),
          state: pulumi.output<ToAdobeState>("awaiting-adobe-service"),
        };

    let service: CustomerPrivateLinkService | undefined;
    if (args.services.length > 0 && args.serviceSubnetId) {
      service = new CustomerPrivateLinkService(
        childName(name, FROM_ADOBE),
        {
          region: args.region,
          resourceGroupName: args.resourceGroupName,
          subscriptionId: this.accountId,
          // Project and environment make the name unique per Adobe connection, so a staging and a
          // production stack can share a resource group.
          loadBalancerName: childName(name, FROM_ADOBE, "lb", args.projectId, args.environment),
          subnetId: args.serviceSubnetId,
          services: args.services,
          visibleToSubscriptionIds: args.adobeSubscriptionIds,
          connections: args.adobeConnections,
          protect: args.protect,
          tags: args.tags,
        },
        { parent: this },
      );
      this.fromAdobe = fromAdobeFields(service);
    }
    this.azureSetup = pulumi
      .all([endpoint?.subnet, endpoint?.applicationSecurityGroupId, service?.poolMemberships ?? []])
      .apply(([subnet, asg, memberships]): AzureSetup => ({
        ...(subnet
          ? {
              endpointSubnet: {
                networkSecurityGroupId: subnet.networkSecurityGroupId,
                privateEndpointNetworkPolicies: subnet.privateEndpointNetworkPolicies,
              },
            }
          : {}),
        ...(asg ? { applicationSecurityGroupId: asg } : {}),
        poolMemberships: memberships,
      }));

    this.registerOutputs({
      cloud: this.cloud,
      topology: this.topology,
      accountId: this.accountId,
      toAdobe: this.toAdobe,
      fromAdobe: this.fromAdobe,
      azureSetup: this.azureSetup,
    });
  }
}
