/**
 * The editors' uploader (`npm run upload`) against the local stack: it creates the video, uploads the parts to the
 * S3 emulator through their presigned URLs and completes; a reader-facing download then gives the same bytes back.
 * The CLI runs as a child process with PRESSROOM_HOME set to the stack's data folder, as `npm start` users have it.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { UploadState } from '../../cli/upload-state';
import { stateFilePath } from '../../cli/upload-state';
import { call, endpoints } from './client';

const root = resolve(__dirname, '../..');
const stackHome = dirname(process.env.PRESSROOM_ENDPOINTS!);
const MiB = 1024 * 1024;

interface Video {
  id: string;
  articleId: string;
  renditions: { name: string; contentType: string; sizeBytes: number }[];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let token: string;
let workDir: string;

beforeAll(async () => {
  const login = await call<{ accessToken: string }>('POST', '/auth/login', { body: { email: endpoints.editor.email, password: endpoints.editor.password } });
  expect(login.status).toBe(200);
  token = login.body.accessToken;
  workDir = mkdtempSync(join(tmpdir(), 'upload-cli-'));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Writes `size` pseudo-random bytes (xorshift32 from `seed`, so a failure can be replayed) one MiB at a time, and
 * returns their sha256.
 */
async function writeTestFile(name: string, size: number, seed: number): Promise<{ path: string; sha256: string }> {
  const path = join(workDir, name);
  const hash = createHash('sha256');
  let x = seed >>> 0 || 1;
  async function* chunks() {
    for (let left = size; left > 0; ) {
      const length = Math.min(MiB, left);
      const words = new Uint32Array(Math.ceil(length / 4));
      for (let i = 0; i < words.length; i += 1) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] = x >>> 0;
      }
      const chunk = Buffer.from(words.buffer, 0, length);
      hash.update(chunk);
      left -= length;
      yield chunk;
    }
  }
  await pipeline(chunks(), createWriteStream(path));
  return { path, sha256: hash.digest('hex') };
}

/** Runs the CLI as an editor would on the local stack: settings from the stack's endpoints file, nothing else. */
function runUploader(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PRESSROOM_HOME: stackHome, NODE_NO_WARNINGS: '1', ...extraEnv };
  for (const name of ['PRESSROOM_API', 'PRESSROOM_EMAIL', 'PRESSROOM_PASSWORD']) delete env[name];
  if (!extraEnv.PRESSROOM_UPLOAD_FAIL_AFTER_PARTS) delete env.PRESSROOM_UPLOAD_FAIL_AFTER_PARTS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/upload.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((finished) => child.on('close', (code) => finished({ code, stdout, stderr })));
}

async function createDraft(): Promise<{ id: string; slug: string }> {
  const slug = `upload-cli-${randomUUID().slice(0, 8)}`;
  const response = await call<{ id: string; slug: string; publishedAt: string | null }>('POST', '/articles', {
    token,
    body: { slug, title: 'Uploaded from the command line', summary: 'A test of the uploader.', body: 'Footage follows.' },
  });
  expect(response.status).toBe(201);
  expect(response.body.publishedAt).toBeNull();
  return response.body;
}

/** Publishes the article, asks for a download link of the rendition, and returns the link and the sha256 of what it serves. */
async function publishAndDownload(articleId: string, videoId: string): Promise<{ link: { url: string; sizeBytes: number; filename: string }; sha256: string; bytes: number }> {
  expect((await call('POST', `/articles/${articleId}/publish`, { token })).status).toBe(200);
  const link = await call<{ url: string; sizeBytes: number; filename: string }>('POST', `/videos/${videoId}/download`, { token, body: { rendition: 'broadcast' } });
  expect(link.status).toBe(200);
  const response = await fetch(link.body.url);
  expect(response.status).toBe(200);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of Readable.fromWeb(response.body! as WebReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { link: link.body, sha256: hash.digest('hex'), bytes };
}

describe('npm run upload against the local stack', () => {
  it('uploads an MXF master as a new video’s rendition, and the download gives the same bytes as an .mxf', async () => {
    const article = await createDraft();
    const size = 12 * MiB + 777; // three parts at the 5 MiB minimum, the last one short
    const file = await writeTestFile('northern-shield.mxf', size, 0x5eed_0001);

    const run = await runUploader([file.path, '--article', article.id, '--rendition', 'broadcast']);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    const video = JSON.parse(run.stdout) as Video;
    expect(video.articleId).toBe(article.id);
    expect(video.renditions).toEqual([expect.objectContaining({ name: 'broadcast', contentType: 'application/mxf', sizeBytes: size })]);
    expect(run.stderr).toMatch(/Done: uploaded 12\.0 MiB/);
    const { mtimeMs } = statSync(file.path);
    expect(existsSync(stateFilePath(stackHome, { path: file.path, size, mtimeMs }, 'broadcast'))).toBe(false);

    const download = await publishAndDownload(article.id, video.id);
    expect(download.link).toMatchObject({ sizeBytes: size, filename: `${article.slug}-broadcast.mxf` });
    expect(download.bytes).toBe(size);
    expect(download.sha256).toBe(file.sha256);
  }, 60_000);

  it('resumes an interrupted upload, sending only the parts that were missing', async () => {
    const article = await createDraft();
    const size = 11 * MiB + 4321;
    const file = await writeTestFile('press-conference.mov', size, 0x5eed_0002);
    const { mtimeMs } = statSync(file.path);
    const statePath = stateFilePath(stackHome, { path: file.path, size, mtimeMs }, 'broadcast');

    // The test hook ends the process (exit 75) once the first part is uploaded and saved.
    const stopped = await runUploader([file.path, '--article', article.id, '--rendition', 'broadcast'], { PRESSROOM_UPLOAD_FAIL_AFTER_PARTS: '1' });
    expect({ code: stopped.code, stderr: stopped.stderr }).toMatchObject({ code: 75 });
    expect(existsSync(statePath)).toBe(true);
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as UploadState;
    expect(state).toMatchObject({ file: file.path, size, rendition: 'broadcast', articleId: article.id, contentType: 'video/quicktime' });
    expect(Object.keys(state.parts)).toHaveLength(1);
    // The part size is the server's choice; the file must still make at least three parts of it.
    const total = Math.ceil(size / state.partSize!);
    expect(total).toBeGreaterThanOrEqual(3);

    const resumed = await runUploader([file.path, '--article', article.id, '--rendition', 'broadcast']);
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
    expect(resumed.stderr).toContain(`resuming: 1 of ${total} parts already uploaded`);
    expect(resumed.stderr).toMatch(new RegExp(`Uploading [\\d.]+ MiB of [\\d.]+ MiB to video ${state.videoId}, rendition broadcast: ${total - 1} parts of`));
    expect(resumed.stderr).not.toContain('Created video');
    const video = JSON.parse(resumed.stdout) as Video;
    expect(video.id).toBe(state.videoId);
    expect(video.renditions).toEqual([expect.objectContaining({ name: 'broadcast', contentType: 'video/quicktime', sizeBytes: size })]);
    expect(existsSync(statePath)).toBe(false);

    const download = await publishAndDownload(article.id, video.id);
    expect(download.link).toMatchObject({ sizeBytes: size, filename: `${article.slug}-broadcast.mov` });
    expect(download.sha256).toBe(file.sha256);
  }, 60_000);
});
