/**
 * The ts-node floor: the same `-r ts-node/register/transpile-only` start as the plan, then
 * `@pulumi/pulumi` and nothing else. Transpiling this one file is what loads the TypeScript compiler,
 * so the difference to plain `node -e "require('@pulumi/pulumi')"` is the price of ts-node itself.
 */
import "@pulumi/pulumi";
import { formatReport } from "./protocol";

const loadedMs = performance.now();
process.stdout.write(`${formatReport({ ok: true, loadedMs, planMs: 0, resources: 0, maxRssKb: process.resourceUsage().maxRSS })}\n`);
