/**
 * Policy resource-types-examined: a resource of a type the pack does not know, of any provider, is
 * reported (advisory) as not examined; the types the pack checks, Pulumi's own and this project's
 * components are not.
 */
import * as typesExamined from "../../policy/policies/resource-types-examined";
import { assertNotApplicable, assertViolation, CONFIG, subject, T } from "./fixtures";

describe(`policy ${typesExamined.name}`, () => {
  const check = typesExamined.check;
  it("reports other providers' resources and any other type as not examined", () => {
    for (const type of [
      "aws-native:ec2:SecurityGroup",
      "aws-native:ec2:VpcEndpointService",
      "azure:network/networkSecurityRule:NetworkSecurityRule",
      "azure:lb/natRule:NatRule",
      "aws:ec2/networkAclRule:NetworkAclRule",
      "azure-native:network:ApplicationGateway",
      "pulumi:providers:aws-native",
      "random:index/randomId:RandomId",
      "awsx:ec2:Vpc",
    ])
      assertViolation(
        check(subject(type, {}), CONFIG),
        new RegExp(`^${type.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not a resource type this pack knows`),
      );
  });
  it("knows every type the fixtures use, the stack, and this project's components", () => {
    for (const type of [
      ...Object.values(T),
      "pulumi:pulumi:Stack",
      "commerce-privatelink:aws:PrivateLink",
      "azure-native:network/v20230201:LoadBalancer",
    ])
      assertNotApplicable(check(subject(type, {}), CONFIG));
  });
});
