/**
 * DynamoDB capacity per request: one visitor's and one editor's way through the portal over HTTP, each request
 * recorded on the handlers' own DynamoDB client with ReturnConsumedCapacity. Every route whose function may touch
 * the table (an `access.table` in functions/routes.ts) must be on the way: the bench fails if one is missing.
 */
import { randomUUID } from 'node:crypto';
import { routes } from '../functions/routes';
import type { Portal } from './portal';
import type { SdkCall } from './sdk-calls';
import { isRead, recordCalls } from './sdk-calls';

export interface CapacityRow {
  route: string;
  status: number;
  dynamodbCalls: number;
  rcu: number;
  wcu: number;
  scans: number;
}

const PASSWORD = 'Bench-Portal-2026!';
const NEW_PASSWORD = 'Bench-Portal-2027?';

const units = (calls: readonly SdkCall[], reads: boolean): number =>
  Math.round(calls.filter((call) => call.service === 'dynamodb' && isRead(call) === reads).reduce((sum, call) => sum + call.capacityUnits, 0) * 10) / 10;

export async function measureCapacity(portal: Portal): Promise<CapacityRow[]> {
  const rows: CapacityRow[] = [];
  /** One request, recorded; `route` is the route table's key (`GET /articles/{idOrSlug}`). */
  const step = async <T = Record<string, unknown>>(
    route: string,
    path: string,
    options: { body?: unknown; token?: string; expect?: number } = {},
  ) => {
    const method = route.split(' ')[0]!;
    const { result, calls } = await recordCalls(() => portal.call<T>(method, path, options));
    const dynamodbCalls = calls.filter((call) => call.service === 'dynamodb');
    rows.push({
      route,
      status: result.status,
      dynamodbCalls: dynamodbCalls.length,
      rcu: units(calls, true),
      wcu: units(calls, false),
      scans: dynamodbCalls.filter((call) => call.command === 'ScanCommand').length,
    });
    return result.body;
  };

  const email = `bench-${randomUUID().slice(0, 8)}@example.org`;
  await step('POST /auth/signup', '/auth/signup', { body: { email, password: PASSWORD, newsletter: true }, expect: 201 });
  await step('POST /auth/confirm', '/auth/confirm', { body: { email, code: await portal.latestCode(email), password: PASSWORD } });
  // Asked for by somebody who never signed up: the same work and answer as for a real address (no enumeration).
  await step('POST /auth/resend-code', '/auth/resend-code', { body: { email: `nobody-${randomUUID().slice(0, 8)}@example.org` }, expect: 202 });
  const session = await step<{ accessToken: string; refreshToken: string }>('POST /auth/login', '/auth/login', { body: { email, password: PASSWORD } });
  const token = session.accessToken;
  await step('GET /me', '/me', { token });
  await step('PUT /me/newsletter', '/me/newsletter', { token, body: { subscribed: true } });

  const feed = await step<{ items: { slug: string; videoCount: number }[] }>('GET /articles', '/articles');
  const withVideo = feed.items.find((item) => item.videoCount > 0)!;
  const article = await step<{ videos: { id: string }[] }>('GET /articles/{idOrSlug}', `/articles/${withVideo.slug}`);
  const videoId = article.videos[0]!.id;
  await step('GET /videos/{id}', `/videos/${videoId}`);
  await step('POST /videos/{id}/download', `/videos/${videoId}/download`, { token, body: {} });
  await step('GET /me/downloads', '/me/downloads', { token });
  await step('POST /auth/refresh', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
  await step('POST /auth/logout', '/auth/logout', { token, body: { refreshToken: session.refreshToken }, expect: 204 });

  const editor = await portal.logIn(portal.endpoints.editor.email, portal.endpoints.editor.password);
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const title = `Capacity bench ${slug}`;
  const draft = await step<{ id: string }>('POST /articles', '/articles', {
    token: editor,
    body: { slug, title, summary: 'Measured.', body: 'A short article for the capacity bench.', tags: ['bench'] },
    expect: 201,
  });
  await step('PATCH /articles/{id}', `/articles/${draft.id}`, { token: editor, body: { summary: 'Measured, edited.' } });
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
  await step('POST /articles/{id}/publish', `/articles/${draft.id}/publish`, { token: editor });

  // Publishing starts a campaign through the table's stream; its newsletter carries the unsubscribe link.
  const newsletter = await portal.waitForEmail(email, title);
  const campaigns = await step<{ items: { id: string }[] }>('GET /newsletters', '/newsletters', { token: editor });
  await step('GET /newsletters/{id}', `/newsletters/${campaigns.items[0]!.id}`, { token: editor });
  const unsubscribe = new URL(/Unsubscribe: (\S+)/.exec(newsletter.body.text)![1]!);
  const query = `${unsubscribe.pathname}${unsubscribe.search}`;
  await step('GET /newsletter/unsubscribe', query);
  await step('POST /newsletter/unsubscribe', query);

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
