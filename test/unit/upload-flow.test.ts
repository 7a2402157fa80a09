/**
 * The uploader end to end, as a child process, against a fake of the Pressroom API and of the storage's presigned
 * part URLs that runs in this test. The fake keeps to the contract (and to S3's rules for parts) and can fail on
 * demand, so resuming, retries, renewed URLs, a new login and Ctrl-C are all exercised without the local stack.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { UploadState } from '../../cli/upload-state';

const root = resolve(__dirname, '../..');
const ARTICLE = 'art_k3v7q2m4x9z5w6t8';
const EDITOR = { email: 'editor@example.org', password: 'Editor-Password-1!' };
const PART_SIZE = 64 * 1024;

type Fault = 'http-500' | 'http-400' | 'drop' | 'hang';

interface Upload {
  id: string;
  videoId: string;
  name: string;
  sizeBytes: number;
  contentType: string;
  partSize: number;
  /** URLs of an older generation are refused with 403, as expired presigned URLs are. */
  validFrom: number;
  generation: number;
  parts: Map<number, { etag: string; body: Buffer }>;
}

/** The fake API and storage, with counters and switches for the tests. */
class FakePressroom {
  server: Server;
  base = '';
  videos = new Map<string, { id: string; articleId: string; title: string; renditions: { name: string; contentType: string; sizeBytes: number; width?: number; height?: number }[] }>();
  uploads = new Map<string, Upload>();
  stored = new Map<string, Buffer>();
  tokens = new Set<string>();
  logins = 0;
  starts = 0;
  puts: { uploadId: string; partNumber: number; contentLength?: string; transferEncoding?: string }[] = [];
  /** Faults to play on the next PUTs of a part number, one per PUT. */
  faults = new Map<number, Fault[]>();
  /** The URLs of the next start answer are already expired. */
  expireNextUrls = false;
  /** Called when a PUT arrives (the Ctrl-C test waits for one). */
  onPut: ((partNumber: number) => void) | undefined;
  private hanging: ServerResponse[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.json(res, 500, { error: { code: 'internal_error', message: String(error) } }));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((ready) => this.server.listen(0, '127.0.0.1', ready));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((closed) => this.server.close(closed));
  }

  /** Forgets every token, as if they had all expired. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Aborts every pending upload, as a lifecycle rule would. */
  abortUploads(): void {
    this.uploads.clear();
  }

  putsFor(uploadId: string): number[] {
    return this.puts.filter((put) => put.uploadId === uploadId).map((put) => put.partNumber);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    this.json(res, status, { error: { code, message } });
  }

  private async body(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  private urls(upload: Upload): { partNumber: number; url: string }[] {
    upload.generation += 1;
    // Expired URLs: valid only from the next generation on.
    upload.validFrom = this.expireNextUrls ? upload.generation + 1 : upload.generation;
    this.expireNextUrls = false;
    const count = Math.ceil(upload.sizeBytes / upload.partSize);
    return Array.from({ length: count }, (_, index) => ({
      partNumber: index + 1,
      url: `${this.base}/storage/${upload.id}/${index + 1}?generation=${upload.generation}`,
    }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const path = url.pathname;
    if (req.method === 'PUT' && path.startsWith('/storage/')) return this.putPart(req, res, url);
    const body = (await this.body(req)).toString('utf8');
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    if (req.method === 'POST' && path === '/auth/login') {
      this.logins += 1;
      if (input.email !== EDITOR.email || input.password !== EDITOR.password) return this.error(res, 401, 'invalid_credentials', 'The email or password is wrong.');
      const token = randomBytes(8).toString('hex');
      this.tokens.add(token);
      return this.json(res, 200, { accessToken: token, idToken: 'id', refreshToken: 'refresh', expiresIn: 3600, tokenType: 'Bearer' });
    }
    if (!this.tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return this.error(res, 401, 'unauthorized', 'A valid access token is required.');
    let match: RegExpExecArray | null;
    if (req.method === 'POST' && (match = /^\/articles\/([^/]+)\/videos$/.exec(path))) {
      if (match[1] !== ARTICLE) return this.error(res, 404, 'not_found', 'The article was not found.');
      const video = { id: `vid_${randomBytes(10).toString('hex').slice(0, 16)}`, articleId: ARTICLE, title: String(input.title), renditions: [] };
      this.videos.set(video.id, video);
      return this.json(res, 201, video);
    }
    if (req.method === 'POST' && (match = /^\/videos\/([^/]+)\/renditions$/.exec(path))) {
      this.starts += 1;
      const videoId = match[1]!;
      if (!this.videos.has(videoId)) return this.error(res, 404, 'not_found', 'The video was not found.');
      const { name, contentType, sizeBytes } = input as { name: string; contentType: string; sizeBytes: number };
      let upload = [...this.uploads.values()].find(
        (pending) => pending.videoId === videoId && pending.name === name && pending.sizeBytes === sizeBytes && pending.contentType === contentType,
      );
      if (!upload) {
        upload = { id: `upload-${randomBytes(6).toString('hex')}`, videoId, name, sizeBytes, contentType, partSize: PART_SIZE, validFrom: 0, generation: 0, parts: new Map() };
        this.uploads.set(upload.id, upload);
      }
      return this.json(res, 201, { name, uploadId: upload.id, partSize: upload.partSize, parts: this.urls(upload) });
    }
    if (req.method === 'POST' && (match = /^\/videos\/([^/]+)\/renditions\/([^/]+)\/complete$/.exec(path))) {
      const { uploadId, parts } = input as { uploadId: string; parts: { partNumber: number; etag: string }[] };
      const upload = this.uploads.get(uploadId);
      const video = this.videos.get(match[1]!);
      if (!upload || !video) return this.error(res, 404, 'not_found', 'The upload was not found.');
      const count = Math.ceil(upload.sizeBytes / upload.partSize);
      const inOrder = parts.every((part, index) => part.partNumber === index + 1);
      const matching = parts.every((part) => upload.parts.get(part.partNumber)?.etag === part.etag);
      if (parts.length !== count || !inOrder || !matching) return this.error(res, 400, 'upload_incomplete', 'Some parts are missing or do not match.');
      const bytes = Buffer.concat(parts.map((part) => upload.parts.get(part.partNumber)!.body));
      this.stored.set(`${video.id}/${upload.name}`, bytes);
      this.uploads.delete(uploadId);
      video.renditions.push({ name: upload.name, contentType: upload.contentType, sizeBytes: bytes.length });
      return this.json(res, 200, video);
    }
    this.error(res, 404, 'not_found', 'No such route.');
  }

  private async putPart(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , uploadId, part] = url.pathname.split('/');
    const partNumber = Number(part);
    this.puts.push({ uploadId: uploadId!, partNumber, contentLength: req.headers['content-length'], transferEncoding: req.headers['transfer-encoding'] });
    this.onPut?.(partNumber);
    const fault = this.faults.get(partNumber)?.shift();
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'hang') return void this.hanging.push(res);
    const body = await this.body(req);
    const upload = this.uploads.get(uploadId!);
    if (!upload) return void res.writeHead(404).end('<Error><Code>NoSuchUpload</Code></Error>');
    if (Number(url.searchParams.get('generation')) < upload.validFrom) {
      return void res.writeHead(403).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    }
    if (fault === 'http-500') return void res.writeHead(500).end('<Error><Code>InternalError</Code></Error>');
    if (fault === 'http-400') return void res.writeHead(400).end('<Error><Code>EntityTooSmall</Code></Error>');
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    upload.parts.set(partNumber, { etag, body });
    res.writeHead(200, { etag }).end();
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let fake: FakePressroom;
let home: string;
let media: string;
let file: string;
let content: Buffer;

function launch(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/upload.ts', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_NO_WARNINGS: '1',
      PRESSROOM_API: fake.base,
      PRESSROOM_EMAIL: EDITOR.email,
      PRESSROOM_PASSWORD: EDITOR.password,
      PRESSROOM_HOME: home,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((finished) => child.on('close', (code) => finished({ code, stdout, stderr })));
  return { child, done };
}

const upload = (args: string[] = [], env: Record<string, string> = {}) => launch([file, '--article', ARTICLE, '--rendition', 'broadcast', ...args], env).done;

function savedStates(): UploadState[] {
  const dir = join(home, 'uploads');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as UploadState);
}

function expectStoredFile(videoId: string): void {
  expect(createHash('sha256').update(fake.stored.get(`${videoId}/broadcast`)!).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
}

beforeEach(async () => {
  fake = new FakePressroom();
  await fake.start();
  home = mkdtempSync(join(tmpdir(), 'upload-flow-home-'));
  media = mkdtempSync(join(tmpdir(), 'upload-flow-media-'));
  file = join(media, 'Northern Shield.mp4');
  // 3 full parts and a short fourth one.
  content = randomBytes(3 * PART_SIZE + 12_345);
  writeFileSync(file, content);
});

afterEach(async () => {
  await fake.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(media, { recursive: true, force: true });
});

describe('npm run upload', () => {
  it('creates the video, uploads every part with its exact length, completes and prints the video', async () => {
    const run = await upload();
    expect(run).toMatchObject({ code: 0 });
    const video = JSON.parse(run.stdout) as { id: string; title: string; renditions: { name: string; sizeBytes: number }[] };
    expect(video.title).toBe('Northern Shield.mp4');
    expect(video.renditions).toEqual([{ name: 'broadcast', contentType: 'video/mp4', sizeBytes: content.length }]);
    expectStoredFile(video.id);
    expect(fake.puts.map((put) => put.partNumber).sort()).toEqual([1, 2, 3, 4]);
    const lengths = Object.fromEntries(fake.puts.map((put) => [put.partNumber, put.contentLength]));
    expect(lengths).toEqual({ 1: String(PART_SIZE), 2: String(PART_SIZE), 3: String(PART_SIZE), 4: '12345' });
    expect(fake.puts.every((put) => put.transferEncoding === undefined)).toBe(true);
    expect(run.stderr).toMatch(/Done: uploaded 204\.1 KiB in [\d.]+ s .*; 4 parts; video vid_\w+, rendition broadcast\./);
    expect(savedStates()).toEqual([]);
  }, 20_000);

  it('retries a part after a 5xx and a dropped connection', async () => {
    fake.faults.set(2, ['http-500', 'drop']);
    const run = await upload();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Part 2: the storage answered HTTP 500 InternalError; retry 1 in 0\.\d s\./);
    expect(run.stderr).toMatch(/Part 2: .*; retry 2 in 1\.\d s\./);
    expect(fake.puts.filter((put) => put.partNumber === 2)).toHaveLength(3);
    expectStoredFile((JSON.parse(run.stdout) as { id: string }).id);
  }, 20_000);

  it('fails at once on a 4xx, keeps what was done, and the same command then resumes', async () => {
    fake.faults.set(3, ['http-400']);
    const failed = await upload(['--concurrency', '1']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Upload failed. Part 3 failed: the storage answered HTTP 400 EntityTooSmall.');
    expect(failed.stderr).toContain('run the same command again to resume');
    expect(fake.puts.map((put) => put.partNumber)).toEqual([1, 2, 3]);
    expect(Object.keys(savedStates()[0]!.parts)).toEqual(['1', '2']);

    const resumed = await upload(['--concurrency', '1']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('resuming: 2 of 4 parts already uploaded');
    expect(fake.puts.map((put) => put.partNumber)).toEqual([1, 2, 3, 3, 4]);
    expect(fake.videos.size).toBe(1);
    expectStoredFile((JSON.parse(resumed.stdout) as { id: string }).id);
  }, 20_000);

  it('resumes after the test hook stops it, sending only the missing parts to the same upload', async () => {
    const stopped = await upload([], { PRESSROOM_UPLOAD_FAIL_AFTER_PARTS: '1' });
    expect(stopped.code).toBe(75);
    const [state] = savedStates();
    expect(Object.keys(state!.parts)).toHaveLength(1);
    expect(state).toMatchObject({ file, size: content.length, rendition: 'broadcast', articleId: ARTICLE, contentType: 'video/mp4', partSize: PART_SIZE });
    const putsBefore = fake.puts.length;

    const resumed = await upload();
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('resuming: 1 of 4 parts already uploaded');
    const resent = fake.puts.slice(putsBefore).map((put) => put.partNumber).sort();
    expect(resent).toHaveLength(3);
    expect(resent).not.toContain(Number(Object.keys(state!.parts)[0]));
    expect(fake.videos.size).toBe(1);
    expectStoredFile(state!.videoId);
    expect(savedStates()).toEqual([]);
  }, 20_000);

  it('asks for fresh URLs once when the resumed upload’s URLs have expired', async () => {
    expect((await upload([], { PRESSROOM_UPLOAD_FAIL_AFTER_PARTS: '1' })).code).toBe(75);
    fake.expireNextUrls = true;
    const startsBefore = fake.starts;
    const resumed = await upload();
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('its URL was refused (the storage answered HTTP 403 AccessDenied: Request has expired); asking for fresh URLs.');
    // One start on resuming, one renewal shared by every part that met the 403.
    expect(fake.starts - startsBefore).toBe(2);
    expectStoredFile((JSON.parse(resumed.stdout) as { id: string }).id);
  }, 20_000);

  it('starts over when the server no longer has the saved upload', async () => {
    expect((await upload([], { PRESSROOM_UPLOAD_FAIL_AFTER_PARTS: '1' })).code).toBe(75);
    const [state] = savedStates();
    fake.abortUploads();
    const run = await upload();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('The earlier upload of this file is gone on the server; starting it over.');
    expect(run.stderr).not.toContain('resuming');
    expect(fake.videos.size).toBe(1);
    expectStoredFile(state!.videoId);
  }, 20_000);

  it('logs in again when the access token is refused', async () => {
    fake.onPut = () => fake.expireTokens();
    const run = await upload();
    expect(run.code).toBe(0);
    expect(fake.logins).toBe(2);
  }, 20_000);

  it('stops cleanly on Ctrl-C, keeps the state and says how to resume', async () => {
    // Part 1 goes through; part 2 hangs until the upload is interrupted.
    fake.faults.set(2, ['hang']);
    const { child, done } = launch([file, '--article', ARTICLE, '--rendition', 'broadcast', '--concurrency', '1']);
    await new Promise<void>((arrived) => (fake.onPut = (partNumber) => partNumber === 2 && arrived()));
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(2000);
    expect(run.stderr).toContain('Interrupted: 1 of 4 parts are uploaded. Run the same command again to resume:');
    expect(run.stderr).toContain(`npm run upload -- '${file}' --article ${ARTICLE} --rendition broadcast --concurrency 1`);
    expect(Object.keys(savedStates()[0]!.parts)).toEqual(['1']);
  }, 20_000);

  it('prints the API’s error message and exits 1', async () => {
    const run = await launch([file, '--article', 'art_aaaaaaaaaaaaaaaa', '--rendition', 'broadcast']).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Upload failed. Creating the video: The article was not found.');
    expect(run.stdout).toBe('');
  }, 20_000);

  it('leaves no state behind for a --video the API does not know', async () => {
    const run = await launch([file, '--video', 'vid_aaaaaaaaaaaaaaaa', '--rendition', 'broadcast']).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Upload failed. Starting the upload: The video was not found.');
    expect(run.stderr).not.toContain('run the same command again');
    expect(savedStates()).toEqual([]);
  }, 20_000);

  it('drops a saved video the API no longer knows, so the next run starts afresh', async () => {
    expect((await upload([], { PRESSROOM_UPLOAD_FAIL_AFTER_PARTS: '1' })).code).toBe(75);
    fake.videos.clear();
    const run = await upload();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The video vid_\w+ of the earlier run is gone; run the same command again to start over\./);
    expect(savedStates()).toEqual([]);
    expect((await upload()).code).toBe(0);
  }, 20_000);

  it('says when the password is wrong', async () => {
    const run = await upload([], { PRESSROOM_PASSWORD: 'wrong' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Logging in: The email or password is wrong.');
  }, 20_000);

  it('exits 2 with the usage on a usage error, a missing or empty file, or no settings', async () => {
    const noArgs = await launch([]).done;
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('Usage: npm run upload -- <file>');
    const missing = await launch([join(media, 'nope.mp4'), '--article', ARTICLE, '--rendition', 'broadcast']).done;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    // The API takes no rendition of 0 bytes, so an empty file is refused before anything is created.
    const emptyFile = join(media, 'empty.mp4');
    writeFileSync(emptyFile, '');
    const empty = await launch([emptyFile, '--article', ARTICLE, '--rendition', 'broadcast']).done;
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty.mp4 is empty.');
    expect(fake.videos.size).toBe(0);
    const unset = await upload([], { PRESSROOM_API: '', PRESSROOM_EMAIL: '', PRESSROOM_PASSWORD: '' });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('set PRESSROOM_API, PRESSROOM_EMAIL and PRESSROOM_PASSWORD');
  }, 20_000);
});
