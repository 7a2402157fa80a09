/**
 * Attack 8 of the security review: a re-upload of a published rendition must leave the published file alone until
 * it has fully succeeded. The attacks go over HTTP, as an editor's front-end would, and after each a new download
 * link still gives the original bytes. Racing completions are then played step by step, in the order that matters,
 * with the upload module itself (HTTP alone cannot pick the interleaving).
 */
import { randomBytes } from 'node:crypto';
import type * as Uploads from '../../functions/editorial/uploads';
import type * as Store from '../../functions/editorial/store';
import type * as History from '../../functions/editorial/history';
import type { Caller } from '../../functions/common/http';
import type * as S3 from '../../functions/common/aws/s3';
import { configure, loadFunctionModule } from './in-process';
import { call, expectError } from './client';
import type { DownloadLink, UploadStart, VideoBody } from './editor-fixtures';
import { completeRendition, editor, publishedVideoWith, putParts, sha256, startRendition } from './editor-fixtures';
import { readerTokens } from './tokens';

configure({});

const KiB = 1024;
const RENDITION = 'broadcast';

/** What a new link to the video's published rendition gives: the link, and the hash of the file it serves. */
async function published(videoId: string): Promise<{ link: DownloadLink; hash: string }> {
  const link = await call<DownloadLink>('POST', `/videos/${videoId}/download`, { token: (await readerTokens()).accessToken, body: { rendition: RENDITION } });
  expect(link.status).toBe(200);
  const file = await fetch(link.body.url);
  expect(file.status).toBe(200);
  return { link: link.body, hash: sha256(await file.arrayBuffer()) };
}

/** An upload of `data` started and every part sent, not completed. */
async function sent(videoId: string, data: Buffer, announcedBytes = data.length): Promise<{ upload: UploadStart; parts: { partNumber: number; etag: string }[] }> {
  const upload = await startRendition(videoId, RENDITION, announcedBytes);
  return { upload, parts: await putParts(upload, data) };
}

describe('re-uploading a published rendition, over HTTP', () => {
  const original = randomBytes(300 * KiB);
  let video: VideoBody;
  let slug: string;
  beforeAll(async () => {
    const { article, video: published } = await publishedVideoWith(original, RENDITION);
    [video, slug] = [published, article.slug];
  });

  it('leaves the published file alone when a re-upload is started, sent and abandoned', async () => {
    const replacement = randomBytes(200 * KiB);
    const { upload } = await sent(video.id, replacement);
    // The same announcement still resumes the same upload.
    expect((await startRendition(video.id, RENDITION, replacement.length)).uploadId).toBe(upload.uploadId);
    expect((await published(video.id)).hash).toBe(sha256(original));
  });

  it('leaves it alone when a re-upload is completed with parts that do not add up to the announced size', async () => {
    const short = randomBytes(250 * KiB);
    const { upload, parts } = await sent(video.id, short, short.length + 1);
    expectError(await completeRendition(video.id, RENDITION, upload, parts), 400, 'upload_incomplete');
    expect((await published(video.id)).hash).toBe(sha256(original));
    const listed = await call<VideoBody>('GET', `/videos/${video.id}`);
    expect(listed.body.renditions).toEqual([expect.objectContaining({ name: RENDITION, sizeBytes: original.length })]);
  });

  it('leaves it alone when two re-uploads are completed at once: one superseded by the other, that one short', async () => {
    const first = await sent(video.id, randomBytes(220 * KiB));
    const short = randomBytes(230 * KiB);
    const second = await sent(video.id, short, short.length + 7);
    const [firstAnswer, secondAnswer] = await Promise.all([
      completeRendition(video.id, RENDITION, first.upload, first.parts),
      completeRendition(video.id, RENDITION, second.upload, second.parts),
    ]);
    expectError(firstAnswer, 400, 'invalid_request');
    expectError(secondAnswer, 400, 'upload_incomplete');
    expect((await published(video.id)).hash).toBe(sha256(original));
  });

  it('replaces it with a complete re-upload of the announced size, under the same file name, and deletes the old file', async () => {
    const before = await published(video.id);
    const replacement = randomBytes(260 * KiB);
    const { upload, parts } = await sent(video.id, replacement);
    const done = await completeRendition(video.id, RENDITION, upload, parts);
    expect(done.status).toBe(200);
    expect(done.body.renditions).toEqual([expect.objectContaining({ name: RENDITION, sizeBytes: replacement.length })]);
    // A completion repeated because its answer was lost gets the same answer.
    expect((await completeRendition(video.id, RENDITION, upload, parts)).body).toEqual(done.body);

    const after = await published(video.id);
    expect(after.hash).toBe(sha256(replacement));
    expect(after.link.filename).toBe(`${slug}-${RENDITION}.mp4`);
    expect(new URL(after.link.url).pathname).not.toBe(new URL(before.link.url).pathname);
    expect((await fetch(before.link.url)).status).toBe(404);
  });
});

