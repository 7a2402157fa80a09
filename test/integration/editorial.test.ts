import { randomBytes } from 'node:crypto';
import { signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call, expectError } from './client';
import type { ArticleBody, UploadStart, VideoBody } from './editor-fixtures';
import { addVideo, createDraft, editor, putParts, sentCampaignsOf, uniqueSlug } from './editor-fixtures';
import { inbox } from './mailbox';
import { readerTokens } from './tokens';

const MiB = 1024 * 1024;

describe('who may edit', () => {
  it('refuses anonymous callers (401) and readers (403) on every editor route', async () => {
    const { accessToken } = await readerTokens();
    const routes: [string, string, unknown][] = [
      ['GET', '/drafts', undefined],
      ['GET', '/drafts/art_aaaaaaaaaaaaaaaa', undefined],
      ['GET', '/articles/art_aaaaaaaaaaaaaaaa/history', undefined],
      ['POST', '/articles', { slug: 'x', title: 'x', summary: 'x', body: 'x' }],
      ['PATCH', '/articles/art_aaaaaaaaaaaaaaaa', { title: 'x' }],
      ['POST', '/articles/art_aaaaaaaaaaaaaaaa/publish', undefined],
      ['POST', '/articles/art_aaaaaaaaaaaaaaaa/videos', { title: 'x' }],
      ['POST', '/videos/vid_aaaaaaaaaaaaaaaa/renditions', { name: 'web', contentType: 'video/mp4', sizeBytes: 10 }],
      ['POST', '/videos/vid_aaaaaaaaaaaaaaaa/renditions/web/complete', { uploadId: 'x', parts: [] }],
    ];
    for (const [method, path, body] of routes) {
      expectError(await call(method, path, { body }), 401, 'unauthorized');
      expectError(await call(method, path, { body, token: accessToken }), 403, 'forbidden');
    }
  });
});

