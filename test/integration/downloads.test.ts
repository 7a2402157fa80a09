import { RENDITIONS, sampleRenditionFile } from '../../local/seed';
import { sampleArticles } from '../../local/sample-content';
import { call, endpoints, expectError } from './client';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DownloadLink, VideoBody } from './editor-fixtures';
import { addVideo, createDraft, editor, publishedVideoWith, sha256 } from './editor-fixtures';
import { readerTokens } from './tokens';

const sample = sampleArticles[0]!;
const sampleVideo = sample.videos[0]!;

describe('POST /videos/{id}/download', () => {
  let token: string;
  beforeAll(async () => {
    token = (await readerTokens()).accessToken;
  });

  it('refuses anonymous callers and forged tokens', async () => {
    expectError(await call('POST', `/videos/${sampleVideo.id}/download`, { body: {} }), 401, 'unauthorized');
    expectError(await call('POST', `/videos/${sampleVideo.id}/download`, { body: {}, token: 'a.b.c' }), 401, 'unauthorized');
  });

  it('gives a short-lived link to the master, served as a named attachment, byte for byte', async () => {
    const before = Date.now();
    const link = await call<DownloadLink>('POST', `/videos/${sampleVideo.id}/download`, { token, body: {} });
    expect(link.status).toBe(200);
    expect(link.body.filename).toBe(`${sample.slug}-broadcast.mp4`);
    const expiresIn = Date.parse(link.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(295_000);
    expect(expiresIn).toBeLessThanOrEqual(301_000);
    const file = await fetch(link.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${sample.slug}-broadcast.mp4"`);
    expect(file.headers.get('content-type')).toBe('video/mp4');
    const bytes = await file.arrayBuffer();
    expect(bytes.byteLength).toBe(link.body.sizeBytes);
    expect(sha256(bytes)).toBe(sha256(sampleRenditionFile(sampleVideo.id, RENDITIONS[0])));
  });

  it('gives the rendition asked for', async () => {
    const link = await call<DownloadLink>('POST', `/videos/${sampleVideo.id}/download`, { token, body: { rendition: 'web' } });
    expect(link.body.filename).toBe(`${sample.slug}-web.mp4`);
    expect(sha256(await (await fetch(link.body.url)).arrayBuffer())).toBe(sha256(sampleRenditionFile(sampleVideo.id, RENDITIONS[1])));
  });

  it('serves an MXF master as an .mxf attachment of type application/mxf, stored under that extension', async () => {
    // The API never reads the bytes: a few that are not MXF at all do.
    const master = Buffer.from('MXF master, as far as the API can tell');
    const { article, video } = await publishedVideoWith(master, 'broadcast', 'application/mxf');
    const link = await call<DownloadLink>('POST', `/videos/${video.id}/download`, { token, body: {} });
    expect(link.status).toBe(200);
    expect(link.body.filename).toBe(`${article.slug}-broadcast.mxf`);
    expect(new URL(link.body.url).pathname).toMatch(new RegExp(`/videos/${video.id}/broadcast/upl_[a-z2-7]+\\.mxf$`));
    const file = await fetch(link.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${article.slug}-broadcast.mxf"`);
    expect(file.headers.get('content-type')).toBe('application/mxf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(master);
    const listed = await call<VideoBody>('GET', `/videos/${video.id}`);
    expect(listed.body.renditions).toEqual([expect.objectContaining({ name: 'broadcast', contentType: 'application/mxf', sizeBytes: master.length })]);
  });

  it('answers 404 for an unknown video or rendition, a draft’s video, or a video with no file yet', async () => {
    expectError(await call('POST', '/videos/vid_aaaaaaaaaaaaaaaa/download', { token, body: {} }), 404, 'not_found');
    expectError(await call('POST', `/videos/${sampleVideo.id}/download`, { token, body: { rendition: 'proxy' } }), 404, 'not_found');
    const draftVideo = await addVideo((await createDraft()).id);
    expectError(await call('POST', `/videos/${draftVideo.id}/download`, { token, body: {} }), 404, 'not_found');
    const published = await createDraft();
    const empty = await addVideo(published.id);
    await call('POST', `/articles/${published.id}/publish`, { token: await editor() });
    expectError(await call('POST', `/videos/${empty.id}/download`, { token, body: {} }), 404, 'not_found');
  });

  it('refuses a link that was tampered with: signature, key, expiry, disposition', async () => {
    const { body } = await call<DownloadLink>('POST', `/videos/${sampleVideo.id}/download`, { token, body: {} });
    const url = new URL(body.url);
    const tampered = [
      (u: URL) => u.searchParams.set('X-Amz-Signature', '0'.repeat(64)),
      (u: URL) => (u.pathname = u.pathname.replace('broadcast', 'web')),
      (u: URL) => u.searchParams.set('X-Amz-Expires', '604800'),
      (u: URL) => u.searchParams.set('response-content-disposition', 'inline'),
      (u: URL) => u.searchParams.delete('X-Amz-Signature'),
    ];
    for (const change of tampered) {
      const copy = new URL(url);
      change(copy);
      expect((await fetch(copy)).status).toBe(403);
    }
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('GET /me/downloads', () => {
  it('lists the links a user was issued, newest first, page by page, and no one else’s', async () => {
    const { accessToken } = await readerTokens();
    const asked = ['broadcast', 'web', 'broadcast'];
    for (const rendition of asked) {
      expect((await call('POST', `/videos/${sampleVideo.id}/download`, { token: accessToken, body: { rendition } })).status).toBe(200);
      await new Promise((done) => setTimeout(done, 5));
    }
    const seen: { videoId: string; rendition: string; at: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await call('GET', `/me/downloads?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: accessToken });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((item) => item.rendition)).toEqual([...asked].reverse());
    expect(seen.every((item) => item.videoId === sampleVideo.id)).toBe(true);

    const other = await readerTokens();
    expect((await call<{ items: unknown[] }>('GET', '/me/downloads', { token: other.accessToken })).body.items).toEqual([]);
    expectError(await call('GET', '/me/downloads'), 401, 'unauthorized');
  });

  it('refuses a cursor that points into someone else’s history or outside the downloads', async () => {
    const { accessToken } = await readerTokens();
    const { sub } = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string };
    for (const key of [
      { pk: 'DOWNLOADS#someone-else', sk: 'DOWNLOAD#2024-01-01T00:00:00.000Z#x' },
      { pk: `USER#${sub}`, sk: 'PROFILE' },
      { pk: 'ARTICLE#a', sk: 'ARTICLE' },
    ]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      expectError(await call('GET', `/me/downloads?cursor=${cursor}`, { token: accessToken }), 400, 'invalid_request');
    }
  });
});

describe('the download counter', () => {
  it('counts every link given, also when many are asked for the same video at once', async () => {
    const { video } = await publishedVideoWith(Buffer.from('a short clip'));
    const { accessToken } = await readerTokens();
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', `/videos/${video.id}/download`, { token: accessToken, body: {} })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    // Editors read it in the table (docs/TABLE.md); the API does not serve it.
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    const { Item } = await documents.send(new GetCommand({ TableName: 'pressroom', Key: { pk: `VIDEO#${video.id}`, sk: 'VIDEO' } }));
    expect(Item?.downloadCount).toBe(20);
    const listed = await call<{ items: { videoId: string }[] }>('GET', '/me/downloads?limit=50', { token: accessToken });
    expect(listed.body.items.filter((item) => item.videoId === video.id)).toHaveLength(20);
  });
});
