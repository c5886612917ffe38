/**
 * The deploying identity's least-privilege permissions, derived from the plan: the resource types and
 * invokes the program plans for a stack are looked up in `permissions-table.ts`, and their grants are
 * scoped to the stack's region, account, VPC and subnets (AWS) or resource group, subnets and virtual
 * network (Azure), and to the tags the planned resources carry. Pure apart from planning the stack;
 * the command line is `permissions-cli.ts`.
 */
import { virtualNetworkIdOf } from "../components/azure/resourceIds";
import { ROOT_NAME } from "../components/naming";
import type { RecordingMocks } from "./mocks";
import {
  AWS_PERMISSIONS,
  AZURE_PERMISSIONS,
  type AwsArnKind,
  type AwsGrant,
  type AwsScope,
  type AzureGrant,
  type AzureScope,
  type PermissionEntry,
  type Phase,
} from "./permissions-table";
import { type PlanError, type PlannedResource, planStack } from "./plan";
import type { StackConfig } from "./stackfile";

/** `deploy`: `pulumi up`, `refresh` and `destroy`; `preview`: `pulumi preview` (and `--refresh`) only. */
export type IdentityPhase = "deploy" | "preview";

export const PHASES: readonly IdentityPhase[] = ["deploy", "preview"];

const PHASE_PARTS: Readonly<Record<IdentityPhase, readonly Phase[]>> = {
  deploy: ["read", "create", "update", "delete"],
  preview: ["read"],
};

/** What a stack's plan uses: its resource types and invokes, and what its resources carry. */
export interface StackUse {
  /** Custom resource types (providers included), sorted. */
  readonly types: readonly string[];
  /** Invoke tokens, sorted. */
  readonly invokes: readonly string[];
  /** Types whose every planned resource is retained on delete: `pulumi destroy` never deletes them. */
  readonly retained: readonly string[];
  /** Tags every tagged resource carries, `Name` aside. */
  readonly tags: Readonly<Record<string, string>>;
  /** The prefix every `Name` tag starts with; undefined when a tagged resource has another name. */
  readonly namePrefix: string | undefined;
  /** Subnet ids the planned resources join, and their virtual networks' ids (Azure). */
  readonly subnetIds: readonly string[];
  readonly virtualNetworkIds: readonly string[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Every `<key>.id` string in an input tree (the ids of referenced subnets and virtual networks). */
function referencedIds(value: unknown, key: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, key, out);
    return;
  }
  for (const [field, child] of Object.entries(record(value))) {
    const id = record(child).id;
    if (field === key && typeof id === "string") out.add(id);
    else referencedIds(child, key, out);
  }
}

/** What a plan uses, from its planned resources and the invokes the mocks answered. */
export function stackUse(resources: readonly PlannedResource[], invokes: readonly string[]): StackUse {
  const custom = resources.filter((r) => r.custom);
  const types = [...new Set(custom.map((r) => r.type))].sort();
  const retained = types.filter((type) => custom.filter((r) => r.type === type).every((r) => r.retainOnDelete));
  const tagged = custom.map((r) => record(r.inputs.tags)).filter((tags) => Object.keys(tags).length > 0);
  let common: [string, unknown][] | undefined;
  for (const tags of tagged) {
    const entries = Object.entries(tags).filter(([key]) => key !== "Name");
    common = common === undefined ? entries : common.filter(([key, value]) => tags[key] === value);
  }
  const names = tagged.map((tags) => tags.Name);
  const prefix = `${ROOT_NAME}-`;
  const subnets = new Set<string>();
  for (const r of custom) referencedIds(r.inputs, "subnet", subnets);
  // The subnets' virtual networks, which the plan-time lookups read (components/azure/subnets.ts).
  const networks = new Set([...subnets].map(virtualNetworkIdOf));
  return {
    types,
    invokes: [...new Set(invokes)].sort(),
    retained,
    tags: Object.fromEntries((common ?? []).filter((entry): entry is [string, string] => typeof entry[1] === "string")),
    namePrefix: names.length > 0 && names.every((n) => typeof n === "string" && n.startsWith(prefix)) ? prefix : undefined,
    subnetIds: [...subnets].sort(),
    virtualNetworkIds: [...networks].sort(),
  };
}

