/**
 * Who may reach the endpoint: AWS security group ingress admits only private IPv4 blocks. Blocks are
 * parsed (lib/ipv4), never string-matched, so `0.0.0.0/1` plus `128.0.0.0/1` is caught like
 * `0.0.0.0/0`. Rules that name a security group or a prefix list carry no address block and are
 * not judged here (the ports policy still judges their ports). IPv6 sources are refused: the
 * connection is IPv4 and the pack checks IPv4 private ranges only.
 */
import { coversInternet, isPrivate, type Cidr } from "../../lib/ipv4";
import { COMPLIANT, explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { awsInboundRules, isIpv6, parseSourceBlock } from "../traffic";

export const name = "security-group-ingress-private-sources";

const WHY =
  "PrivateLink keeps the connection to Adobe Commerce private; an endpoint reachable from public addresses exposes Adobe's services (checkov CKV_AWS_24 / CKV_AWS_277: no ingress from 0.0.0.0/0)";

export const check: ResourceCheck = (subject) => {
  const rules = awsInboundRules(subject.type, subject.props);
  if (rules === undefined) return notApplicable("not an AWS security group or ingress rule");
  if (rules.length === 0) return COMPLIANT;
  const problems: string[] = [];
  const publicBlocks: Cidr[] = [];
  for (const rule of rules) {
    for (const source of rule.sources) {
      if (isIpv6(source)) {
        problems.push(
          explain(
            `${rule.where} admits the IPv6 block ${JSON.stringify(source)}`,
            `the connection to Adobe is IPv4 and only private IPv4 blocks can be verified; ${source === "::/0" ? "::/0 is the whole IPv6 internet" : "an IPv6 source widens access"}`,
            "remove the IPv6 source and list the customer's private IPv4 client networks",
          ),
        );
        continue;
      }
      const block = parseSourceBlock(source);
      if (block === undefined) {
        problems.push(
          explain(
            `${rule.where} admits ${JSON.stringify(source)}, which is not an IPv4 CIDR block`,
            WHY,
            "use a private CIDR block such as 10.20.0.0/16",
          ),
        );
      } else if (block.prefix === 0) {
        problems.push(
          explain(
            `${rule.where} admits ${JSON.stringify(source)}: /0 is every address`,
            WHY,
            "replace it with the customer's private client networks",
          ),
        );
        publicBlocks.push(block);
      } else if (!isPrivate(block)) {
        problems.push(
          explain(
            `${rule.where} admits ${JSON.stringify(source)}, which is not inside a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)`,
            WHY,
            "replace it with the customer's private client networks",
          ),
        );
        publicBlocks.push(block);
      }
    }
  }
  if (publicBlocks.length > 1 && !publicBlocks.some((b) => b.prefix === 0) && coversInternet(publicBlocks))
    problems.push(
      explain(
        `together the blocks ${publicBlocks.map((b) => b.text).join(", ")} cover every IPv4 address`,
        WHY,
        "replace them with the customer's private client networks",
      ),
    );
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "AWS security group ingress admits only private IPv4 blocks: no /0, no public or internet-covering block.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "List the customer's private client networks (network.clientCidrs) as the only ingress sources.",
  },
  check,
);
