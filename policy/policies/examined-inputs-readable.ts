/**
 * Every input the pack examines has a value the provider can read. The policies read a value of the
 * wrong type the way the provider converts it (policy/props.ts: "true" is true, "22" is 22, 6 is
 * "6"); a value no conversion reads (a lone string where a list belongs, "yes" for a boolean, 22.5
 * for a port, an object for a protocol) could mean anything, so it is a finding here rather than a
 * pass elsewhere. The other policies still judge it the strictest way they can.
 */
import { asBool, asInteger, asText, isAbsent, type Props } from "../props";
import { explain, notApplicable, resourcePolicy, type ResourceCheck, verdict } from "../rule";
import { type Kind, kindOf } from "../tokens";

export const name = "examined-inputs-readable";

type Field = "text" | "boolean" | "integer" | "texts" | { readonly list: Shape } | { readonly object: Shape };
type Shape = Readonly<Record<string, Field>>;

const REGION: Shape = { region: "text" };
const LOCATION: Shape = { location: "text" };
const AWS_RULE: Shape = { protocol: "text", fromPort: "integer", toPort: "integer", cidrBlocks: "texts", ipv6CidrBlocks: "texts" };
const AWS_RULE_RESOURCE: Shape = {
  ...REGION,
  ipProtocol: "text",
  fromPort: "integer",
  toPort: "integer",
  cidrIpv4: "text",
  cidrIpv6: "text",
};
const AZURE_RULE: Shape = {
  direction: "text",
  access: "text",
  protocol: "text",
  destinationPortRange: "text",
  destinationPortRanges: "texts",
  sourceAddressPrefix: "text",
  sourceAddressPrefixes: "texts",
};
const NAT: Shape = {
  protocol: "text",
  frontendPort: "integer",
  backendPort: "integer",
  frontendPortRangeStart: "integer",
  frontendPortRangeEnd: "integer",
};
const LB_RULE: Shape = { protocol: "text", frontendPort: "integer", backendPort: "integer" };
const PROBE: Shape = { port: "integer" };
const CONNECTION: Shape = { privateLinkServiceId: "text", requestMessage: "text" };
/** An Azure sub-resource in the flat SDK shape or the ARM `properties` shape. */
const part = (shape: Shape): Field => ({ list: { ...shape, name: "text", properties: { object: shape } } });

/** The inputs each policy reads, per kind of resource. */
const SHAPES: Partial<Readonly<Record<Kind, Shape>>> = {
  "aws-provider": REGION,
  "aws-vpc-endpoint": { ...REGION, vpcEndpointType: "text", privateDnsEnabled: "boolean", serviceName: "text", serviceRegion: "text" },
  "aws-vpc-endpoint-service": { ...REGION, acceptanceRequired: "boolean", allowedPrincipals: "texts", supportedRegions: "texts" },
  "aws-vpc-endpoint-service-allowed-principal": { ...REGION, principalArn: "text" },
  "aws-vpc-endpoint-connection-accepter": REGION,
  "aws-security-group": { ...REGION, ingress: { list: AWS_RULE }, egress: { list: AWS_RULE } },
  "aws-security-group-rule": { ...REGION, ...AWS_RULE, type: "text" },
  "aws-security-group-ingress-rule": AWS_RULE_RESOURCE,
  "aws-security-group-egress-rule": AWS_RULE_RESOURCE,
  "aws-load-balancer": { ...REGION, internal: "boolean", loadBalancerType: "text", enableDeletionProtection: "boolean" },
  "aws-classic-load-balancer": { internal: "boolean", listeners: { list: { lbPort: "integer", instancePort: "integer" } } },
  "aws-target-group": { ...REGION, port: "integer", protocol: "text", healthCheck: { object: { port: "text" } } },
  "aws-listener": { ...REGION, port: "integer", protocol: "text" },
  "aws-target-group-attachment": { ...REGION, port: "integer" },
  "azure-provider": LOCATION,
  "azure-private-endpoint": {
    ...LOCATION,
    manualPrivateLinkServiceConnections: { list: CONNECTION },
    privateLinkServiceConnections: { list: CONNECTION },
  },
  "azure-load-balancer": {
    ...LOCATION,
    sku: { object: { name: "text" } },
    frontendIPConfigurations: { list: {} },
    loadBalancingRules: part(LB_RULE),
    inboundNatRules: part(NAT),
    inboundNatPools: part(NAT),
    probes: part(PROBE),
  },
  "azure-private-link-service": {
    ...LOCATION,
    visibility: { object: { subscriptions: "texts" } },
    autoApproval: { object: { subscriptions: "texts" } },
  },
  "azure-network-security-group": { ...LOCATION, securityRules: part(AZURE_RULE) },
  "azure-security-rule": AZURE_RULE,
  "azure-inbound-nat-rule": NAT,
};