/** The tokens of a plan that have no entry in the table. */
export function missingEntries(use: StackUse, table: Readonly<Record<string, unknown>>): string[] {
  return [...use.types, ...use.invokes].filter((token) => !Object.hasOwn(table, token));
}

/** A planned type or invoke with no permissions entry: a bug in the table, never a user error. */
export class MissingPermissionsError extends Error {
  constructor(readonly tokens: readonly string[]) {
    super(`no permissions entry in tools/permissions-table.ts for ${tokens.join(", ")}`);
    this.name = "MissingPermissionsError";
  }
}

/** One planned type or invoke and the actions it contributes, for the report. */
export interface Coverage {
  readonly token: string;
  readonly actions: readonly string[];
  readonly note?: string;
  readonly sources: readonly string[];
}

/** The grants of a plan in a phase, per token; throws `MissingPermissionsError` for an unknown token. */
export function grantsOf<G>(
  use: StackUse,
  table: Readonly<Record<string, PermissionEntry<G>>>,
  phase: IdentityPhase,
): { token: string; grants: G[]; entry: PermissionEntry<G> }[] {
  const missing = missingEntries(use, table);
  if (missing.length > 0) throw new MissingPermissionsError(missing);
  return [...use.types, ...use.invokes].map((token) => {
    const entry = table[token] as PermissionEntry<G>;
    // Invokes run in every phase; a retained resource is never deleted by `pulumi destroy`.
    const parts = PHASE_PARTS[phase].filter((part) => !(part === "delete" && use.retained.includes(token)));
    return { token, grants: parts.flatMap((part) => entry[part]), entry };
  });
}

function coverage<G>(rows: ReturnType<typeof grantsOf<G>>, action: (grant: G) => string): Coverage[] {
  return rows.map(({ token, grants, entry }) => ({
    token,
    actions: [...new Set(grants.map(action))].sort(),
    ...(entry.note !== undefined ? { note: entry.note } : {}),
    sources: entry.sources,
  }));
}

// ---------------------------------------------------------------------------------------------------
// AWS: one IAM policy document

export interface AwsContext {
  readonly region: string;
  /** The account id; `*` when not given (every ARN is then pinned by region and tags only). */
  readonly accountId: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** Adobe's endpoint service name, when the stack has it. */
  readonly endpointService?: string;
}

export interface IamStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamPolicy {
  readonly Version: "2012-10-17";
  readonly Statement: IamStatement[];
}

