/**
 * Provider keys in the stack file (`aws:profile`, `azure-native:subscriptionId`, ...). The program
 * deploys through an explicit provider for the cluster's region (components/aws/index.ts,
 * components/azure/index.ts), and an explicit provider does not read the `aws:`/`azure-native:` stack
 * config that configures Pulumi's default provider (by design: pulumi/pulumi-aws#1307). So every such key is either passed to the explicit
 * provider (the keys that choose the credentials or the account), checked against the program's own
 * value (the region), or refused with why: never silently ignored.
 */
import type { Cloud } from "../rules/adobe";
import { GUID, NIL_GUID } from "./adobe";
import { isRecord, type Problems } from "./check";

/** Namespaces whose keys are provider keys; the program reads them here and nowhere else. */
export const PROVIDER_NAMESPACES: readonly string[] = ["aws", "azure-native", "azure", "aws-native"];

export type ProviderKeyHandling = "passed" | "checked" | "refused";

export interface ProviderKeySpec {
  readonly key: string;
  readonly cloud: Cloud;
  readonly handling: ProviderKeyHandling;
  readonly type: "string" | "boolean" | "string[]" | "object[]";
  readonly description: string;
}

/** The provider keys the README documents; any other key of a provider namespace is refused. */
export const PROVIDER_KEYS: readonly ProviderKeySpec[] = [
  { key: "aws:profile", cloud: "aws", handling: "passed", type: "string", description: "Named profile of the shared AWS config files." },
  {
    key: "aws:assumeRoles",
    cloud: "aws",
    handling: "passed",
    type: "object[]",
    description: "Roles to assume: `{roleArn, sessionName?, externalId?, duration?}` each.",
  },
  { key: "aws:allowedAccountIds", cloud: "aws", handling: "passed", type: "string[]", description: "Accounts the provider may deploy to." },
  { key: "aws:forbiddenAccountIds", cloud: "aws", handling: "passed", type: "string[]", description: "Accounts the provider refuses." },
  {
    key: "aws:sharedConfigFiles",
    cloud: "aws",
    handling: "passed",
    type: "string[]",
    description: "Paths of the shared AWS config files.",
  },
  {
    key: "aws:sharedCredentialsFiles",
    cloud: "aws",
    handling: "passed",
    type: "string[]",
    description: "Paths of the shared AWS credentials files.",
  },
  {
    key: "aws:region",
    cloud: "aws",
    handling: "checked",
    type: "string",
    description: "Must equal `region` (the provider uses `region`).",
  },
  {
    key: "aws:accessKey, aws:secretKey, aws:token",
    cloud: "aws",
    handling: "refused",
    type: "string",
    description: "Static keys would be stored in the provider's state: use `aws:profile` or the `AWS_*` environment variables.",
  },
  {
    key: "azure-native:subscriptionId",
    cloud: "azure",
    handling: "checked",
    type: "string",
    description: "Must equal the subscription of the subnet ids (the provider deploys there).",
  },
  { key: "azure-native:tenantId", cloud: "azure", handling: "passed", type: "string", description: "The tenant to sign in to." },
  {
    key: "azure-native:clientId",
    cloud: "azure",
    handling: "passed",
    type: "string",
    description: "Service principal or managed identity client id.",
  },
  { key: "azure-native:useMsi", cloud: "azure", handling: "passed", type: "boolean", description: "Sign in with a managed identity." },
  { key: "azure-native:useOidc", cloud: "azure", handling: "passed", type: "boolean", description: "Sign in with OpenID Connect." },
  {
    key: "azure-native:location",
    cloud: "azure",
    handling: "checked",
    type: "string",
    description: "Must equal `region` (the provider uses `region`).",
  },
  {
    key: "azure-native:environment",
    cloud: "azure",
    handling: "checked",
    type: "string",
    description: "Only `public`: Adobe's subscriptions are in Azure's public cloud.",
  },
  {
    key: "azure-native:clientSecret, azure-native:clientCertificatePassword",
    cloud: "azure",
    handling: "refused",
    type: "string",
    description: "Secrets would be stored in the provider's state: use `ARM_CLIENT_SECRET` or `ARM_CLIENT_CERTIFICATE_PASSWORD`.",
  },
];

export interface AwsAssumeRole {
  readonly roleArn: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  readonly duration?: string;
}

