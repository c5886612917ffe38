/**
 * Runs the real program for a stack config under the recording mocks and waits until every resource
 * is registered and every output resolved. Shared by the offline plan and the tests.
 */
import * as pulumi from "@pulumi/pulumi";
import { subscriptionOf } from "../config/azure";
import type { Settings } from "../config/settings";
import type { StackOutputValues } from "../handshake/outputs";
import { PROJECT } from "../config/keys";
import program = require("../index");
import { DEFAULT_MOCK_CONTEXT, type MockContext, mockSubnetZone, type RecordedResource, RecordingMocks } from "./mocks";
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
  readonly outputs: StackOutputValues;
  /** The validated settings the program ran with. */
  readonly settings: Settings;
  /** What the program logged as warnings (e.g. a discouraged port), as `pulumi up` would show them. */
  readonly warnings: readonly string[];
}

/**
 * Under the mocks the SDK has no engine to send its log to, so `pulumi.log.warn` writes
 * `warning: [runtime] <message>` to `console.warn` (@pulumi/pulumi 3.248 `log/index.js`).
 */
const RUNTIME_WARNING = /^warning: \[runtime\] ([\s\S]*)$/;

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

/**
 * The former name of a renamed resource: its `{ name }` alias (components/aws `formerAlias`, same type
 * and parent). The SDK's own type aliases are not renames.
 */
export function nameAlias(aliases: readonly unknown[] | undefined): string | undefined {
  for (const alias of aliases ?? []) {
    if (typeof alias !== "object" || alias === null || Object.keys(alias).join() !== "name") continue;
    const name = (alias as { name: unknown }).name;
    if (typeof name === "string") return name;
  }
  return undefined;
}

/** The placeholders that match a stack: its region and, on Azure, its resource group. */
export function mockContextFor(config: StackConfig): MockContext {
  const region = config["commerce-privatelink:region"];
  const network = config["commerce-privatelink:network"];
  const fields = typeof network === "object" && network !== null ? (network as Record<string, unknown>) : {};
  const rg = fields.resourceGroupName;
  const cidrs = fields.clientCidrs;
  const subnets = fields.subnetIds;
  const regionText = typeof region === "string" ? region : DEFAULT_MOCK_CONTEXT.region;
  const firstCidr = Array.isArray(cidrs) && typeof cidrs[0] === "string" ? cidrs[0] : "";
  const octets = /^(\d+\.\d+)\./.exec(firstCidr)?.[1];
  // The account the stack pins (one allowed AWS account) is the one the plan shows, so that comparing
  // two versions sees a change of the customer account (tools/change.ts).
  const accounts = config["aws:allowedAccountIds"];
  const account = Array.isArray(accounts) && accounts.length === 1 && typeof accounts[0] === "string" ? accounts[0] : undefined;
  // Azure: the provider deploys into the subscription of the subnets.
  const subscription = typeof fields.endpointSubnetId === "string" ? subscriptionOf(fields.endpointSubnetId) : undefined;
  return {
    ...DEFAULT_MOCK_CONTEXT,
    ...(account !== undefined ? { accountId: account } : {}),
    region: typeof region === "string" ? region : DEFAULT_MOCK_CONTEXT.region,
    resourceGroup: typeof rg === "string" ? rg : DEFAULT_MOCK_CONTEXT.resourceGroup,
    network: octets ?? DEFAULT_MOCK_CONTEXT.network,
    vpcId: typeof fields.vpcId === "string" ? fields.vpcId : DEFAULT_MOCK_CONTEXT.vpcId,
    // Adobe's service is offered where the stack's subnets are, so a plan shows no zone warning.
    ...(Array.isArray(subnets) ? { serviceZones: [...new Set(subnets.map((id) => mockSubnetZone(regionText, String(id))))].sort() } : {}),
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
    const former = nameAlias(o.aliases);
    if (former !== undefined) mocks.formerNames.set(name, former);
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
  // The program's warnings go to the run's result, for the plan to report once, not to the console.
  const warnings: string[] = [];
  const consoleWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const warning = args.length === 1 && typeof args[0] === "string" ? RUNTIME_WARNING.exec(args[0])?.[1] : undefined;
    if (warning === undefined) consoleWarn(...args);
    else warnings.push(warning);
  };
  // A refusal thrown inside an apply (a plan-time lookup: subnets of another VPC, zones Adobe's
  // service lacks, an Azure subnet's policies) rejects a registration, not the program's promise;
  // the SDK leaves it unhandled, and `pulumi up` reports it through cmd/run's unhandledRejection
  // handler. Here it ends the run with that error instead of crashing the process.
  let stop: (reason: unknown) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  let wasStopped = false;
  const onRejection = (reason: unknown): void => {
    wasStopped = true;
    stop(reason);
  };
  process.on("unhandledRejection", onRejection);
  try {
    let settings: Settings | undefined;
    const run = async (): Promise<StackOutputValues> => {
      const values = await resolved(pulumi.output(program({ transformations: [capture], onSettings: (s) => (settings = s) })));
      await runtime.waitForRPCs();
      return values;
    };
    const outputs = await Promise.race([run(), stopped]).catch(async (error: unknown) => {
      // A stopped run's registrations stay pending forever; the same mocks installed again start
      // the next run, and the SDK's exit-time leak check (which would fail the process), clean.
      if (wasStopped) await pulumi.runtime.setMocks(mocks, pulumi.getProject(), pulumi.getStack(), pulumi.runtime.isDryRun());
      throw error;
    });
    if (mocks.refusals.length > 0) throw new Error(`the cloud would refuse:\n${mocks.refusals.join("\n")}`);
    // The program reads its settings before it registers anything, so a program that ran has them.
    if (settings === undefined) throw new Error("the program ran without reading its settings");
    return { resources: [...mocks.resources], options, outputs, settings, warnings };
  } finally {
    process.off("unhandledRejection", onRejection);
    Error.stackTraceLimit = stackTraceLimit;
    console.warn = consoleWarn;
  }
}

/**
 * Fresh recording mocks installed for a stack, as a command line needs them (the tests share theirs,
 * test/setup.ts). Installed before index.ts registers anything, so that every resource reaches them
 * (pulumi-facts §3.4). Pulumi records a stack trace for every internal promise (for its leak report)
 * and source-map support maps every frame of each: that triples the time of a plan, so it is off.
 */
export async function installMocks(stack: string): Promise<RecordingMocks> {
  Reflect.deleteProperty(Error, "prepareStackTrace");
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, PROJECT, stack, false);
  return mocks;
}
