/** The `tags:` mapping and the `protect` switch. */
import type { Cloud, Environment } from "../rules/adobe";
import { LIMITS } from "../rules/quotas";
import { characterCount, unsafeCharacter, unsafeCharacterRule } from "../lib/text";
import { type Json, object, type Problems, UNSAFE_FIX } from "./check";

/**
 * ELBv2 tags allow Unicode letters, digits, spaces and `_ . : / = + - @` only (EC2 allows more); an AWS
 * stack's tags go on both. AWS: "Tag restrictions", Elastic Load Balancing API reference (Tag).
 */
const AWS_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Characters Azure refuses in tag names (Azure Resource Manager tag limitations). */
const AZURE_TAG_KEY_FORBIDDEN = /[<>%&\\?/]/;

export function readTags(p: Problems, value: Json, cloud: Cloud | undefined): Record<string, string> {
  const tags = object(p, "tags", value, false, 'write tags as a mapping, e.g. { cost-center: "1234" }');
  const out: Record<string, string> = {};
  // Every AWS resource also gets its Name tag.
  const max = LIMITS.awsTagsPerResource - 1;
  if (cloud === "aws" && Object.keys(tags).length > max) {
    p.add(
      "tags",
      `${Object.keys(tags).length} tags`,
      `AWS allows ${LIMITS.awsTagsPerResource} tags per resource and every resource also gets its Name tag`,
      `keep at most ${max} tags`,
    );
  }
  if (cloud === "azure" && Object.keys(tags).length > LIMITS.azureTagsPerResource) {
    p.add(
      "tags",
      `${Object.keys(tags).length} tags`,
      `Azure allows ${LIMITS.azureTagsPerResource} tag name/value pairs per resource`,
      `keep at most ${LIMITS.azureTagsPerResource} tags`,
    );
  }
  for (const [key, written] of Object.entries(tags)) {
    const at = `tags.${key}`;
    // `pulumi config set --path tags.cost-center 4711` stores a number: to the user it is the text 4711.
    const tagValue = typeof written === "number" || typeof written === "boolean" ? String(written) : written;
    const unsafe = unsafeCharacter(key);
    if (key.trim() === "") {
      p.add("tags", key, "has an empty tag key", 'give the tag a key, e.g. cost-center: "1234", or remove it');
    } else if (unsafe) {
      p.add("tags", key, `has a tag key that ${unsafeCharacterRule(unsafe)}`, UNSAFE_FIX);
    } else if (key !== key.trim()) {
      p.add(at, key, "the tag key has leading or trailing spaces", `write '${key.trim()}'`);
    } else if (characterCount(key) > LIMITS.tagKey) {
      p.add(at, key, `tag keys are at most ${LIMITS.tagKey} characters`, "shorten the key");
    } else if (cloud === "aws" && /^aws:/i.test(key)) {
      p.add(at, key, "the aws: prefix is reserved by AWS", "use another key");
    } else if (cloud === "aws" && key === "Name") {
      p.add(at, tagValue, "is set by the program on every resource (its readable name)", "remove it");
    } else if (cloud === "azure" && AZURE_TAG_KEY_FORBIDDEN.test(key)) {
      p.add(at, key, "Azure tag names cannot contain < > % & \\ ? /", "use another key, e.g. with - or _");
    } else if (typeof tagValue !== "string") {
      p.add(at, tagValue, "must be text", `quote it: '${String(tagValue)}'`);
    } else {
      const unsafeValue = unsafeCharacter(tagValue);
      if (unsafeValue) {
        p.add(at, tagValue, unsafeCharacterRule(unsafeValue), UNSAFE_FIX);
      } else if (characterCount(tagValue) > LIMITS.tagValue) {
        p.add(at, tagValue, `tag values are at most ${LIMITS.tagValue} characters`, "shorten the value");
      } else if (cloud === "aws" && (!AWS_TAG_TEXT.test(key) || !AWS_TAG_TEXT.test(tagValue))) {
        p.add(
          at,
          tagValue,
          "AWS load balancer tags allow only letters, digits, spaces and _ . : / = + - @ in keys and values",
          "remove the other characters",
        );
      } else {
        out[key] = tagValue;
      }
    }
  }
  return out;
}

export function readProtect(p: Problems, value: Json, environment: Environment | undefined): boolean {
  if (value === undefined) return environment !== "staging";
  if (value === "true") return true;
  if (value === "false") return false;
  p.add("protect", value, "must be true or false", "write protect: true (or false to allow deleting the connection)");
  return environment !== "staging";
}