const EXPECTED: Readonly<Record<"text" | "boolean" | "integer" | "texts", string>> = {
  text: "text",
  boolean: 'true or false (or the text "true" / "false")',
  integer: "a whole number",
  texts: "a list of text values",
};

function describe(field: Field): string {
  if (typeof field === "string") return EXPECTED[field];
  return "list" in field ? "a list of objects" : "an object";
}

function readable(field: Field, value: unknown): boolean {
  switch (field) {
    case "text":
      return asText(value) !== undefined;
    case "boolean":
      return asBool(value) !== undefined;
    case "integer":
      return asInteger(value) !== undefined;
    case "texts":
      return Array.isArray(value) && value.every((item) => isAbsent(item) || asText(item) !== undefined);
    default:
      if ("list" in field) return Array.isArray(value);
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

/** JSON of a value for a message, bounded so a hostile input cannot flood the report. */
function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The engine's UnknownValueError (internal to @pulumi/policy, so known by name). */
function isUnknownValueError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === "UnknownValueError";
}

function problemsOf(value: unknown, field: Field, where: string, out: string[]): void {
  if (isAbsent(value)) return;
  if (!readable(field, value)) {
    out.push(
      explain(
        `${where} is ${shown(value)}, which the provider cannot read as ${describe(field)}`,
        "the pack judges what the provider would deploy; a value no type conversion reads could mean anything, so it is neither passed nor guessed (the other policies judge it the strictest way)",
        `give ${where} ${describe(field)}`,
      ),
    );
    return;
  }
  if (typeof field === "string") return;
  if ("object" in field) {
    problems(value as Props, field.object, where, out);
    return;
  }
  (value as unknown[]).forEach((item, i) => {
    if (typeof item === "object" && item !== null && !Array.isArray(item)) problems(item as Props, field.list, `${where}[${i}]`, out);
    else if (!isAbsent(item))
      out.push(
        explain(
          `${where}[${i}] is ${shown(item)}, not an object`,
          "the pack cannot read the rule or setting it stands for",
          `give ${where}[${i}] as an object`,
        ),
      );
  });
}

/**
 * A value unknown during `pulumi preview` cannot have a wrong type yet (the provider checks it once
 * known), and the engine's proxy throws when one is read: such an input is skipped, so this policy
 * does not turn into an advisory "can't run during preview" note for a value it would not judge.
 */
function problems(props: Props, shape: Shape, path: string, out: string[]): void {
  for (const [key, field] of Object.entries(shape)) {
    const where = path === "" ? key : `${path}.${key}`;
    const found: string[] = [];
    try {
      problemsOf(props[key], field, where, found);
    } catch (error) {
      if (isUnknownValueError(error)) continue;
      throw error;
    }
    out.push(...found);
  }
}

export const check: ResourceCheck = (subject) => {
  const kind = kindOf(subject.type);
  const shape = kind === undefined ? undefined : SHAPES[kind];
  if (shape === undefined) return notApplicable("no input of this type is examined");
  const out: string[] = [];
  problems(subject.props, shape, "", out);
  return verdict(out);
};

export const policy = resourcePolicy(
  {
    name,
    description: "Every input the pack examines has a value the provider can read (no lone value for a list, no 'yes' for a boolean).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      "Give each examined input the type the provider expects: lists as lists, ports as whole numbers, booleans as true/false.",
  },
  check,
);
