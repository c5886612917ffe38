/**
 * The composition root: stack config -> validated settings -> the explicit provider -> the PrivateLink
 * component of the stack's cloud -> stack outputs. No logic lives here.
 *
 * Pulumi calls the exported function with no arguments. The offline plan and the tests pass
 * `transformations` to observe every resource's options.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createPrivateLink, createProvider } from "./components";
import { loadSettings, secretInputs, secretKeys } from "./config/read";
import { stackOutputs } from "./handshake/outputs";

export = function program(options: { transformations?: pulumi.ResourceTransformation[] } = {}) {
  const settings = loadSettings();
  const transformations = [...secretInputs(), ...(options.transformations ?? [])];
  const provider = createProvider(settings, { transformations });
  const link = createPrivateLink(settings, { providers: [provider], transformations });
  return stackOutputs(settings, link, secretKeys());
};