function partition(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

function awsArns(kind: AwsArnKind, scope: AwsScope, ctx: AwsContext): string[] {
  const p = partition(ctx.region);
  const ec2 = (resource: string): string => `arn:${p}:ec2:${ctx.region}:${ctx.accountId}:${resource}`;
  const elb = (resource: string): string => `arn:${p}:elasticloadbalancing:${ctx.region}:${ctx.accountId}:${resource}`;
  switch (kind) {
    case "vpc":
      return [ec2(scope === "stack" ? `vpc/${ctx.vpcId}` : "vpc/*")];
    case "subnet":
      return scope === "stack" ? ctx.subnetIds.map((id) => ec2(`subnet/${id}`)) : [ec2("subnet/*")];
    case "loadbalancer/net":
      return [elb("loadbalancer/net/*/*")];
    case "targetgroup":
      return [elb("targetgroup/*/*")];
    case "listener/net":
      return [elb("listener/net/*/*/*")];
    case "service-linked-role":
      return [
        `arn:${p}:iam::${ctx.accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
      ];
    default:
      return [ec2(`${kind}/*`)];
  }
}

const ELB_KINDS: readonly AwsArnKind[] = ["loadbalancer/net", "targetgroup", "listener/net"];

/** The API names of a service whose tags may be set in the create call: the plan's creates there. */
function createActions(grants: readonly AwsGrant[], service: string): string[] {
  const creates = grants.filter((g) => g.action.startsWith(`${service}:`) && Object.values(g.on).includes("new"));
  return [...new Set(creates.map((g) => g.action.slice(service.length + 1)))].sort();
}

function awsCondition(
  kind: AwsArnKind | undefined,
  scope: AwsScope,
  ctx: AwsContext,
  use: StackUse,
  grants: readonly AwsGrant[],
): IamStatement["Condition"] {
  switch (scope) {
    case "region":
      return { StringEquals: { "aws:RequestedRegion": ctx.region } };
    case "new": {
      const equals: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(use.tags)) equals[`aws:RequestTag/${key}`] = value;
      if (kind === "vpc-endpoint" && ctx.endpointService !== undefined) equals["ec2:VpceServiceName"] = ctx.endpointService;
      const keys = [...Object.keys(use.tags), ...(use.namePrefix !== undefined ? ["Name"] : [])].sort();
      return {
        ...(Object.keys(equals).length > 0 ? { StringEquals: equals } : {}),
        ...(use.namePrefix !== undefined ? { StringLike: { "aws:RequestTag/Name": `${use.namePrefix}*` } } : {}),
        ...(keys.length > 0 ? { "ForAllValues:StringEquals": { "aws:TagKeys": keys } } : {}),
      };
    }
    case "own":
      return use.namePrefix !== undefined ? { StringLike: { "aws:ResourceTag/Name": `${use.namePrefix}*` } } : undefined;
    case "tag-on-create": {
      if (kind === undefined) return undefined;
      const service = ELB_KINDS.includes(kind) ? "elasticloadbalancing" : "ec2";
      return { StringEquals: { [`${service}:CreateAction`]: createActions(grants, service) } };
    }
    case "slr":
      return { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } };
    case "stack":
      return undefined;
  }
}

/** The statement name of a scope (and, for tag-on-create, its service). */
function sid(scope: AwsScope, condition: IamStatement["Condition"]): string {
  if (scope === "new" && condition?.StringEquals?.["ec2:VpceServiceName"] !== undefined) return "CreateEndpointToAdobe";
  if (scope === "tag-on-create") return condition?.StringEquals?.["ec2:CreateAction"] !== undefined ? "TagOnCreateEc2" : "TagOnCreateElb";
  return SID[scope];
}

const SID: Readonly<Record<AwsScope, string>> = {
  region: "ReadOnlyWholeRegion",
  new: "CreateTagged",
  "tag-on-create": "TagOnCreate",
  own: "ManageOwnTagged",
  stack: "UseStackNetwork",
  slr: "CreateElbServiceLinkedRole",
};

const SCOPE_ORDER: readonly AwsScope[] = ["region", "new", "tag-on-create", "own", "stack", "slr"];

/**
 * The IAM policy of a plan's grants. Grants with the same scope and condition share one statement
 * (its actions times its resources): an action only ever applies to its own resource types, and the
 * policy stays under IAM's 6,144 characters for a managed policy.
 */
export function awsPolicy(
  use: StackUse,
  ctx: AwsContext,
  phase: IdentityPhase,
  table = AWS_PERMISSIONS,
): { policy: IamPolicy; coverage: Coverage[] } {
  const rows = grantsOf(use, table, phase);
  const grants = rows.flatMap((row) => row.grants);
  const buckets = new Map<
    string,
    { scope: AwsScope; condition: IamStatement["Condition"]; actions: Set<string>; resources: Set<string> }
  >();
  for (const grant of grants) {
    const targets = Object.entries(grant.on) as [AwsArnKind, AwsScope][];
    for (const [kind, scope] of targets.length > 0 ? targets : [[undefined, "region"] as const]) {
      const condition = awsCondition(kind, scope, ctx, use, grants);
      const key = `${scope}|${JSON.stringify(condition)}`;
      const bucket = buckets.get(key) ?? { scope, condition, actions: new Set<string>(), resources: new Set<string>() };
      bucket.actions.add(grant.action);
      for (const arn of kind === undefined ? ["*"] : awsArns(kind, scope, ctx)) bucket.resources.add(arn);
      buckets.set(key, bucket);
    }
  }
  const statements = [...buckets.values()]
    .sort((a, b) => SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope))
    .map(({ scope, condition, actions, resources }): IamStatement => {
      const arns = [...resources].sort();
      return {
        Sid: sid(scope, condition),
        Effect: "Allow",
        Action: [...actions].sort(),
        Resource: arns.length === 1 ? (arns[0] ?? "*") : arns,
        ...(condition !== undefined ? { Condition: condition } : {}),
      };
    });
  return { policy: { Version: "2012-10-17", Statement: statements }, coverage: coverage(rows, (g) => g.action) };
}

// ---------------------------------------------------------------------------------------------------
// Azure: one custom role per scope

export interface AzureContext {
  readonly stack: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
}

/** A role definition as `az role definition create --role-definition` takes it. */
export interface AzureRoleDefinition {
  readonly Name: string;
  readonly IsCustom: true;
  readonly Description: string;
  readonly Actions: string[];
  readonly NotActions: string[];
  readonly DataActions: string[];
  readonly NotDataActions: string[];
  readonly AssignableScopes: string[];
}

export interface AzureRole {
  readonly scope: AzureScope;
  /** Assign the role at each of these scopes (they are its assignable scopes). */
  readonly assignAt: readonly string[];
  readonly definition: AzureRoleDefinition;
}

const SCOPE_TEXT: Readonly<Record<AzureScope, string>> = {
  "resource-group": "the stack's resources in its resource group",
  subnet: "reading and joining the customer's subnets the stack uses",
  "virtual-network": "reading the virtual networks of those subnets (their region, at plan time)",
};

/** The custom roles of a plan's grants: one per scope, assignable only where the stack needs it. */
export function azureRoles(
  use: StackUse,
  ctx: AzureContext,
  phase: IdentityPhase,
  table = AZURE_PERMISSIONS,
): { roles: AzureRole[]; coverage: Coverage[] } {
  const rows = grantsOf(use, table, phase);
  const byScope = new Map<AzureScope, Set<string>>();
  for (const grant of rows.flatMap((row) => row.grants)) {
    byScope.set(grant.scope, (byScope.get(grant.scope) ?? new Set()).add(grant.action));
  }
  const scopes: Readonly<Record<AzureScope, readonly string[]>> = {
    "resource-group": [`/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroupName}`],
    subnet: use.subnetIds,
    "virtual-network": use.virtualNetworkIds,
  };
  const roles: AzureRole[] = [];
  for (const scope of ["resource-group", "subnet", "virtual-network"] as const) {
    const actions = byScope.get(scope);
    if (!actions || scopes[scope].length === 0) continue;
    roles.push({
      scope,
      assignAt: scopes[scope],
      definition: {
        Name: `commerce-privatelink ${ctx.stack} ${phase} (${scope})`,
        IsCustom: true,
        Description: `${phase === "deploy" ? "pulumi up, refresh and destroy" : "pulumi preview"} of stack ${ctx.stack}: ${SCOPE_TEXT[scope]}`,
        Actions: [...actions].sort(),
        NotActions: [],
        DataActions: [],
        NotDataActions: [],
        AssignableScopes: [...scopes[scope]],
      },
    });
  }
  return { roles, coverage: coverage(rows, (g: AzureGrant) => g.action) };
}

// ---------------------------------------------------------------------------------------------------
// A stack

/** The stable JSON of `npm run permissions -- --json`. */
export interface PermissionsReport {
  readonly stack: string;
  readonly cloud: string | null;
  readonly phase: IdentityPhase;
  readonly errors: readonly PlanError[];
  /** Per planned resource type and invoke: the actions it needs in this phase, why, and the source. */
  readonly coverage: readonly Coverage[];
  /** AWS: the IAM policy document. */
  readonly policy?: IamPolicy;
  /** Azure: the custom roles, one per scope. */
  readonly roles?: readonly AzureRole[];
  /** What the documents leave to the reader (an account id not given). */
  readonly notes: readonly string[];
}

export interface PermissionsOptions {
  readonly phase: IdentityPhase;
  /** AWS account id for the ARNs; `*` when absent. */
  readonly accountId?: string;
}

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)\//i;

