import { sampleArticles } from '../../local/sample-content';
import type { ApiResponse } from './client';
import { call, expectError } from './client';
import type { ArticleBody, VideoBody } from './editor-fixtures';
import { addVideo, createDraft } from './editor-fixtures';

interface Summary { id: string; slug: string; publishedAt: string; tags: string[]; videoCount: number }
interface Page { items: Summary[]; nextCursor: string | null }
interface Video { id: string; articleId: string; renditions: { name: string; sizeBytes: number; contentType: string }[] }
interface Article extends Summary { body: string; videos: Video[] }

const newestFirst = [...sampleArticles].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
const sampleIds = new Set(sampleArticles.map((article) => article.id));
/** Other test files publish articles meanwhile; these tests look at the seeded ones among them. */
const seeded = (items: Summary[]): string[] => items.filter((item) => sampleIds.has(item.id)).map((item) => item.slug);
const isNewestFirst = (items: Summary[]): boolean => items.every((item, index) => index === 0 || items[index - 1]!.publishedAt >= item.publishedAt);

async function allPages(query: string): Promise<{ pages: number; items: Summary[] }> {
  const items: Summary[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: ApiResponse<Page> = await call<Page>('GET', `/articles?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  return { pages, items };
}

describe('GET /articles', () => {
  it('lists the published articles newest first, with their summaries', async () => {
    const { body } = await call<Page>('GET', '/articles?limit=50');
    expect(seeded(body.items)).toEqual(newestFirst.map((article) => article.slug));
    expect(isNewestFirst(body.items)).toBe(true);
    const summary = body.items.find((item) => sampleIds.has(item.id))!;
    expect(Object.keys(summary).sort()).toEqual(['id', 'publishedAt', 'slug', 'summary', 'tags', 'title', 'videoCount']);
    expect(summary.videoCount).toBe(1);
  });

  it('pages through every article exactly once', async () => {
    const { pages, items } = await allPages('limit=2');
    expect(seeded(items)).toEqual(newestFirst.map((article) => article.slug));
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(isNewestFirst(items)).toBe(true);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('filters by tag, newest first, across pages', async () => {
    const tagged = newestFirst.filter((article) => article.tags.includes('deterrence')).map((article) => article.slug);
    expect(tagged.length).toBeGreaterThan(1);
    const { items } = await allPages('tag=deterrence&limit=1');
    expect(seeded(items)).toEqual(tagged);
    expect(items.every((item) => item.tags.includes('deterrence'))).toBe(true);
    expect((await call<Page>('GET', '/articles?tag=no-such-tag')).body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a tampered cursor or one from another list with 400', async () => {
    const first = await call<Page>('GET', '/articles?limit=1');
    const cursor = first.body.nextCursor!;
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, string>;
    const tampered = [
      'garbage',
      cursor.slice(0, -3),
      Buffer.from(JSON.stringify({ ...key, gsi1pk: 'SLUG#x' })).toString('base64url'),
      Buffer.from(JSON.stringify({ ...key, pk: { S: 'x' } })).toString('base64url'),
    ];
    for (const bad of tampered) expectError(await call('GET', `/articles?cursor=${encodeURIComponent(bad)}`), 400, 'invalid_request');
    // A cursor of the whole feed does not continue a tag's feed.
    expectError(await call('GET', `/articles?tag=deterrence&cursor=${encodeURIComponent(cursor)}`), 400, 'invalid_request');
  });

  it('refuses a bad limit, tag or unknown parameter with the offending path', async () => {
    for (const query of ['limit=0', 'limit=51', 'limit=ten', 'tag=Not%20A%20Tag', 'sort=asc']) {
      const error = expectError(await call('GET', `/articles?${query}`), 400, 'invalid_request');
      expect((error.details as { path: string }[])[0]!.path).toMatch(/^query\./);
    }
  });
});

describe('GET /articles/{idOrSlug} and GET /videos/{id}', () => {
  const sample = newestFirst[0]!;

  it('finds an article by id and by slug, with its videos and their renditions, master first', async () => {
    const byId = await call<Article>('GET', `/articles/${sample.id}`);
    const bySlug = await call<Article>('GET', `/articles/${sample.slug}`);
    expect(byId.status).toBe(200);
    expect(bySlug.body).toEqual(byId.body);
    expect(byId.body.body).toBe(sample.body);
    const [video] = byId.body.videos;
    expect(video!.id).toBe(sample.videos[0]!.id);
    expect(video!.renditions.map((rendition) => rendition.name)).toEqual(['broadcast', 'web']);
  });

  it('finds a video of a published article', async () => {
    const response = await call<Video>('GET', `/videos/${sample.videos[0]!.id}`);
    expect(response.status).toBe(200);
    expect(response.body.articleId).toBe(sample.id);
  });

  it('answers 404 for unknown ids and slugs, and 400 for malformed video ids', async () => {
    expectError(await call('GET', '/articles/art_aaaaaaaaaaaaaaaa'), 404, 'not_found');
    expectError(await call('GET', '/articles/no-such-article'), 404, 'not_found');
    expectError(await call('GET', '/videos/vid_aaaaaaaaaaaaaaaa'), 404, 'not_found');
    expectError(await call('GET', '/videos/..%2F..%2Fetc'), 400, 'invalid_request');
  });

  describe('a draft', () => {
    let draft: ArticleBody;
    let draftVideo: VideoBody;

    beforeAll(async () => {
      draft = await createDraft({ tags: ['deterrence'] });
      draftVideo = await addVideo(draft.id);
    });

    it('is invisible to the public: not listed, not found by id, slug or video', async () => {
      const { items } = await allPages('limit=50');
      expect(items.map((item) => item.id)).not.toContain(draft.id);
      expect((await allPages('tag=deterrence')).items.map((item) => item.id)).not.toContain(draft.id);
      expectError(await call('GET', `/articles/${draft.id}`), 404, 'not_found');
      expectError(await call('GET', `/articles/${draft.slug}`), 404, 'not_found');
      expectError(await call('GET', `/videos/${draftVideo.id}`), 404, 'not_found');
    });
  });
});
