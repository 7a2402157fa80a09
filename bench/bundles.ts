/**
 * Bundles every Lambda function the way the CDK stack does (infra/function.ts, NodejsFunction `bundling`), so the
 * sizes and the cold-start figures are those of what would be deployed, not of the TypeScript sources.
 */
import { BUNDLE_ALIASES, REQUIRE_BANNER } from '../infra/bundling';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../functions/routes';
import { handlerModule } from '../functions/handler-modules';

const PROJECT_ROOT = join(__dirname, '..');

export interface Bundle {
  /** The handler module under functions/, as in the route table. */
  function: string;
  /** Size of index.mjs, the code Lambda loads (the source map beside it is only read for stack traces). */
  bytes: number;
}

export interface BundleInput {
  /** Source path relative to the project root, as esbuild names it. */
  path: string;
  /** Bytes this input contributes to the minified output (metafile `bytesInOutput`), not its source size. */
  bytesInOutput: number;
}

export interface BundleResult extends Bundle {
  file: string;
  metafile: Metafile;
}

/** Every function the stack deploys: one per distinct route handler, the `$default` fallback, and the background ones. */
export function functionHandlers(): string[] {
  const handlers = [
    ...routes.map((route) => route.handler),
    FALLBACK_HANDLER,
    ...backgroundFunctions.map((fn) => fn.handler),
  ];
  return [...new Set(handlers)];
}

export async function bundleFunction(handler: string, outDir: string): Promise<BundleResult> {
  const file = join(outDir, handler, 'index.mjs');
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [join(PROJECT_ROOT, 'functions', `${handlerModule(handler)}.ts`)],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    // As deployed: a linked map without sources; it adds one comment line to index.mjs.
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    alias: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([module, replacement]) => [module, join(PROJECT_ROOT, replacement)])),
    // No `external`: the stack bundles the AWS SDK too (externalModules: []), so it counts here as well.
    metafile: true,
    logLevel: 'warning',
  });
  return { function: handler, bytes: (await stat(file)).size, file, metafile: result.metafile };
}

/** The inputs that weigh most in one bundle's output: where to look first to make it smaller. */
export function topInputs(metafile: Metafile, count: number): BundleInput[] {
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([path, input]) => ({ path, bytesInOutput: input.bytesInOutput }))
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, count);
}

/**
 * The same weights summed per npm package (or `functions/` for our own code): single files of the AWS SDK are small,
 * so the package totals say more about what a bundle is made of.
 */
export function topPackages(metafile: Metafile, count: number): BundleInput[] {
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (!output) return [];
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const name = packageName(path);
    totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...totals]
    .map(([path, bytesInOutput]) => ({ path, bytesInOutput }))
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, count);
}

function packageName(path: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match) return match[1]!;
  return path.startsWith('functions/') ? 'functions/ (project code)' : path;
}
