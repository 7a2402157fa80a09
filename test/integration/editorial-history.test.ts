/**
 * Editors on record: every editorial write leaves one history entry naming the editor (the sub of their token) and
 * the time, written with the change itself, so a refused change leaves none. The campaign names who published.
 */
import { randomBytes } from 'node:crypto';
import { call, expectError } from './client';
import type { ArticleBody } from './editor-fixtures';
import { addVideo, completeRendition, createDraft, editor, putParts, sentCampaignsOf, startRendition } from './editor-fixtures';

interface HistoryEntry {
  action: string;
  editor: { sub: string };
  at: string;
  fields?: string[];
  videoId?: string;
  rendition?: string;
}

interface HistoryPage {
  items: HistoryEntry[];
  nextCursor: string | null;
}

/** The `sub` claim of the editor's access token: who the API knows the editor as. */
async function editorSub(): Promise<string> {
  const payload = (await editor()).split('.')[1]!;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
}

async function historyOf(articleId: string, query = ''): Promise<HistoryPage> {
  const response = await call<HistoryPage>('GET', `/articles/${articleId}/history${query}`, { token: await editor() });
  expect(response.status).toBe(200);
  return response.body;
}

const actionsOf = async (articleId: string) => (await historyOf(articleId, '?limit=50')).items.map((entry) => entry.action);

describe('an article’s history', () => {
  it('lists each editorial write, newest first, with the editor and the time; the campaign names who published', async () => {
    const started = new Date().toISOString();
    const token = await editor();
    const draft = await createDraft();
    // The summary is sent as it was: only the title and the tags change.
    expect((await call('PATCH', `/articles/${draft.id}`, { token, body: { title: 'A better title', tags: ['exercises', 'training'], summary: 'Not out yet.' } })).status).toBe(200);
    const video = await addVideo(draft.id);
    const data = randomBytes(64 * 1024);
    const upload = await startRendition(video.id, 'web', data.length);
    expect((await completeRendition(video.id, 'web', upload, await putParts(upload, data))).status).toBe(200);
    const published = await call<ArticleBody>('POST', `/articles/${draft.id}/publish`, { token });
    expect(published.status).toBe(200);

    const { items, nextCursor } = await historyOf(draft.id);
    expect(nextCursor).toBeNull();
    const sub = await editorSub();
    const someTime = expect.any(String) as string;
    expect(items).toEqual([
      { action: 'published', editor: { sub }, at: published.body.publishedAt },
      { action: 'upload_completed', editor: { sub }, at: someTime, videoId: video.id, rendition: 'web' },
      { action: 'upload_started', editor: { sub }, at: someTime, videoId: video.id, rendition: 'web' },
      { action: 'video_added', editor: { sub }, at: someTime, videoId: video.id },
      { action: 'edited', editor: { sub }, at: someTime, fields: ['title', 'tags'] },
      { action: 'created', editor: { sub }, at: someTime },
    ]);
    const times = items.map((entry) => entry.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(times.every((at) => at >= started && at <= new Date().toISOString())).toBe(true);

    const [campaign] = await sentCampaignsOf(draft.id);
    expect(campaign?.publishedBy).toEqual({ sub });
  });

  it('pages newest first, and refuses a cursor of another article’s history', async () => {
    const token = await editor();
    const draft = await createDraft();
    for (const title of ['Second', 'Third', 'Fourth', 'Fifth']) {
      expect((await call('PATCH', `/articles/${draft.id}`, { token, body: { title } })).status).toBe(200);
    }
    const whole = (await historyOf(draft.id)).items;
    expect(whole.map((entry) => entry.action)).toEqual(['edited', 'edited', 'edited', 'edited', 'created']);

    const pages: HistoryEntry[][] = [];
    let cursor: string | null = null;
    do {
      const page: HistoryPage = await historyOf(draft.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(whole);

    const other = await createDraft();
    const firstPage = await historyOf(draft.id, '?limit=1');
    expectError(await call('GET', `/articles/${other.id}/history?cursor=${firstPage.nextCursor}`, { token }), 400, 'invalid_request');
  });

  it('records nothing for a refused write, nor for a resumed upload', async () => {
    const token = await editor();
    const draft = await createDraft();
    const taken = await createDraft();
    expectError(await call('PATCH', `/articles/${draft.id}`, { token, body: { slug: taken.slug } }), 409, 'slug_taken');

    const video = await addVideo(draft.id);
    const first = await startRendition(video.id, 'web', 1000);
    expect((await startRendition(video.id, 'web', 1000)).uploadId).toBe(first.uploadId);

    // Concurrent publishes: one wins in its transaction, the others are refused and leave no entry.
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', `/articles/${draft.id}/publish`, { token })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409]);

    expect(await actionsOf(draft.id)).toEqual(['published', 'upload_started', 'video_added', 'created']);
    expect(await actionsOf(taken.id)).toEqual(['created']);
  });

  it('is 404 for an unknown article and 400 for a malformed id', async () => {
    const token = await editor();
    expectError(await call('GET', '/articles/art_aaaaaaaaaaaaaaaa/history', { token }), 404, 'not_found');
    expectError(await call('GET', '/articles/not-an-id/history', { token }), 400, 'invalid_request');
  });
});
