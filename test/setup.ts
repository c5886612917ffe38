/**
 * The one place the mocks are installed (mocha `require`s this before any spec). Specs reconfigure
 * them through `mocks.reset(...)` and run the program through `test/harness.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config/keys";
import { RecordingMocks } from "../tools/mocks";

export const mocks = new RecordingMocks();

void pulumi.runtime.setMocks(mocks, PROJECT, "test", false);
