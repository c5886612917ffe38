/**
 * How a component refuses what it was given: a `pulumi.ResourceError` that Pulumi shows as its
 * message alone (hideStack), against the resource.
 *
 * The error is made cheap to inspect: cmd/run passes every uncaught error through `util.inspect`
 * for its tracing span, even one whose stack it hides (`@pulumi/pulumi/cmd/run/run.js`,
 * uncaughtHandler). With the captured stack (frames in the SDK's source-mapped output.ts) that took
 * about 40 s under the engine stand-in before the refusal was reported and the run ended; with the
 * message as the stack and the resource kept off the enumerable properties, it takes nothing.
 */
import * as pulumi from "@pulumi/pulumi";

export function refusal(message: string, resource: pulumi.Resource): pulumi.ResourceError {
  const error = new pulumi.ResourceError(message, resource, true);
  Object.defineProperty(error, "resource", { enumerable: false });
  error.stack = `ResourceError: ${message}`;
  return error;
}
