/**
 * The composition root: stack config -> validated settings -> the explicit provider -> the PrivateLink
 * component of the stack's cloud -> stack outputs. No logic lives here.
 *
 * Pulumi calls the exported function with no arguments. The offline plan and the tests pass
 * `transformations` to observe every resource's options, and `onSettings` to read the validated
 * settings the program used instead of validating the config a second time.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createPrivateLink, createProvider } from "./components";
import { loadSettings, secretInputs, secretKeys } from "./config/read";
import type { Settings } from "./config/settings";
import { type StackOutputs, stackOutputs } from "./handshake/outputs";

interface ProgramOptions {
  readonly transformations?: pulumi.ResourceTransformation[];
  readonly onSettings?: (settings: Settings) => void;
}

export = function program(options: ProgramOptions = {}): StackOutputs {
  const settings = loadSettings();
  options.onSettings?.(settings);
  const transformations = [...secretInputs(), ...(options.transformations ?? [])];
  const provider = createProvider(settings, { transformations });
  const link = createPrivateLink(settings, { providers: [provider], transformations });
  return stackOutputs(settings, link, secretKeys());
};
