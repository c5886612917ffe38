/**
 * The ports Adobe forbids on some legs only (FORBIDDEN_PORTS in rules/adobe.ts: 443 into Adobe
 * Commerce on Azure, because of Fastly origin cloaking) are not opened where they could serve those
 * legs. A security rule cannot say which leg it serves; such a port is accepted there only when it is
 * configured for the other leg (443 in `servicePorts`: a customer service Adobe reaches, which Adobe's
 * guide allows). Load balancers serve the Adobe -> customer leg only.
 */
import { schemaFor } from "../config";
import { checkForbiddenPorts, describePorts } from "../forbidden";
import { resourcePolicy, type ResourceCheck } from "../rule";

export const name = "no-https-into-adobe-on-azure";

export const check: ResourceCheck = (subject, config) => checkForbiddenPorts(subject, config, false);

export const policy = resourcePolicy(
  {
    name,
    description: `Ports Adobe forbids on some legs (${describePorts(false)}) are never opened toward Adobe Commerce.`,
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaFor("ports", "servicePorts"),
    remediationSteps:
      "Remove the port from NSG and security group rules on the path to Adobe; call Adobe Commerce HTTPS APIs over the public storefront or API Mesh.",
  },
  check,
);