describe('racing completions, step by step', () => {
  const uploads = loadFunctionModule<typeof Uploads>('editorial/uploads');
  const store = loadFunctionModule<typeof Store>('editorial/store');
  const s3 = loadFunctionModule<typeof S3>('common/aws/s3');
  const history = loadFunctionModule<typeof History>('editorial/history');
  const racer: Caller = { sub: 'racing-editor', username: 'racing-editor', sessionId: 'racing-session', groups: ['editors'] };
  const completionBy = (video: VideoBody) => history.recordOf(racer, video.articleId, 'upload_completed', { videoId: video.id, rendition: RENDITION });

  /** Where each completion stands once it has read the pending upload and then the video, as the handler does. */
  async function readAsTheHandlerDoes(videoId: string) {
    const pending = (await uploads.loadPendingUpload(videoId, RENDITION))!;
    return { pending, video: await store.loadVideo(videoId) };
  }

  const statusOf = async (key: string) => (await fetch(await s3.presignS3({ method: 'GET', key, expiresIn: 60 }))).status;

  it('two completions of one upload: both succeed, the second finding it assembled and then recorded', async () => {
    const original = randomBytes(180 * KiB);
    const { video } = await publishedVideoWith(original, RENDITION);
    const replacement = randomBytes(190 * KiB);
    const { parts } = await sent(video.id, replacement);
    const [first, second] = [await readAsTheHandlerDoes(video.id), await readAsTheHandlerDoes(video.id)];

    await uploads.completeUpload(video.id, RENDITION, first.pending, parts);
    // S3 no longer has the upload (it is assembled): the file shows it was.
    await uploads.completeUpload(video.id, RENDITION, second.pending, parts);
    const recorded = await uploads.publishUpload(first.video, RENDITION, first.pending, completionBy(video));
    // The second's switch fails its condition (the upload is no longer pending) and finds the first's record.
    expect(await uploads.publishUpload(second.video, RENDITION, second.pending, completionBy(video))).toEqual(expect.objectContaining({ renditions: recorded.renditions }));
    // Only the completion that switched the rendition is on record.
    const entries = await call<{ items: { action: string; editor: { sub: string } }[] }>('GET', `/articles/${video.articleId}/history?limit=50`, { token: await editor() });
    expect(entries.body.items.filter((entry) => entry.editor.sub === racer.sub)).toEqual([expect.objectContaining({ action: 'upload_completed' })]);

    expect(recorded.renditions[RENDITION]!.key).toBe(first.pending.key);
    expect((await published(video.id)).hash).toBe(sha256(replacement));
    expect(await statusOf(first.video.renditions[RENDITION]!.key)).toBe(404);
  });

  it('a completion overtaken by a newer start removes only its own file, and the newer upload stays pending', async () => {
    const original = randomBytes(170 * KiB);
    const { video } = await publishedVideoWith(original, RENDITION);
    const stale = randomBytes(160 * KiB);
    const { parts } = await sent(video.id, stale);
    const completion = await readAsTheHandlerDoes(video.id);
    await uploads.completeUpload(video.id, RENDITION, completion.pending, parts);

    const newer = await startRendition(video.id, RENDITION, stale.length + 1);
    await expect(uploads.publishUpload(completion.video, RENDITION, completion.pending, completionBy(video))).rejects.toMatchObject({ code: 'invalid_request' });

    expect((await published(video.id)).hash).toBe(sha256(original));
    expect(await statusOf(completion.pending.key)).toBe(404);
    expect((await uploads.loadPendingUpload(video.id, RENDITION))?.uploadId).toBe(newer.uploadId);
  });

  it('an upload S3 assembled but whose completion was never recorded (a timeout) completes when asked again', async () => {
    const { video } = await publishedVideoWith(randomBytes(150 * KiB), RENDITION);
    const replacement = randomBytes(140 * KiB);
    const { upload, parts } = await sent(video.id, replacement);
    await uploads.completeUpload(video.id, RENDITION, (await readAsTheHandlerDoes(video.id)).pending, parts);

    expect((await completeRendition(video.id, RENDITION, upload, parts)).status).toBe(200);
    expect((await published(video.id)).hash).toBe(sha256(replacement));
  });
});
