/**
 * What one request of each route uses: one visitor's and one editor's way through the portal over HTTP, each
 * request recorded on the handlers' own clients (sdk-calls.ts) with ReturnConsumedCapacity, timed, and its log
 * output counted. Every route whose function may touch the table (an `access.table` in functions/routes.ts) must be
 * on the way: the bench fails if one is missing. The cost model (cost.ts) prices these figures.
 */
import { randomUUID } from 'node:crypto';
import { routes } from '../functions/routes';
import { logger } from '../functions/common/logger';
import { loadHandler } from '../local/lambda';
import { percentile } from './handlers';
import type { Portal } from './portal';
import { recordCalls } from './sdk-calls';
import type { CallUsage } from './usage';
import { usageOf } from './usage';

export interface CapacityRow {
  route: string;
  status: number;
  dynamodbCalls: number;
  scans: number;
  /**
   * The request end to end through the local gateway, its handler's module already loaded: warm (a median) where
   * the route can be called again, else its one call.
   */
  ms: number;
  /** The answer's body. */
  responseBytes: number;
  /** What the handler wrote to its log for the request, at the INFO level it runs with on AWS: lines and bytes. */
  logLines: number;
  logBytes: number;
  usage: CallUsage;
}

const PASSWORD = 'Bench-Portal-2026!';
/** Enough for a median, few enough not to slow the walk: the time of a request its route serves warm. */
const WARM_REPEATS = 9;
const NEW_PASSWORD = 'Bench-Portal-2027?';

/** Runs `work` with the handlers' logger at INFO and counts the lines and bytes written to stdout and stderr meanwhile. */
async function countLogOutput<T>(work: () => Promise<T>): Promise<{ result: T; lines: number; bytes: number }> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  let output = '';
  for (const stream of streams) {
    stream.write = (chunk: string | Uint8Array) => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    };
  }
  const level = logger.getLevelName();
  logger.setLogLevel('INFO');
  try {
    const result = await work();
    return { result, lines: output.split('\n').length - 1, bytes: Buffer.byteLength(output) };
  } finally {
    logger.setLogLevel(level);
    streams.forEach((stream, index) => (stream.write = writes[index]!));
  }
}