/** The `aws:` keys passed to the explicit AWS provider (lists mutable: the provider's args type wants them so). */
export interface AwsProviderConfig {
  readonly profile?: string;
  readonly assumeRoles?: AwsAssumeRole[];
  readonly allowedAccountIds?: string[];
  readonly forbiddenAccountIds?: string[];
  readonly sharedConfigFiles?: string[];
  readonly sharedCredentialsFiles?: string[];
}

/** The `azure-native:` keys passed to the explicit Azure provider. */
export interface AzureProviderConfig {
  /**
   * Checked against the subnets' subscription (config/azure.ts); the provider deploys into the
   * subnets' subscription either way (components/azure/index.ts).
   */
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly useMsi?: boolean;
  readonly useOidc?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The record without its undefined values (a refused key leaves one). */
function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

const ACCOUNT_ID = /^[0-9]{12}$/;
const ACCOUNT_IDS = "12-digit AWS account ids such as '123456789012'";
const FILES = "file paths such as ~/.aws/config";
const ROLE_ARN = /^arn:aws:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_FIELDS = ["roleArn", "sessionName", "externalId", "duration"];
const SECRET_FIX = {
  aws: "remove it; use aws:profile, aws:assumeRoles or the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN environment variables",
  azure: "remove it; set ARM_CLIENT_SECRET or ARM_CLIENT_CERTIFICATE_PASSWORD in the environment instead",
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function namespaceOf(key: string): string {
  return key.slice(0, key.indexOf(":"));
}

/**
 * Reads the provider keys of the stack: what to pass to the explicit provider of `cloud`, and a
 * problem for every key that is refused or does not match the program's own value.
 */
export function readProviderKeys(
  p: Problems,
  keys: Readonly<Record<string, string>>,
  cloud: Cloud | undefined,
  region: string | undefined,
): { aws: AwsProviderConfig; azure: AzureProviderConfig } {
  const aws: Mutable<AwsProviderConfig> = {};
  const azure: Mutable<AzureProviderConfig> = {};
  const strings = (key: string, raw: string, pattern: RegExp | undefined, what: string): string[] | undefined => {
    const value = parseJson(raw);
    if (!Array.isArray(value) || value.length === 0 || !value.every((item): item is string => typeof item === "string" && item !== "")) {
      return p.add(key, value, "must be a YAML list of text", `write it as a list, e.g. [${what}]`);
    }
    const bad = pattern ? value.find((item) => !pattern.test(item)) : undefined;
    return bad === undefined ? value : p.add(key, bad, `is not ${what}`, `write ${what}`);
  };
  const guid = (key: string, raw: string): string | undefined =>
    GUID.test(raw) && raw !== NIL_GUID ? raw : p.add(key, raw, "is not a GUID (8-4-4-4-12 hex digits)", "copy it from az account show");
  const boolean = (key: string, raw: string): boolean | undefined =>
    raw === "true" ? true : raw === "false" ? false : p.add(key, raw, "must be true or false", "write true or false");

  for (const [key, raw] of Object.entries(keys)) {
    const namespace = namespaceOf(key);
    const owner: Cloud | undefined = namespace === "aws" ? "aws" : namespace === "azure-native" ? "azure" : undefined;
    if (owner === undefined) {
      p.add(
        key,
        raw,
        `is a key of the ${namespace} provider, which this program does not use (it deploys with the aws and azure-native providers)`,
        "remove it",
      );
      continue;
    }
    if (cloud !== undefined && owner !== cloud) {
      p.add(
        key,
        raw,
        `is an ${namespace} provider key, but cloud is ${cloud}: that provider is never created`,
        `remove it, or set cloud: ${owner}`,
      );
      continue;
    }
    if (cloud === undefined) continue;
    switch (key) {
      case "aws:profile":
        if (raw.trim() === "" || raw !== raw.trim())
          p.add(key, raw, "must be a profile name", "write the profile's name from ~/.aws/config");
        else aws.profile = raw;
        break;
      case "aws:assumeRoles": {
        const roles = readAssumeRoles(p, key, parseJson(raw));
        if (roles) aws.assumeRoles = roles;
        break;
      }
      case "aws:allowedAccountIds":
        aws.allowedAccountIds = strings(key, raw, ACCOUNT_ID, ACCOUNT_IDS);
        break;
      case "aws:forbiddenAccountIds":
        aws.forbiddenAccountIds = strings(key, raw, ACCOUNT_ID, ACCOUNT_IDS);
        break;
      case "aws:sharedConfigFiles":
        aws.sharedConfigFiles = strings(key, raw, undefined, FILES);
        break;
      case "aws:sharedCredentialsFiles":
        aws.sharedCredentialsFiles = strings(key, raw, undefined, FILES);
        break;
      case "aws:region":
      case "azure-native:location":
        if (region !== undefined && raw !== region) {
          p.add(
            key,
            raw,
            `differs from region ${region}: the program deploys to region through its own provider, so ${key} would be ignored`,
            `remove ${key}, or set it to ${region}`,
          );
        }
        break;
      case "aws:accessKey":
      case "aws:secretKey":
      case "aws:token":
      case "azure-native:clientSecret":
      case "azure-native:clientCertificatePassword":
        p.add(
          key,
          "(hidden)",
          "is a credential: passed to the explicit provider it would be stored in the provider's state",
          SECRET_FIX[owner],
        );
        break;
      case "aws:assumeRole":
        p.add(
          key,
          parseJson(raw),
          "is the old name of aws:assumeRoles, which the program passes to its provider",
          "rename it to aws:assumeRoles (a list of roles)",
        );
        break;
      case "azure-native:subscriptionId":
        azure.subscriptionId = guid(key, raw);
        break;
      case "azure-native:tenantId":
        azure.tenantId = guid(key, raw);
        break;
      case "azure-native:clientId":
        azure.clientId = guid(key, raw);
        break;
      case "azure-native:useMsi":
        azure.useMsi = boolean(key, raw);
        break;
      case "azure-native:useOidc":
        azure.useOidc = boolean(key, raw);
        break;
      case "azure-native:environment":
        if (raw !== "public") {
          p.add(
            key,
            raw,
            "names a national cloud: Adobe's subscriptions are in Azure's public cloud, and Private Link does not cross clouds",
            "remove it (public is the default)",
          );
        }
        break;
      default: {
        const documented = PROVIDER_KEYS.filter((spec) => spec.cloud === owner && spec.handling === "passed").map((spec) => spec.key);
        p.add(
          key,
          parseJson(raw),
          `is not passed to the program's explicit ${namespace} provider, so it would have no effect (passed: ${documented.join(", ")})`,
          "remove it, or set it through the provider's environment variables",
        );
      }
    }
  }
  return { aws: defined(aws), azure: defined(azure) };
}

function readAssumeRoles(p: Problems, key: string, value: unknown): AwsAssumeRole[] | undefined {
  const fix = "write a list of roles, e.g. [{ roleArn: arn:aws:iam::123456789012:role/deploy }]";
  if (!Array.isArray(value) || value.length === 0) return p.add(key, value, "must be a YAML list of roles", fix);
  const roles: AwsAssumeRole[] = [];
  value.forEach((item, index) => {
    const at = `${key}[${index}]`;
    if (!isRecord(item)) return p.add(at, item, "must be a mapping with roleArn", fix);
    const unknown = Object.keys(item).find((field) => !ROLE_FIELDS.includes(field));
    if (unknown !== undefined)
      return p.add(`${at}.${unknown}`, item[unknown], `is not passed (fields: ${ROLE_FIELDS.join(", ")})`, "remove it");
    const { roleArn, sessionName, externalId, duration } = item;
    if (typeof roleArn !== "string" || !ROLE_ARN.test(roleArn)) {
      return p.add(
        `${at}.roleArn`,
        roleArn,
        "is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)",
        "copy the role's ARN from IAM",
      );
    }
    const optional = { sessionName, externalId, duration };
    const bad = Object.entries(optional).find(([, field]) => field !== undefined && (typeof field !== "string" || field === ""));
    if (bad) return p.add(`${at}.${bad[0]}`, bad[1], "must be text", "quote it, or remove it");
    roles.push({
      roleArn,
      ...(typeof sessionName === "string" ? { sessionName } : {}),
      ...(typeof externalId === "string" ? { externalId } : {}),
      ...(typeof duration === "string" ? { duration } : {}),
    });
    return undefined;
  });
  return roles.length === value.length ? roles : undefined;
}
