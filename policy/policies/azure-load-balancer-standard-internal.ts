/**
 * The Azure load balancer behind the customer's Private Link Service is a Standard internal load
 * balancer: Private Link Service only fronts Standard load balancers, and a public frontend
 * publishes the customer's services on the internet next to Private Link.
 */
import { obj, objs, str } from "../props";
import { explain, notApplicable, resourcePolicy, show, type ResourceCheck, verdict } from "../rule";
import { isKind } from "../tokens";

export const name = "azure-load-balancer-standard-internal";

export const check: ResourceCheck = (subject) => {
  if (!isKind(subject.type, "azure-load-balancer")) return notApplicable("not an Azure load balancer");
  const problems: string[] = [];
  const skuName = str(obj(subject.props, "sku") ?? {}, "name");
  // Unset means Azure's default SKU, Basic.
  if ((skuName ?? "Basic").toLowerCase() !== "standard")
    problems.push(
      explain(
        `sku.name is ${show(skuName)}${skuName === undefined ? " (Basic)" : ""}, must be "Standard"`,
        "Azure Private Link Service can only be attached to the frontend of a Standard Load Balancer (Microsoft: Private Link Service requirements); Basic load balancers are retired",
        'set sku: { name: "Standard" }',
      ),
    );
  objs(subject.props, "frontendIPConfigurations").forEach((frontend, i) => {
    const label = `frontendIPConfigurations[${i}]${str(frontend, "name") ? ` ${JSON.stringify(str(frontend, "name"))}` : ""}`;
    for (const key of ["publicIPAddress", "publicIPPrefix"]) {
      if (frontend[key] !== undefined && frontend[key] !== null)
        problems.push(
          explain(
            `${label} has a ${key}: the load balancer is public`,
            "the customer's services are for Adobe over Private Link only; a public frontend exposes them on the internet",
            `remove ${key} and give the frontend a private address in the service subnet (subnet: { id })`,
          ),
        );
    }
  });
  return verdict(problems);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Azure load balancers are Standard SKU with private frontends only.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'Use sku { name: "Standard" } and frontends with a subnet and no public IP address or prefix.',
  },
  check,
);
