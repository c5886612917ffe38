/** Runs the real program under the shared mocks and returns what it registered and output. */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MOCK_CONTEXT, type MockContext, type RecordedResource } from "../tools/mocks";
import { readStackFile, type StackConfig, toPulumiConfig } from "../tools/stackfile";
import { mocks } from "./setup";
import program = require("../index");

/** Resource options as the program passed them, per resource name. */
export interface CapturedOptions {
  type: string;
  protect: boolean | undefined;
  retainOnDelete: boolean | undefined;
  deleteBeforeReplace: boolean | undefined;
  replaceOnChanges: string[] | undefined;
  ignoreChanges: string[] | undefined;
  aliases: unknown[] | undefined;
  dependsOn: unknown;
}

export interface Plan {
  resources: RecordedResource[];
  options: Map<string, CapturedOptions>;
  outputs: any;
}

export const STACKS_DIR = `${__dirname}/../stacks`;
export const EXAMPLE_STACKS = ["aws-unidirectional", "aws-bidirectional", "azure-unidirectional", "azure-bidirectional"] as const;

export function exampleStack(name: string): StackConfig {
  return readStackFile(`${STACKS_DIR}/Pulumi.${name}.yaml`);
}

const runtime = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };

function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => {
    output.apply((value) => {
      done(value);
    });
  });
}

export function contextFor(config: StackConfig): MockContext {
  const region = config["commerce-privatelink:region"];
  const network = config["commerce-privatelink:network"] as Record<string, unknown> | undefined;
  const rg = network?.resourceGroupName;
  return {
    ...DEFAULT_MOCK_CONTEXT,
    region: typeof region === "string" ? region : DEFAULT_MOCK_CONTEXT.region,
    resourceGroup: typeof rg === "string" ? rg : DEFAULT_MOCK_CONTEXT.resourceGroup,
  };
}

/** Plans a stack config: runs the program under mocks, waits for every registration and output. */
export async function plan(config: StackConfig): Promise<Plan> {
  mocks.reset(contextFor(config));
  pulumi.runtime.setAllConfig(toPulumiConfig(config));
  const options = new Map<string, CapturedOptions>();
  const capture: pulumi.ResourceTransformation = ({ type, name, opts }) => {
    const o = opts as pulumi.CustomResourceOptions;
    options.set(name, {
      type,
      protect: o.protect,
      retainOnDelete: o.retainOnDelete,
      deleteBeforeReplace: o.deleteBeforeReplace,
      replaceOnChanges: o.replaceOnChanges,
      ignoreChanges: o.ignoreChanges,
      aliases: o.aliases,
      dependsOn: o.dependsOn,
    });
    return undefined;
  };
  const outputs = await resolve(pulumi.output(program({ transformations: [capture] })));
  await runtime.waitForRPCs();
  return { resources: [...mocks.resources], options, outputs };
}

/** The custom resources of a plan of one type. */
export function ofType(p: Plan, type: string): RecordedResource[] {
  return p.resources.filter((r) => r.type === type);
}

/** Deep copy of a stack config, to change one field in a test. */
export function clone(config: StackConfig): StackConfig {
  return structuredClone(config);
}