describe('drafts and publishing', () => {
  it('keeps a draft out of the public catalogue until it is published', async () => {
    const draft = await createDraft({ tags: ['exercises', 'exercises'] });
    expect(draft.publishedAt).toBeNull();
    expect(draft.tags).toEqual(['exercises']);
    expectError(await call('GET', `/articles/${draft.id}`), 404, 'not_found');
    expectError(await call('GET', `/articles/${draft.slug}`), 404, 'not_found');

    const published = await call<ArticleBody>('POST', `/articles/${draft.id}/publish`, { token: await editor() });
    expect(published.status).toBe(200);
    expect(Date.now() - Date.parse(published.body.publishedAt!)).toBeLessThan(10_000);
    expect((await call<ArticleBody>('GET', `/articles/${draft.slug}`)).body.id).toBe(draft.id);
    const newest = await call<{ items: { id: string }[] }>('GET', '/articles?tag=exercises&limit=1');
    expect(newest.body.items[0]!.id).toBe(draft.id);
  });

  it('lists the drafts for editors, the latest change first, until they are published', async () => {
    const token = await editor();
    const older = await createDraft();
    const newer = await createDraft({ tags: ['exercises'] });
    const draftIds = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (let cursor: string | null | undefined; cursor !== null; ) {
        const page = await call<{ items: { id: string; publishedAt: string | null }[]; nextCursor: string | null }>(
          'GET',
          `/drafts?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { token },
        );
        expect(page.status).toBe(200);
        expect(page.body.items.every((item) => item.publishedAt === null)).toBe(true);
        ids.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
      }
      return ids;
    };
    const before = await draftIds();
    expect(before.indexOf(newer.id)).toBeGreaterThanOrEqual(0);
    expect(before.indexOf(newer.id)).toBeLessThan(before.indexOf(older.id));

    // An edit brings the older draft to the top; publishing takes the newer one out of the list.
    expect((await call('PATCH', `/articles/${older.id}`, { token, body: { title: 'Edited last' } })).status).toBe(200);
    expect((await call('POST', `/articles/${newer.id}/publish`, { token })).status).toBe(200);
    const after = await draftIds();
    expect(after[0]).toBe(older.id);
    expect(after).not.toContain(newer.id);
  });

  it('serves one draft with its videos to editors, and a published article no longer as a draft', async () => {
    const token = await editor();
    const draft = await createDraft();
    const video = await addVideo(draft.id);
    const read = await call<ArticleBody & { videos: { id: string }[] }>('GET', `/drafts/${draft.id}`, { token });
    expect([read.status, read.body.slug, read.body.videos.map((v) => v.id)]).toEqual([200, draft.slug, [video.id]]);
    expectError(await call('GET', '/drafts/art_aaaaaaaaaaaaaaaa', { token }), 404, 'not_found');
    expectError(await call('GET', `/drafts/${draft.slug}`, { token }), 400, 'invalid_request');
    expect((await call('POST', `/articles/${draft.id}/publish`, { token })).status).toBe(200);
    expectError(await call('GET', `/drafts/${draft.id}`, { token }), 404, 'not_found');
  });

  it('refuses a slug that another article has (409) and a malformed one (400)', async () => {
    const first = await createDraft();
    expectError(await call('POST', '/articles', { token: await editor(), body: { slug: first.slug, title: 't', summary: 's', body: 'b' } }), 409, 'slug_taken');
    for (const slug of ['Upper-Case', 'two--hyphens', 'trailing-', 'has space', 'art_like_an_id', 'x'.repeat(81)]) {
      expectError(await call('POST', '/articles', { token: await editor(), body: { slug, title: 't', summary: 's', body: 'b' } }), 400, 'invalid_request');
    }
  });

  it('edits a draft, moving its slug and freeing the old one', async () => {
    const token = await editor();
    const draft = await createDraft();
    const taken = await createDraft();
    expectError(await call('PATCH', `/articles/${draft.id}`, { token, body: { slug: taken.slug } }), 409, 'slug_taken');
    const newSlug = uniqueSlug('moved');
    const edited = await call<ArticleBody & { title: string }>('PATCH', `/articles/${draft.id}`, { token, body: { slug: newSlug, title: 'Better title' } });
    expect([edited.status, edited.body.slug, edited.body.title]).toEqual([200, newSlug, 'Better title']);
    // The old slug is free again.
    expect((await call('POST', '/articles', { token, body: { slug: draft.slug, title: 't', summary: 's', body: 'b' } })).status).toBe(201);
    expectError(await call('PATCH', '/articles/art_aaaaaaaaaaaaaaaa', { token, body: { title: 'x' } }), 404, 'not_found');
  });

  it('keeps a published article’s slug but lets its text and tags change, feeds included', async () => {
    const token = await editor();
    const draft = await createDraft({ tags: ['exercises'] });
    await call('POST', `/articles/${draft.id}/publish`, { token });
    expectError(await call('PATCH', `/articles/${draft.id}`, { token, body: { slug: uniqueSlug('other') } }), 400, 'invalid_request');
    const edited = await call('PATCH', `/articles/${draft.id}`, { token, body: { title: 'Corrected title', tags: ['summit'] } });
    expect(edited.status).toBe(200);
    const summit = await call<{ items: { id: string; title: string }[] }>('GET', '/articles?tag=summit&limit=5');
    expect(summit.body.items.find((item) => item.id === draft.id)?.title).toBe('Corrected title');
    const exercises = await call<{ items: { id: string }[] }>('GET', '/articles?tag=exercises&limit=50');
    expect(exercises.body.items.map((item) => item.id)).not.toContain(draft.id);
  });

  it('publishes once: a second publish is 409, and of 20 at once exactly one wins, with one campaign', async () => {
    const token = await editor();
    const once = await createDraft();
    expect((await call('POST', `/articles/${once.id}/publish`, { token })).status).toBe(200);
    expectError(await call('POST', `/articles/${once.id}/publish`, { token }), 409, 'already_published');

    const subscriber = uniqueEmail('raced');
    await signUpAndConfirm(subscriber, { newsletter: true });
    const raced = await createDraft({ title: `Raced ${uniqueSlug('title')}` });
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', `/articles/${raced.id}/publish`, { token })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((item) => item.status !== 200)) expectError(answer, 409, 'already_published');
    expect((await sentCampaignsOf(raced.id)).map((campaign) => campaign.status)).toEqual(['sent']);
    expect((await inbox(subscriber)).filter((email) => email.subject.endsWith(raced.title))).toHaveLength(1);
    expectError(await call('POST', '/articles/art_aaaaaaaaaaaaaaaa/publish', { token }), 404, 'not_found');
  });
});

describe('videos and uploads', () => {
  it('adds videos to an article, which counts them, and makes them public with it', async () => {
    const token = await editor();
    const draft = await createDraft();
    const video = await addVideo(draft.id);
    expect(video).toEqual({ id: expect.stringMatching(/^vid_[a-z2-7]{16}$/) as string, articleId: draft.id, title: 'Footage', renditions: [] });
    expectError(await call('GET', `/videos/${video.id}`), 404, 'not_found');
    await call('POST', `/articles/${draft.id}/publish`, { token });
    expect((await call('GET', `/videos/${video.id}`)).status).toBe(200);
    const later = await addVideo(draft.id);
    expect((await call('GET', `/videos/${later.id}`)).status).toBe(200);
    const article = await call<ArticleBody>('GET', `/articles/${draft.id}`);
    expect(article.body.videoCount).toBe(2);
    expectError(await call('POST', '/articles/art_aaaaaaaaaaaaaaaa/videos', { token, body: { title: 'x' } }), 404, 'not_found');
  });

  it('uploads a rendition of over 10 MB in several parts, resumably, and records its size', async () => {
    const token = await editor();
    const video = await addVideo((await createDraft()).id);
    const data = randomBytes(11 * MiB + 12_345);
    const announce = { name: 'broadcast', contentType: 'video/mp4', sizeBytes: data.length, width: 1920, height: 1080 };
    const start = await call<UploadStart>('POST', `/videos/${video.id}/renditions`, { token, body: announce });
    expect(start.status).toBe(201);
    expect(start.body.partSize).toBeGreaterThanOrEqual(5 * MiB);
    expect(start.body.parts.map((part) => part.partNumber)).toEqual([1, 2, 3]);
    // Starting again with the same announcement resumes the same upload.
    const again = await call<UploadStart>('POST', `/videos/${video.id}/renditions`, { token, body: announce });
    expect(again.body.uploadId).toBe(start.body.uploadId);

    const parts = await putParts(again.body, data);
    const wrongEtags = parts.map((part) => ({ ...part, etag: '"00000000000000000000000000000000"' }));
    expectError(
      await call('POST', `/videos/${video.id}/renditions/broadcast/complete`, { token, body: { uploadId: start.body.uploadId, parts: wrongEtags } }),
      400,
      'upload_incomplete',
    );
    expectError(await call('POST', `/videos/${video.id}/renditions/broadcast/complete`, { token, body: { uploadId: 'other', parts } }), 400, 'invalid_request');
    const done = await call<VideoBody>('POST', `/videos/${video.id}/renditions/broadcast/complete`, { token, body: { uploadId: start.body.uploadId, parts } });
    expect(done.status).toBe(200);
    expect(done.body.renditions).toEqual([{ name: 'broadcast', contentType: 'video/mp4', sizeBytes: data.length, width: 1920, height: 1080 }]);
  });

  it('refuses a file whose size is not the one announced', async () => {
    const token = await editor();
    const video = await addVideo((await createDraft()).id);
    const data = randomBytes(6 * MiB);
    const start = await call<UploadStart>('POST', `/videos/${video.id}/renditions`, { token, body: { name: 'web', contentType: 'video/mp4', sizeBytes: data.length + 1 } });
    const parts = await putParts(start.body, data);
    expectError(await call('POST', `/videos/${video.id}/renditions/web/complete`, { token, body: { uploadId: start.body.uploadId, parts } }), 400, 'upload_incomplete');
    expect((await call<VideoBody>('GET', `/videos/${video.id}`)).status).toBe(404);
  });

  it('takes only the listed broadcast types: any other is a 400 in the contract’s shape, and no upload starts', async () => {
    const token = await editor();
    const video = await addVideo((await createDraft()).id);
    for (const contentType of ['text/html', 'video/anything-else', 'application/octet-stream', 'video/mxf', 'APPLICATION/MXF', 'application/mxf; charset=utf-8', '']) {
      const refused = await call<{ error: { details: { path: string }[] } }>('POST', `/videos/${video.id}/renditions`, {
        token,
        body: { name: 'broadcast', contentType, sizeBytes: 10 },
      });
      expectError(refused, 400, 'invalid_request');
      expect(refused.body.error.details.map((detail) => detail.path)).toEqual(['contentType']);
    }
    const accepted = await call<UploadStart>('POST', `/videos/${video.id}/renditions`, { token, body: { name: 'broadcast', contentType: 'application/mxf', sizeBytes: 10 } });
    expect(accepted.status).toBe(201);
    expect(new URL(accepted.body.parts[0]!.url).pathname).toMatch(/\.mxf$/);
  });

  it('answers 404 for an unknown video or upload and 400 for a bad announcement', async () => {
    const token = await editor();
    expectError(await call('POST', '/videos/vid_aaaaaaaaaaaaaaaa/renditions', { token, body: { name: 'web', contentType: 'video/mp4', sizeBytes: 10 } }), 404, 'not_found');
    const video = await addVideo((await createDraft()).id);
    expectError(await call('POST', `/videos/${video.id}/renditions/web/complete`, { token, body: { uploadId: 'x', parts: [] } }), 404, 'not_found');
    for (const body of [
      { name: 'web', contentType: 'text/html', sizeBytes: 10 },
      { name: 'Web!', contentType: 'video/mp4', sizeBytes: 10 },
      { name: 'web', contentType: 'video/mp4', sizeBytes: 0 },
      { name: 'web', contentType: 'video/mp4', sizeBytes: 6 * 1024 ** 4 },
    ]) {
      expectError(await call('POST', `/videos/${video.id}/renditions`, { token, body }), 400, 'invalid_request');
    }
  });
});
