/**
 * Every policy of the pack, in the order of the rule table. `policy/index.ts` hands this list to the
 * PolicyPack; the tests and the offline evaluator import it without starting the policy server.
 */
import type { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as azureLoadBalancerStandardInternal from "./azure-load-balancer-standard-internal";
import * as examinedInputsReadable from "./examined-inputs-readable";
import * as loadBalancerDeletionProtectionNonProduction from "./load-balancer-deletion-protection-non-production";
import * as loadBalancerDeletionProtectionProduction from "./load-balancer-deletion-protection-production";
import * as loadBalancerInternalNetwork from "./load-balancer-internal-network";
import * as noHttpsIntoAdobeOnAzure from "./no-https-into-adobe-on-azure";
import * as noSshOverPrivatelink from "./no-ssh-over-privatelink";
import * as nsgNoBroadInbound from "./nsg-no-broad-inbound";
import * as privateEndpointToAdobeManualConnection from "./private-endpoint-to-adobe-manual-connection";
import * as privateLinkServiceRestrictedVisibility from "./private-link-service-restricted-visibility";
import * as resourceTypesExamined from "./resource-types-examined";
import * as resourcesInConfiguredRegion from "./resources-in-configured-region";
import * as resourcesTagged from "./resources-tagged";
import * as securityGroupIngressConfiguredPorts from "./security-group-ingress-configured-ports";
import * as securityGroupIngressPrivateSources from "./security-group-ingress-private-sources";
import * as statefulResourcesProtectedInProduction from "./stateful-resources-protected-in-production";
import * as vpcEndpointServiceAcceptanceRequired from "./vpc-endpoint-service-acceptance-required";
import * as vpcEndpointServiceGrantsConfiguredPrincipals from "./vpc-endpoint-service-grants-configured-principals";
import * as vpcEndpointServiceOnlyConfiguredPrincipals from "./vpc-endpoint-service-only-configured-principals";
import * as vpcEndpointToAdobeInterfaceNoPrivateDns from "./vpc-endpoint-to-adobe-interface-no-private-dns";

/** The pack's default level; every policy sets its own, so this only matters for a policy that forgets. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  vpcEndpointServiceAcceptanceRequired.policy,
  vpcEndpointServiceOnlyConfiguredPrincipals.policy,
  vpcEndpointServiceGrantsConfiguredPrincipals.policy,
  vpcEndpointToAdobeInterfaceNoPrivateDns.policy,
  securityGroupIngressPrivateSources.policy,
  securityGroupIngressConfiguredPorts.policy,
  noSshOverPrivatelink.policy,
  noHttpsIntoAdobeOnAzure.policy,
  resourcesInConfiguredRegion.policy,
  loadBalancerInternalNetwork.policy,
  loadBalancerDeletionProtectionProduction.policy,
  loadBalancerDeletionProtectionNonProduction.policy,
  privateLinkServiceRestrictedVisibility.policy,
  azureLoadBalancerStandardInternal.policy,
  nsgNoBroadInbound.policy,
  privateEndpointToAdobeManualConnection.policy,
  statefulResourcesProtectedInProduction.policy,
  resourcesTagged.policy,
  examinedInputsReadable.policy,
  resourceTypesExamined.policy,
];
