/**
 * The part of `npm run bench` that needs the portal running: a fresh local stack in this process (so the bench
 * sees the handlers' own SDK clients), then capacity, warm handlers, the newsletter and load, then the stack stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_RESPONSE_FLOOR_MS } from '../functions/accounts/even-timing';
import { freePort } from '../local/emulators';
import { startLocalStack } from '../local/start';
import type * as Capacity from './capacity';
import type { CapacityRow } from './capacity';
import type * as Handlers from './handlers';
import type { HandlerRow } from './handlers';
import type * as Load from './load';
import type { LoadRow } from './load';
import type * as Newsletter from './newsletter';
import type { NewsletterResult } from './newsletter';
import type * as SessionCheck from './session-check';
import type { SessionCheckRow } from './session-check';
import { Portal } from './portal';
import type { WebResult } from './web';
import { measureWeb } from './web';

export interface StackResults {
  handlers: HandlerRow[];
  load: LoadRow[];
  newsletter: NewsletterResult;
  capacity: CapacityRow[];
  sessionCheck: SessionCheckRow;
  web: WebResult;
}

export const SETTINGS = { handlerSamples: 300, loadConnections: 50, loadSeconds: 10, subscribers: 2_000, sendRate: 200 } as const;

const PASSWORD = 'Bench-Reader-2026!';

export async function measureOnLocalStack(log: (line: string) => void): Promise<StackResults> {
  // Logs of thousands of requests would be measured too; the stack's own settings otherwise, at a known send rate.
  // The even-timing floor as on AWS, not the local stack's shorter one: Lambda bills it as the request's duration.
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    NEWSLETTER_MAX_SEND_RATE: String(SETTINGS.sendRate),
    RESPONSE_FLOOR_MS: String(DEFAULT_RESPONSE_FLOOR_MS),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'pressroom-bench-stack-'));
  // The portal's production build is served on a port of its own, which the API must allow as an origin.
  const webBuildPort = await freePort();
  process.env.ALLOWED_ORIGINS = `http://127.0.0.1:${webBuildPort}`;
  const stack = await startLocalStack({ port: 0, webPort: 0, dataDir, fresh: true });
  try {
    const portal = new Portal(stack.endpoints);
    // Loaded now: these modules create the handlers' clients, which read the environment the stack just set.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { measureCapacity } = require('./capacity') as typeof Capacity;
    const { measureHandler } = require('./handlers') as typeof Handlers;
    const { measureNewsletter } = require('./newsletter') as typeof Newsletter;
    const { measureLoad } = require('./load') as typeof Load;
    const { measureSessionCheck } = require('./session-check') as typeof SessionCheck;
    /* eslint-enable @typescript-eslint/no-require-imports */

    log('Capacity: one visitor and one editor through every route that uses the table ...');
    const capacity = await measureCapacity(portal);

    const email = `reader-${randomUUID().slice(0, 8)}@example.org`;
    await portal.call('POST', '/auth/signup', { body: { email, password: PASSWORD }, expect: 201 });
    await portal.call('POST', '/auth/confirm', { body: { email, code: await portal.latestCode(email), password: PASSWORD } });
    const token = await portal.logIn(email, PASSWORD);
    const feed = await portal.call<{ items: { slug: string; videoCount: number }[] }>('GET', '/articles');
    const article = await portal.call<{ videos: { id: string }[] }>('GET', `/articles/${feed.body.items.find((item) => item.videoCount > 0)!.slug}`);
    const videoId = article.body.videos[0]!.id;

    log(`Handlers: ${SETTINGS.handlerSamples} warm calls each, in-process, and the replay of their SDK calls ...`);
    const handlers: HandlerRow[] = [];
    for (const test of [
      { route: 'GET /articles', path: '/articles', expect: 200 },
      { route: 'POST /videos/{id}/download', path: `/videos/${videoId}/download`, pathParameters: { id: videoId }, body: {}, token, expect: 200 },
      { route: 'POST /auth/login', path: '/auth/login', body: { email, password: PASSWORD }, expect: 200 },
    ]) {
      handlers.push(await measureHandler(test, SETTINGS.handlerSamples));
    }

    // The sign-ins just timed started hundreds of sessions, and an account keeps only its latest ones: a new token.
    const liveToken = await portal.logIn(email, PASSWORD);
    log(`Session check: ${SETTINGS.handlerSamples} calls ...`);
    const sessionCheck = await measureSessionCheck(liveToken, SETTINGS.handlerSamples);

    log(`Newsletter: a campaign to ${SETTINGS.subscribers} subscribers at ${SETTINGS.sendRate}/s ...`);
    const newsletter = await measureNewsletter(stack.endpoints.mail, SETTINGS.subscribers, SETTINGS.sendRate);

    log('Web portal: its build, and the news on screen in Chromium ...');
    const web = await measureWeb(stack.endpoints.api, webBuildPort);

    log(`Load: ${SETTINGS.loadConnections} connections for ${SETTINGS.loadSeconds} s per route ...`);
    const load: LoadRow[] = [];
    for (const test of [
      { route: 'GET /articles', path: '/articles' },
      { route: 'POST /videos/{id}/download', path: `/videos/${videoId}/download`, body: {}, token: liveToken },
    ]) {
      load.push(await measureLoad(stack.endpoints.api, test, SETTINGS.loadConnections, SETTINGS.loadSeconds));
    }
    return { handlers, load, newsletter, capacity, sessionCheck, web };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