/** Plans a stack (mocks installed) and derives its identity's permissions. */
export async function permissionsFor(
  mocks: RecordingMocks,
  stack: string,
  config: StackConfig,
  options: PermissionsOptions,
): Promise<PermissionsReport> {
  const plan = await planStack(mocks, stack, config, () => []);
  const { report, settings } = plan;
  const base = { stack, cloud: report.cloud, phase: options.phase };
  if (report.errors.length > 0 || settings === undefined) return { ...base, errors: report.errors, coverage: [], notes: [] };
  const use = stackUse(
    report.resources,
    mocks.calls.map((call) => call.token),
  );
  if (settings.cloud === "aws") {
    const accountId = options.accountId ?? "*";
    const { policy, coverage: rows } = awsPolicy(
      use,
      {
        region: settings.region,
        accountId,
        vpcId: settings.aws.vpcId,
        subnetIds: settings.aws.subnetIds,
        ...(settings.aws.endpointService !== undefined ? { endpointService: settings.aws.endpointService } : {}),
      },
      options.phase,
    );
    const notes =
      options.accountId === undefined && options.phase === "deploy"
        ? ["no --account-id given: the ARNs name any account (*); give the account id to pin them to it"]
        : [];
    return { ...base, errors: [], coverage: rows, policy, notes };
  }
  // A private endpoint lives in its virtual network's subscription, which is the stack's subscription.
  const subscriptionId = SUBSCRIPTION.exec(settings.azure.endpointSubnetId)?.[1] ?? "";
  const { roles, coverage: rows } = azureRoles(
    use,
    { stack, subscriptionId, resourceGroupName: settings.azure.resourceGroupName },
    options.phase,
  );
  return { ...base, errors: [], coverage: rows, roles, notes: [] };
}

