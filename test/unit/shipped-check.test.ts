/**
 * The shipped check (test/shipped/) can fail: its runner tells a bundle that works on Lambda from one that only
 * works beside our sources, and its environment hides no variable the local stack cannot give. The bundles here
 * are made with esbuild as the stack makes them (ES module, node22, the project's banner), from small sources
 * written for each case.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRE_BANNER } from '../../infra/bundling';
import type { ShippedFunction } from '../shipped/cloud-assembly';
import type { BundleInvocation } from '../shipped/invoke-bundle';
import { invokeBundle } from '../shipped/invoke-bundle';
import { lambdaEnvironment } from '../shipped/lambda-environment';

const ROOT = join(__dirname, '../..');
// Inside the repository, as cdk.out is: Node would find our node_modules from here.
const cacheDir = join(ROOT, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const work = mkdtempSync(join(cacheDir, 'pressroom-shipped-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let bundles = 0;

/** Bundles `files['entry.mjs']` (with the other files beside it) into a code folder of its own, as index.mjs. */
async function bundle(files: Record<string, string>, options: { banner?: string; external?: string[] } = {}): Promise<string> {
  const dir = join(work, String(++bundles));
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'src', name), text);
  await build({
    entryPoints: [join(dir, 'src', 'entry.mjs')],
    outfile: join(dir, 'code', 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    logLevel: 'silent',
    ...(options.banner !== undefined && { banner: { js: options.banner } }),
    ...(options.external && { external: options.external }),
  });
  return join(dir, 'code');
}

const run = (codeDir: string, overrides: Partial<BundleInvocation> = {}) =>
  invokeBundle({ codeDir, handler: 'index.handler', environment: () => ({}), event: {}, context: { functionName: 'unit' }, timeoutMs: 5_000, ...overrides });

// A CommonJS dependency that requires a Node built-in, as some of the SDK's packages do when resolved by `main`.
const USES_REQUIRE = {
  'entry.mjs': "import separator from './separator.cjs';\nexport const handler = async () => ({ statusCode: 200, body: separator });",
  'separator.cjs': "module.exports = require('node:path').sep;",
};

describe('the shipped check’s runner', () => {
  it('fails a bundle whose CommonJS code calls require without the banner, and passes it with the banner', async () => {
    const without = await run(await bundle(USES_REQUIRE));
    expect(without.error?.message).toMatch(/Dynamic require of "node:path" is not supported/);
    const withBanner = await run(await bundle(USES_REQUIRE, { banner: REQUIRE_BANNER }));
    expect(withBanner).toEqual({ result: { statusCode: 200, body: '/' }, output: '' });
  });

  it('fails a bundle that left out a module, though our node_modules has it', async () => {
    const codeDir = await bundle({ 'entry.mjs': "import { version } from 'esbuild';\nexport const handler = async () => version;" }, { external: ['esbuild'] });
    const outcome = await run(codeDir);
    expect(outcome.error?.message).toMatch(/Cannot find package 'esbuild'/);
  });

  it('fails a handler that throws, and keeps what it printed', async () => {
    const outcome = await run(await bundle({ 'entry.mjs': "export const handler = async () => { console.log('before'); throw new TypeError('broken'); };" }));
    expect(outcome).toMatchObject({ error: { name: 'TypeError', message: 'broken' }, output: 'before\n' });
  });

  it('fails a process that ends without an answer', async () => {
    const outcome = await run(await bundle({ 'entry.mjs': 'process.exit(3);\nexport const handler = async () => 1;' }));
    expect(outcome.error).toEqual({ name: 'Exit', message: 'the runtime exited (3) without an answer' });
  });

  // The runner allows the process 5 seconds to start beyond the function's timeout.
  it('fails a handler that never answers', async () => {
    const outcome = await run(await bundle({ 'entry.mjs': 'export const handler = () => new Promise(() => setInterval(() => undefined, 1000));' }), { timeoutMs: 300 });
    expect(outcome.error?.name).toBe('Timeout');
  }, 15_000);

  it('fails a bundle whose handler is not the exported function the template names', async () => {
    const outcome = await run(await bundle({ 'entry.mjs': 'export const main = async () => 1;' }));
    expect(outcome.error?.message).toBe('index.handler is not a function');
  });

  it('gives the process only the environment it is asked for, in a task root of its own, with a context', async () => {
    const codeDir = await bundle({
      'entry.mjs':
        'export const handler = async (event, context) => ({ event, cwd: process.cwd(), env: Object.keys(process.env).sort(), ' +
        'functionName: context.functionName, remaining: context.getRemainingTimeInMillis() });',
    });
    const outcome = await run(codeDir, { environment: (taskRoot) => ({ TASK_ROOT: taskRoot, TABLE_NAME: 'pressroom' }), event: { ping: 1 } });
    const result = outcome.result as { event: unknown; cwd: string; env: string[]; functionName: string; remaining: number };
    // Node's IPC channel to the runner is the one thing the process has besides.
    expect(result.env.filter((name) => !name.startsWith('NODE_CHANNEL_'))).toEqual(['TABLE_NAME', 'TASK_ROOT']);
    expect(result.cwd).not.toContain(ROOT);
    expect(result).toMatchObject({ event: { ping: 1 }, functionName: 'unit' });
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.remaining).toBeLessThanOrEqual(5_000);
  });

  it('loads without invoking when there is no event', async () => {
    const codeDir = await bundle({ 'entry.mjs': "console.log('loaded');\nexport const handler = async () => { throw new Error('invoked'); };" });
    expect(await run(codeDir, { event: undefined })).toEqual({ output: 'loaded\n' });
  });
});

describe('a shipped function’s environment', () => {
  const fn: ShippedFunction = {
    name: 'catalogue/list-articles',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    codeDir: '/unused',
    timeoutSeconds: 10,
    memorySize: 1024,
    environment: { NODE_OPTIONS: '--enable-source-maps', TABLE_NAME: { Ref: 'DataTableFDBAD0F2' }, CODE_SECRET_ARN: { Ref: 'AccountsCodeSecret' } },
  };
  const local = { aws: { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }, handlers: { TABLE_NAME: 'pressroom', RESPONSE_FLOOR_MS: '250' } };

  it('keeps the template’s literals, takes the local stack’s value where CloudFormation would resolve one, and adds what Lambda sets', () => {
    const environment = lambdaEnvironment(fn, local, '/tmp/task');
    expect(environment).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: 'pressroom',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: '/tmp/task',
      _HANDLER: 'index.handler',
    });
    expect(environment.CODE_SECRET_ARN).toMatch(/^arn:aws:secretsmanager:/);
    // A local-only setting the function is not given on AWS stays out.
    expect(environment).not.toHaveProperty('RESPONSE_FLOOR_MS');
  });

  it('refuses a resolved variable the local stack has no value for, rather than hide it', () => {
    const withQueue = { ...fn, environment: { ...fn.environment, QUEUE_URL: { Ref: 'Queue' } } };
    expect(() => lambdaEnvironment(withQueue, local, '/tmp/task')).toThrow('catalogue/list-articles: QUEUE_URL is {"Ref":"Queue"} in the template, and the local stack has no value for it');
  });
});
