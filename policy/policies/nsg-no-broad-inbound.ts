/**
 * Azure NSG inbound allow rules admit only private sources. `*`, `Any`, `Internet`, `0.0.0.0/0` and
 * public or internet-covering blocks (parsed, not string-matched) are broad; of the service tags only
 * `VirtualNetwork` and `AzureLoadBalancer` (health probes) are private, other tags stand for public
 * Azure ranges. Rules whose source is an application security group carry no address and pass.
 */
import { coversInternet, isPrivate, type Cidr } from "../../lib/ipv4";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { azureInboundRules, isIpv6, parseSourceBlock } from "../traffic";

export const name = "nsg-no-broad-inbound";

const PRIVATE_TAGS = new Set(["virtualnetwork", "azureloadbalancer"]);
const ANY = new Set(["*", "any", "internet", "0.0.0.0", "0.0.0.0/0"]);

const WHY =
  "Private Link keeps the connection between the customer and Adobe Commerce private; a broad inbound rule opens the endpoint or the customer's services to the internet (checkov CKV_AZURE_10 and its siblings: no inbound from the internet)";
const FIX = "admit only the customer's private client networks (or VirtualNetwork)";

export const check: ResourceCheck = (subject) => {
  const rules = azureInboundRules(subject.type, subject.props);
  if (rules === undefined) return notApplicable("not an Azure NSG or security rule");
  if (rules.length === 0) return COMPLIANT;
  const problems: string[] = [];
  for (const rule of rules) {
    const publicBlocks: Cidr[] = [];
    for (const source of rule.sources) {
      const lowered = source.toLowerCase();
      if (ANY.has(lowered)) {
        problems.push(explain(`${rule.where} admits source ${JSON.stringify(source)}: every address`, WHY, FIX));
        continue;
      }
      if (PRIVATE_TAGS.has(lowered)) continue;
      if (isIpv6(source)) {
        problems.push(
          explain(
            `${rule.where} admits the IPv6 source ${JSON.stringify(source)}`,
            `${WHY}; only private IPv4 blocks can be verified`,
            FIX,
          ),
        );
        continue;
      }
      const block = parseSourceBlock(source);
      if (block === undefined) {
        problems.push(
          explain(`${rule.where} admits the service tag ${JSON.stringify(source)}, which stands for public Azure ranges`, WHY, FIX),
        );
      } else if (!isPrivate(block)) {
        problems.push(explain(`${rule.where} admits ${JSON.stringify(source)}, which is not inside a private range`, WHY, FIX));
        publicBlocks.push(block);
      }
    }
    if (publicBlocks.length > 1 && coversInternet(publicBlocks))
      problems.push(explain(`${rule.where}: together ${publicBlocks.map((b) => b.text).join(", ")} cover every IPv4 address`, WHY, FIX));
  }
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Azure NSG inbound allow rules admit only private sources: no '*', 'Internet', /0 or public block.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Restrict sourceAddressPrefix(es) to the customer's private client networks.",
  },
  check,
);
