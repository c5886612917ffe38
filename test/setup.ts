/**
 * The one place the mocks are installed (mocha `require`s this before any spec). Specs reconfigure
 * them through `mocks.reset(...)` and run the program through `test/harness.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config/keys";
import { RecordingMocks } from "../tools/mocks";

// Pulumi records a stack trace for every internal promise (for its leak report), and ts-node's
// source-map support maps every frame of every one of them: that tripled the time of a plan. Plain
// V8 traces keep test failures readable at a third of the cost.
Reflect.deleteProperty(Error, "prepareStackTrace");

export const mocks = new RecordingMocks();

void pulumi.runtime.setMocks(mocks, PROJECT, "test", false);
