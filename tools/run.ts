/**
 * Runs the real program for a stack config under the recording mocks and waits until every resource
 * is registered and every output resolved. Shared by the offline plan and the tests.
 */
import * as pulumi from "@pulumi/pulumi";
import program = require("../index");
import { subscriptionOf } from "../config/azure";
import { DEFAULT_MOCK_CONTEXT, type MockContext, type RecordedResource, type RecordingMocks } from "./mocks";
import { type StackConfig, toPulumiConfig } from "./stackfile";

/** Resource options as the program passed them. */
export interface CapturedOptions {
  readonly type: string;
  readonly protect: boolean | undefined;
  readonly retainOnDelete: boolean | undefined;
  readonly deleteBeforeReplace: boolean | undefined;
  readonly replaceOnChanges: readonly string[] | undefined;
  readonly ignoreChanges: readonly string[] | undefined;
  readonly aliases: readonly unknown[] | undefined;
  /**
   * The parent's name and type, from the `parent` option (undefined: a child of the stack). The mocks
   * never see the parent (MockResourceArgs has none, and mock URNs carry only one level of it), so it
   * is captured here to rebuild the resource tree.
   */
  readonly parent?: { readonly name: string; readonly type: string } | undefined;
}

export interface ProgramRun {
  readonly resources: readonly RecordedResource[];
  /** Options per resource name (names are unique within this program). */
  readonly options: ReadonlyMap<string, CapturedOptions>;
  /** The stack outputs, resolved. */
  readonly outputs: Record<string, unknown>;
}

// Internal to the SDK (runtime/settings.js) but exported: resolves when every queued registration has
// reached the monitor, so that the recorded resources are complete.
const runtime = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => {
    output.apply((value) => {
      done(value);
    });
  });
}

/** The placeholders that match a stack: its region and, on Azure, its resource group. */
export function mockContextFor(config: StackConfig): MockContext {
  const region = config["commerce-privatelink:region"];
  const network = config["commerce-privatelink:network"];
  const fields = typeof network === "object" && network !== null ? (network as Record<string, unknown>) : {};
  const rg = fields.resourceGroupName;
  const cidrs = fields.clientCidrs;
  const firstCidr = Array.isArray(cidrs) && typeof cidrs[0] === "string" ? cidrs[0] : "";
  const octets = /^(\d+\.\d+)\./.exec(firstCidr)?.[1];
  // Azure: the provider deploys into the subscription of the subnets.
  const subscription = typeof fields.endpointSubnetId === "string" ? subscriptionOf(fields.endpointSubnetId) : undefined;
  return {
    ...DEFAULT_MOCK_CONTEXT,
    region: typeof region === "string" ? region : DEFAULT_MOCK_CONTEXT.region,
    resourceGroup: typeof rg === "string" ? rg : DEFAULT_MOCK_CONTEXT.resourceGroup,
    network: octets ?? DEFAULT_MOCK_CONTEXT.network,
    subscriptionId: subscription ?? DEFAULT_MOCK_CONTEXT.subscriptionId,
  };
}

/**
 * Plans a stack config. The mocks must already be installed with `pulumi.runtime.setMocks`. Throws the
 * program's ConfigError (with nothing registered) when the config is invalid.
 */
export async function runProgram(mocks: RecordingMocks, config: StackConfig): Promise<ProgramRun> {
  mocks.reset(mockContextFor(config));
  pulumi.runtime.setAllConfig(toPulumiConfig(config));
  const options = new Map<string, CapturedOptions>();
  const capture: pulumi.ResourceTransformation = ({ type, name, opts }) => {
    const o = opts as pulumi.CustomResourceOptions;
    const parent = o.parent ? { name: pulumi.resourceName(o.parent), type: pulumi.resourceType(o.parent) } : undefined;
    options.set(name, {
      type,
      protect: o.protect,
      retainOnDelete: o.retainOnDelete,
      deleteBeforeReplace: o.deleteBeforeReplace,
      replaceOnChanges: o.replaceOnChanges,
      ignoreChanges: o.ignoreChanges,
      aliases: o.aliases,
      parent,
    });
    return undefined;
  };
  // The SDK captures a stack trace for every promise it creates, only for its leak report; under the
  // mocks nothing leaks that the tests would not catch, and the traces cost a third of a plan.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const outputs = (await resolved(pulumi.output(program({ transformations: [capture] })))) as Record<string, unknown>;
    await runtime.waitForRPCs();
    return { resources: [...mocks.resources], options, outputs };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
