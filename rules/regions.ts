import { nearest } from "../lib/suggest";

/**
 * Region names of each cloud. "Both the Adobe Commerce application and external systems must be
 * accessible through Virtual Private Cloud (VPC) endpoints configured on the same cloud platform
 * (AWS or Azure) within the same cloud region."
 */

/**
 * AWS commercial-partition (`aws`) region codes, as `aws account list-regions` lists them
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). Adobe's
 * principal is a commercial-partition account, so only these regions can hold the connection.
 */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

/** The shape of an AWS region code, to tell "an AWS region we do not list" from "not AWS at all". */
const AWS_REGION_SHAPE = /^[a-z]{2,4}(-[a-z]+)+-[0-9]$/;

/**
 * Regions of separate clouds (AWS partitions, Azure national clouds), with why Adobe's connection
 * cannot live there: Adobe's AWS principal (arn:aws:iam::402592597372:root) and its Azure
 * subscriptions belong to the commercial clouds, and PrivateLink works only within one partition.
 */
const SEPARATE_CLOUDS: readonly { readonly test: RegExp; readonly why: string }[] = [
  {
    test: /^us-gov-/,
    why: "is an AWS GovCloud (US) region, a separate partition (aws-us-gov) that Adobe's commercial principal cannot reach",
  },
  { test: /^cn-/, why: "is an AWS China region, a separate partition (aws-cn) that Adobe's commercial principal cannot reach" },
  {
    test: /^us-isob?-|^us-isof-|^eu-isoe-/,
    why: "is an AWS isolated (ISO) region, a separate partition that Adobe's commercial principal cannot reach",
  },
  { test: /^eusc-/, why: "is an AWS European Sovereign Cloud region, a separate partition that Adobe's commercial principal cannot reach" },
  { test: /^(usgov|usdod)/, why: "is an Azure Government region, a separate cloud that Adobe's commercial subscriptions cannot reach" },
  { test: /^china/, why: "is an Azure China (21Vianet) region, a separate cloud that Adobe's commercial subscriptions cannot reach" },
];

/** Azure public-cloud region names, as `az account list-locations --query "[].name"` prints them. */
export const AZURE_REGIONS: readonly string[] = [
  "australiacentral",
  "australiacentral2",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "brazilsoutheast",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "chilecentral",
  "denmarkeast",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "francesouth",
  "germanynorth",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "jioindiacentral",
  "jioindiawest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "norwaywest",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southafricawest",
  "southcentralus",
  "southeastasia",
  "southindia",
  "spaincentral",
  "swedencentral",
  "swedensouth",
  "switzerlandnorth",
  "switzerlandwest",
  "uaecentral",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westindia",
  "westus",
  "westus2",
  "westus3",
];

export function isAwsRegion(region: string): boolean {
  return AWS_REGIONS.includes(region);
}

export function isAzureRegion(region: string): boolean {
  return AZURE_REGIONS.includes(region);
}

export interface RegionProblem {
  readonly rule: string;
  readonly fix: string;
}

/**
 * Why `region` cannot hold a connection on `cloud`, with the fix (the near miss when there is one);
 * undefined when it can.
 */
export function regionProblem(cloud: "aws" | "azure", region: string): RegionProblem | undefined {
  if (cloud === "aws" ? isAwsRegion(region) : isAzureRegion(region)) return undefined;
  const separate = SEPARATE_CLOUDS.find((s) => s.test.test(region.toLowerCase()));
  const example = cloud === "aws" ? "us-east-1" : "eastus";
  if (separate) {
    return { rule: separate.why, fix: `use the commercial region the Adobe Commerce cluster runs in, e.g. ${example}` };
  }
  if (cloud === "aws" && isAzureRegion(region)) {
    return { rule: "is an Azure region name, but cloud is aws", fix: "use the AWS region code of the cluster, e.g. us-east-1" };
  }
  if (cloud === "azure" && (isAwsRegion(region) || AWS_REGION_SHAPE.test(region))) {
    return { rule: "is an AWS region code, but cloud is azure", fix: "use the Azure region name of the cluster, e.g. eastus" };
  }
  const list = cloud === "aws" ? AWS_REGIONS : AZURE_REGIONS;
  const guess = nearest(region, list);
  return {
    rule: cloud === "aws" ? "is not an AWS commercial region code" : "is not an Azure public-cloud region name",
    fix: guess ? `write ${guess}` : `use the cluster's region, one of ${list.join(", ")}`,
  };
}