export async function measureCapacity(portal: Portal): Promise<CapacityRow[]> {
  // Each handler's first call would otherwise time the loading of its TypeScript sources, which Lambda's does not.
  for (const route of routes) loadHandler(route.handler);
  const rows: CapacityRow[] = [];
  /** One request, recorded; `route` is the route table's key (`GET /articles/{idOrSlug}`). */
  /**
   * One request, recorded; `route` is the route table's key (`GET /articles/{idOrSlug}`). A request that may be
   * sent again (every GET, and those marked `again`) is timed warm: the median of WARM_REPEATS more, unrecorded.
   */
  const step = async <T = Record<string, unknown>>(
    route: string,
    path: string,
    options: { body?: unknown; token?: string; expect?: number; again?: boolean } = {},
  ) => {
    const method = route.split(' ')[0]!;
    const send = async () => {
      const started = performance.now();
      return { answer: await portal.call<T>(method, path, options), ms: performance.now() - started };
    };
    const {
      result: {
        result: { answer: result, ms: firstMs },
        calls,
      },
      lines,
      bytes,
    } = await countLogOutput(() => recordCalls(send));
    const times: number[] = [];
    if (method === 'GET' || options.again) for (let i = 0; i < WARM_REPEATS; i++) times.push((await send()).ms);
    const ms = times.length > 0 ? percentile(times.sort((a, b) => a - b), 0.5) : firstMs;
    const dynamodbCalls = calls.filter((call) => call.service === 'dynamodb');
    rows.push({
      route,
      status: result.status,
      dynamodbCalls: dynamodbCalls.length,
      scans: dynamodbCalls.filter((call) => call.command === 'ScanCommand').length,
      ms: Math.round(ms * 10) / 10,
      responseBytes: result.bytes,
      logLines: lines,
      logBytes: bytes,
      usage: usageOf(calls),
    });
    return result.body;
  };

  const email = `bench-${randomUUID().slice(0, 8)}@example.org`;
  await step('POST /auth/signup', '/auth/signup', { body: { email, password: PASSWORD, newsletter: true }, expect: 201 });
  await step('POST /auth/confirm', '/auth/confirm', { body: { email, code: await portal.latestCode(email), password: PASSWORD } });
  // Asked for by somebody who never signed up: the same work and answer as for a real address (no enumeration).
  await step('POST /auth/resend-code', '/auth/resend-code', { body: { email: `nobody-${randomUUID().slice(0, 8)}@example.org` }, expect: 202 });
  const session = await step<{ accessToken: string; refreshToken: string }>('POST /auth/login', '/auth/login', { body: { email, password: PASSWORD }, again: true });
  const token = session.accessToken;
  await step('GET /me', '/me', { token });
  await step('PUT /me/newsletter', '/me/newsletter', { token, body: { subscribed: true }, again: true });

  const feed = await step<{ items: { slug: string; videoCount: number }[] }>('GET /articles', '/articles');
  const withVideo = feed.items.find((item) => item.videoCount > 0)!;
  const article = await step<{ videos: { id: string }[] }>('GET /articles/{idOrSlug}', `/articles/${withVideo.slug}`);
  const videoId = article.videos[0]!.id;
  await step('GET /videos/{id}', `/videos/${videoId}`);
  await step('POST /videos/{id}/download', `/videos/${videoId}/download`, { token, body: {}, again: true });
  await step('GET /me/downloads', '/me/downloads', { token });
  await step('GET /me/activity', '/me/activity', { token });
  const devices = await step<{ items: { id: string; current: boolean }[] }>('GET /me/sessions', '/me/sessions', { token });
  await step('GET /me/export', '/me/export', { token });
  await step('POST /auth/refresh', '/auth/refresh', { body: { refreshToken: session.refreshToken }, again: true });
  // Signed out with the session's newest token: locally each refresh gives a new token id, and a session keeps its
  // last few (functions/common/sessions.ts), so the first token is no longer the session's after the repeats.
  const { accessToken: latest } = (await portal.call<{ accessToken: string }>('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).body;
  await step('POST /auth/logout', '/auth/logout', { token: latest, body: { refreshToken: session.refreshToken }, expect: 204 });

  const editor = await portal.logIn(portal.endpoints.editor.email, portal.endpoints.editor.password);
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const title = `Capacity bench ${slug}`;
  const draft = await step<{ id: string }>('POST /articles', '/articles', {
    token: editor,
    body: { slug, title, summary: 'Measured.', body: 'A short article for the capacity bench.', tags: ['bench'] },
    expect: 201,
  });
  await step('PATCH /articles/{id}', `/articles/${draft.id}`, { token: editor, body: { summary: 'Measured, edited.' } });
  await step('GET /drafts', '/drafts', { token: editor });
  await step('GET /drafts/{id}', `/drafts/${draft.id}`, { token: editor });
  const video = await step<{ id: string }>('POST /articles/{id}/videos', `/articles/${draft.id}/videos`, { token: editor, body: { title: 'Footage' }, expect: 201 });
  const data = Buffer.alloc(64 * 1024, 7);
  const upload = await step<{ uploadId: string; parts: { partNumber: number; url: string }[] }>('POST /videos/{id}/renditions', `/videos/${video.id}/renditions`, {
    token: editor,
    body: { name: 'web', contentType: 'video/mp4', sizeBytes: data.length },
    expect: 201,
  });
  const put = await fetch(upload.parts[0]!.url, { method: 'PUT', body: data });
  await step('POST /videos/{id}/renditions/{name}/complete', `/videos/${video.id}/renditions/web/complete`, {
    token: editor,
    body: { uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: put.headers.get('etag')! }] },
  });
  // Before publishing: publishing starts a campaign in the background, whose calls would be counted as this one's.
  await step('GET /articles/{id}/history', `/articles/${draft.id}/history`, { token: editor });
  await step('POST /articles/{id}/publish', `/articles/${draft.id}/publish`, { token: editor });

  // Publishing starts a campaign through the table's stream; its newsletter carries the unsubscribe link.
  const newsletter = await portal.waitForEmail(email, title);
  // The sender writes its outcomes after the mail is out: wait for it, or its calls are counted as the next request's.
  for (const deadline = Date.now() + 30_000; ; ) {
    const { body } = await portal.call<{ items: { status: string }[] }>('GET', '/newsletters', { token: editor });
    if (body.items[0]?.status === 'sent') break;
    if (Date.now() > deadline) throw new Error('The campaign was not sent within 30 s');
    await new Promise((done) => setTimeout(done, 200));
  }
  const campaigns = await step<{ items: { id: string }[] }>('GET /newsletters', '/newsletters', { token: editor });
  await step('GET /newsletters/{id}', `/newsletters/${campaigns.items[0]!.id}`, { token: editor });
  const unsubscribe = new URL(/Unsubscribe: (\S+)/.exec(newsletter.body.text)![1]!);
  const query = `${unsubscribe.pathname}${unsubscribe.search}`;
  await step('GET /newsletter/unsubscribe', query);
  await step('POST /newsletter/unsubscribe', query);

  // The visitor leaves: one device signed out, then every one, then the account deleted.
  const other = devices.items.find((device) => !device.current)!;
  const current = await portal.logIn(email, PASSWORD);
  await step('DELETE /me/sessions/{id}', `/me/sessions/${other.id}`, { token: current, expect: 204 });
  await step('DELETE /me/sessions', '/me/sessions', { token: current, expect: 204 });
  await step('DELETE /me', '/me', { token: await portal.logIn(email, PASSWORD), body: { password: PASSWORD }, expect: 204 });

  // Last, and for the editor: the visitor was sent a code a moment ago, and codes go out at most once a minute.
  const editorEmail = portal.endpoints.editor.email;
  await step('POST /auth/forgot-password', '/auth/forgot-password', { body: { email: editorEmail }, expect: 202 });
  await step('POST /auth/reset-password', '/auth/reset-password', {
    body: { email: editorEmail, code: await portal.latestCode(editorEmail), newPassword: NEW_PASSWORD, returnTo: '/articles' },
  });

  const measured = new Set(rows.map((row) => row.route));
  const missing = routes.filter((route) => route.access.table && !measured.has(`${route.operation.method} ${route.operation.path}`));
  if (missing.length > 0) throw new Error(`The capacity bench misses ${missing.map((route) => route.handler).join(', ')}`);
  return rows;
}
