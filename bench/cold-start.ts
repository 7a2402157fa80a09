/**
 * What loading a bundle costs a fresh Node process: the part of a Lambda cold start that our code decides (the
 * runtime's own start, the download of the code and the sandbox are AWS's and are not measured here).
 *
 * Method: each sample is a new `node` process that takes performance.now(), awaits import() of the bundle and
 * prints the difference. Timing inside the process measures the import alone, without process spawn and exit,
 * which are noisy and which no subtraction removes cleanly. For scale, each import sample is paired with one bare
 * `node -e 0` process timed from outside (spawn to exit): that is what Node itself costs on this machine.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface ColdStart {
  function: string;
  /** Median time to import the bundle inside a fresh process. */
  importMs: number;
  /** Median wall time of a bare `node -e 0` process, measured alternately with the imports above. */
  bareNodeMs: number;
}

/**
 * Stand-ins for every variable a handler may read at import (grep `requiredEnv(` in functions/), with the shapes
 * the stack gives them. Nothing is called at import, so nothing needs to exist; the credentials only keep the SDK
 * from looking for a profile. The parent's environment is not passed on, so a developer's AWS_PROFILE or
 * NODE_OPTIONS cannot change the figures.
 */
export const STAND_IN_ENV: Readonly<Record<string, string>> = {
  TABLE_NAME: 'pressroom-bench',
  BUCKET_NAME: 'pressroom-bench-videos',
  USER_POOL_ID: 'eu-west-1_Bench0000',
  USER_POOL_CLIENT_ID: 'benchclient00000000000000',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bench0000',
  MAIL_FROM: 'Pressroom <press@example.org>',
  SES_CONFIGURATION_SET: 'pressroom-bench',
  PORTAL_NAME: 'Pressroom',
  ALLOWED_ORIGINS: 'https://media.example.org',
  FRONTEND_URL: 'https://media.example.org',
  PUBLIC_API_URL: 'https://api.example.org',
  NEWSLETTER_SENDER_FUNCTION: 'pressroom-bench-newsletter-sender',
  NEWSLETTER_TEMPLATE: 'pressroom-bench-newsletter',
  NEWSLETTER_MAX_SEND_RATE: '14',
  CODE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pressroom-codes-AbCdEf',
  NEWSLETTER_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pressroom-newsletter-AbCdEf',
  POWERTOOLS_SERVICE_NAME: 'pressroom',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIABENCHSTANDIN0000',
  AWS_SECRET_ACCESS_KEY: 'bench-stand-in-secret-access-key',
  AWS_SESSION_TOKEN: 'bench-stand-in-session-token',
  AWS_LAMBDA_FUNCTION_NAME: 'pressroom-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
};

const CHILD_TIMEOUT_MS = 30_000;

function childEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', ...STAND_IN_ENV };
}

/** One fresh process importing the bundle; its own clock around import(). */
function importOnce(file: string): number {
  // process.exit: a module that left a timer or socket open must not keep the sample waiting.
  const script =
    `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
    'process.stdout.write(String(performance.now() - t)); process.exit(0);';
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: childEnv(),
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
  });
  const ms = Number(child.stdout);
  if (child.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`Importing ${file} failed (status ${child.status}): ${child.stderr || child.error?.message}`);
  }
  return ms;
}

/** One bare Node process, spawn to exit, timed by the parent. */
function bareNodeOnce(): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['-e', '0'], { env: childEnv(), timeout: CHILD_TIMEOUT_MS });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`node -e 0 failed (status ${child.status})`);
  return ms;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Sequential on purpose: on a 2-core machine parallel processes would time each other. Bare and import samples
 * alternate, so both see the same machine state (a background spike shows in both columns).
 */
export function measureColdStart(fn: string, file: string, samples: number): ColdStart {
  const imports: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < samples; i++) {
    bare.push(bareNodeOnce());
    imports.push(importOnce(file));
  }
  return { function: fn, importMs: round(median(imports)), bareNodeMs: round(median(bare)) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
