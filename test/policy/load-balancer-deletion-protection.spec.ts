/**
 * Policies load-balancer-deletion-protection-production and -non-production: one check, two
 * levels by environment. Compliant fixture per type in ./fixtures; one changed field per negative test.
 */
import { DEFAULT_CONFIG, readConfig } from "../../policy/config";
import * as lbDeletionNonProd from "../../policy/policies/load-balancer-deletion-protection-non-production";
import * as lbDeletionProd from "../../policy/policies/load-balancer-deletion-protection-production";
import { assertCompliant, assertNotApplicable, assertViolation, CONFIG, FIXTURES, subject, T, withChange } from "./fixtures";

describe(`policies ${lbDeletionProd.name} and ${lbDeletionNonProd.name}`, () => {
  const off = withChange(FIXTURES.lb(), { enableDeletionProtection: false });
  const staging = readConfig({ environment: "staging" });
  it("pass a protected load balancer in production and elsewhere", () => {
    assertCompliant(lbDeletionProd.check(subject(T.lb, FIXTURES.lb()), CONFIG));
    assertCompliant(lbDeletionNonProd.check(subject(T.lb, FIXTURES.lb()), staging));
  });
  it("fail deletion protection off: the mandatory one in production, citing CKV_AWS_150", () => {
    assertViolation(lbDeletionProd.check(subject(T.lb, off), CONFIG), /enableDeletionProtection is false.*CKV_AWS_150/s);
    assertNotApplicable(lbDeletionNonProd.check(subject(T.lb, off), CONFIG));
  });
  it("fail deletion protection unset: the advisory one outside production or when the environment is unknown", () => {
    const unset = withChange(FIXTURES.lb(), { enableDeletionProtection: undefined });
    assertNotApplicable(lbDeletionProd.check(subject(T.lb, unset), staging));
    assertViolation(lbDeletionNonProd.check(subject(T.lb, unset), staging), /enableDeletionProtection is not set/);
    assertViolation(lbDeletionNonProd.check(subject(T.lb, unset), DEFAULT_CONFIG), /not set/);
  });
  it("do not apply to Azure load balancers", () =>
    assertNotApplicable(lbDeletionProd.check(subject(T.azureLb, FIXTURES.azureLb()), CONFIG)));
  it("the mandatory one finds an environment it does not know on AWS load balancers", () => {
    assertViolation(
      lbDeletionProd.check(subject(T.lb, FIXTURES.lb()), readConfig({ environment: "Production" })),
      /environment is "Production", not one of production, staging/,
    );
    assertNotApplicable(lbDeletionProd.check(subject(T.azureLb, FIXTURES.azureLb()), readConfig({ environment: "Production" })));
  });
});