/** The human report: what each planned type needs, then the document(s) to create. */
export function renderPermissions(report: PermissionsReport): string {
  if (report.errors.length > 0) {
    return [
      `commerce-privatelink: stack ${report.stack} was NOT planned, so no permissions were derived:`,
      ...report.errors.map((e) => `  - ${e.key}: ${e.message}`),
      "",
    ].join("\n");
  }
  const what = report.phase === "deploy" ? "pulumi up, pulumi refresh and pulumi destroy" : "pulumi preview (read-only)";
  const lines = [`Permissions for ${what} of stack ${report.stack} (${report.cloud ?? "?"}), derived from its plan:`, ""];
  for (const row of report.coverage) {
    lines.push(`  ${row.token}`, `      ${row.actions.length > 0 ? row.actions.join(", ") : "(no permission needed)"}`);
    if (row.note !== undefined) lines.push(`      ${row.note}`);
  }
  for (const note of report.notes) lines.push("", `Note: ${note}`);
  if (report.policy !== undefined) {
    lines.push(
      "",
      "IAM policy document (aws iam create-policy --policy-document file://policy.json):",
      JSON.stringify(report.policy, null, 2),
    );
  }
  for (const role of report.roles ?? []) {
    lines.push(
      "",
      `Custom role for ${role.scope} scope (az role definition create --role-definition @role.json), assign at:`,
      ...role.assignAt.map((scope) => `  ${scope}`),
      JSON.stringify(role.definition, null, 2),
    );
  }
  return `${lines.join("\n")}\n`;
}
