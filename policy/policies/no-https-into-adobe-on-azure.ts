/**
 * Port 443 never leads into Adobe Commerce over Azure Private Link. On Azure the traffic into the
 * private endpoint to Adobe is governed by NSG inbound allow rules, so those must not open 443. An
 * NSG rule cannot say which leg it serves; 443 is accepted only when it is a configured customer
 * service port (`servicePorts`, the Adobe -> customer leg, where Adobe's guide allows it).
 */
import { forbiddenPort, HTTPS_PORT } from "../../rules/adobe";
import { schemaFor } from "../config";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { azureInboundRules, covers, showRange } from "../traffic";

export const name = "no-https-into-adobe-on-azure";

const RULE = forbiddenPort("azure", "customer-to-adobe", HTTPS_PORT);
const WHY = `Adobe's guide: "You cannot use the HTTPS protocol (port 443) to connect to Adobe Commerce on cloud infrastructure over Azure Private Link due to Fastly origin cloaking" (${RULE?.reason ?? "443 is not possible"})`;

export const check: ResourceCheck = (subject, config) => {
  const rules = azureInboundRules(subject.type, subject.props);
  if (rules === undefined) return notApplicable("not an Azure NSG or security rule");
  if (config.servicePorts?.includes(HTTPS_PORT))
    return notApplicable("443 is a configured customer service port (Adobe -> customer leg), which Adobe allows");
  const problems = rules.flatMap((rule) => {
    const range = rule.ports.find((r) => covers(r, HTTPS_PORT));
    return range
      ? [
          explain(
            `${rule.where} opens ${showRange(range)}, which includes HTTPS port 443`,
            WHY,
            `${RULE?.fix ?? "remove it"}; if 443 is a customer service Adobe reaches, add it to policy config servicePorts`,
          ),
        ]
      : [];
  });
  return problems.length === 0 ? COMPLIANT : verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Azure NSG rules never open port 443 toward Adobe Commerce (Fastly origin cloaking).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaFor("servicePorts"),
    remediationSteps: "Remove 443 from NSG rules on the Private Link path; use the public storefront or API Mesh for HTTPS APIs.",
  },
  check,
);
