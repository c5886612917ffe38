/**
 * The CrossGuard entry point: `pulumi preview --policy-pack policy`. Constructing the PolicyPack
 * starts the policy server, so nothing else happens here; the policies live in ./policies.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, policies } from "./policies";

new PolicyPack("commerce-privatelink", { policies, enforcementLevel: PACK_ENFORCEMENT_LEVEL });
