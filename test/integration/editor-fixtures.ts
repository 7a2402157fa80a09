/** Steps of the editorial and download tests: an editor session, drafts with unique slugs, and part uploads. */
import { createHash, randomUUID } from 'node:crypto';
import { call, endpoints } from './client';

export interface ArticleBody {
  id: string;
  slug: string;
  title: string;
  publishedAt: string | null;
  tags: string[];
  videoCount: number;
  videos: VideoBody[];
}

export interface VideoBody {
  id: string;
  articleId: string;
  renditions: { name: string; sizeBytes: number; contentType: string }[];
}

export interface UploadStart {
  name: string;
  uploadId: string;
  partSize: number;
  parts: { partNumber: number; url: string }[];
}

export interface DownloadLink {
  url: string;
  expiresAt: string;
  filename: string;
  sizeBytes: number;
}

export const sha256 = (data: Buffer | ArrayBuffer): string => createHash('sha256').update(Buffer.from(data as ArrayBuffer)).digest('hex');

export interface CampaignBody {
  id: string;
  articleId: string;
  status: string;
  recipients: number;
  sent: number;
  failed: number;
  suppressed: number;
  skipped: number;
  publishedBy: { sub: string } | null;
}

let editorToken: Promise<string> | undefined;

/** One editor sign-in for a whole test file. */
export function editor(): Promise<string> {
  editorToken ??= call<{ accessToken: string }>('POST', '/auth/login', { body: { email: endpoints.editor.email, password: endpoints.editor.password } }).then(
    (response) => response.body.accessToken,
  );
  return editorToken;
}

export const uniqueSlug = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

export async function createDraft(overrides: Record<string, unknown> = {}): Promise<ArticleBody> {
  const response = await call<ArticleBody>('POST', '/articles', {
    token: await editor(),
    body: { slug: uniqueSlug('draft'), title: 'A draft', summary: 'Not out yet.', body: 'Text to come.', tags: ['exercises'], ...overrides },
  });
  expect(response.status).toBe(201);
  return response.body;
}

export async function addVideo(articleId: string): Promise<VideoBody> {
  const response = await call<VideoBody>('POST', `/articles/${articleId}/videos`, { token: await editor(), body: { title: 'Footage' } });
  expect(response.status).toBe(201);
  return response.body;
}

/** PUTs each part of `data` to its presigned URL, as a browser or the uploader would, and returns the ETags. */
export async function putParts(start: UploadStart, data: Buffer): Promise<{ partNumber: number; etag: string }[]> {
  return Promise.all(
    start.parts.map(async ({ partNumber, url }) => {
      const chunk = data.subarray((partNumber - 1) * start.partSize, partNumber * start.partSize);
      const response = await fetch(url, { method: 'PUT', body: chunk });
      expect(response.status).toBe(200);
      return { partNumber, etag: response.headers.get('etag')! };
    }),
  );
}

/** Starts (or resumes) the upload of a rendition of `sizeBytes` bytes (MP4 unless told), as an editor. */
export async function startRendition(videoId: string, rendition: string, sizeBytes: number, contentType = 'video/mp4'): Promise<UploadStart> {
  const start = await call<UploadStart>('POST', `/videos/${videoId}/renditions`, {
    token: await editor(),
    body: { name: rendition, contentType, sizeBytes },
  });
  expect(start.status).toBe(201);
  return start.body;
}

export async function completeRendition(videoId: string, rendition: string, upload: UploadStart, parts: { partNumber: number; etag: string }[]) {
  return call<VideoBody>('POST', `/videos/${videoId}/renditions/${rendition}/complete`, { token: await editor(), body: { uploadId: upload.uploadId, parts } });
}

/** A video of a new published article with one uploaded rendition: what a download needs. */
export async function publishedVideoWith(data: Buffer, rendition = 'broadcast', contentType?: string): Promise<{ article: ArticleBody; video: VideoBody }> {
  const token = await editor();
  const draft = await createDraft();
  const video = await addVideo(draft.id);
  const start = await startRendition(video.id, rendition, data.length, contentType);
  const completed = await completeRendition(video.id, rendition, start, await putParts(start, data));
  expect(completed.status).toBe(200);
  const published = await call<ArticleBody>('POST', `/articles/${draft.id}/publish`, { token });
  expect(published.status).toBe(200);
  return { article: published.body, video };
}

/**
 * The article's campaigns as editors list them, once they are sent (or the time is up): publishing starts one
 * from the table's stream, within seconds.
 */
export async function sentCampaignsOf(articleId: string, timeoutMs = 20_000): Promise<CampaignBody[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await call<{ items: CampaignBody[] }>('GET', '/newsletters?limit=50', { token: await editor() });
    const campaigns = list.body.items.filter((campaign) => campaign.articleId === articleId);
    if ((campaigns.length > 0 && campaigns.every((campaign) => campaign.status === 'sent')) || Date.now() > deadline) return campaigns;
    await new Promise((done) => setTimeout(done, 250));
  }
}
