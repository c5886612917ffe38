/**
 * Region names of each cloud. "Both the Adobe Commerce application and external systems must be
 * accessible through Virtual Private Cloud (VPC) endpoints configured on the same cloud platform
 * (AWS or Azure) within the same cloud region."
 */

/** AWS region codes: `us-east-1`, `eu-central-2`, `ap-southeast-4`, `us-gov-west-1`. */
export const AWS_REGION =
  /^(us|eu|ap|sa|ca|me|af|il|mx)-(gov-)?(north|south|east|west|central|northeast|southeast|northwest|southwest)-[1-9]$/;

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
  return AWS_REGION.test(region);
}

export function isAzureRegion(region: string): boolean {
  return AZURE_REGIONS.includes(region);
}
