/**
 * `npm run upload -- <file> --article <articleId> --rendition broadcast`: the editors' uploader. It talks only to
 * the Pressroom API: log in, create the video (unless --video), start the rendition's multipart upload, PUT the
 * parts to their presigned URLs a few at a time, then complete. What is done is saved after every part, so running
 * the same command again after a failure or Ctrl-C uploads only the missing parts.
 *
 * Exit codes: 0 done (the Video is printed on stdout as JSON), 1 failed, 2 usage or settings, 130 interrupted
 * (143 on SIGTERM), 75 only from the PRESSROOM_UPLOAD_FAIL_AFTER_PARTS test hook.
 */
import { statSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { partCount } from '../functions/editorial/multipart';
import { putPart, PartUploadError } from './part-upload';
import type { RenditionUpload, Video } from './pressroom-api';
import { ApiError, ConfigError, loadApiConfig, PressroomApi, pressroomHome } from './pressroom-api';
import type { UploadOptions } from './upload-args';
import { parseUploadArgs, USAGE, UsageError } from './upload-args';
import { humanBytes, shellQuote } from './upload-format';
import type { PartRange } from './upload-plan';
import { bytesIn, missingParts, partRanges } from './upload-plan';
import { ProgressReporter, type ProgressOutput } from './upload-progress';
import type { PartFailure } from './upload-retry';
import { decideRetry } from './upload-retry';
import type { UploadState } from './upload-state';
import { deleteState, partsStillValid, readState, reusableVideo, stateFilePath, writeStateAtomically } from './upload-state';

export interface LocalFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface UploadRun {
  options: UploadOptions;
  api: PressroomApi;
  file: LocalFile;
  statePath: string;
  signal: AbortSignal;
  /** Where messages and the progress line go (stderr). */
  output: ProgressOutput;
  /** Called after each part of this run is saved in the state file, with how many this run has saved. */
  onPartSaved?: (savedThisRun: number) => void;
}

/** A failure that ends the upload; its message is for the editor. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
}

/** Adds what we were doing to an API error's message, which alone may not say ("The resource was not found."). */
async function step<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `${what}: ${error.message}`);
    throw error;
  }
}

/** The presigned URL of every part, checked against the parts the file needs. */
function urlsByPart(upload: RenditionUpload, ranges: readonly PartRange[]): Map<number, string> {
  const urls = new Map(upload.parts.map((part) => [part.partNumber, part.url]));
  const missing = ranges.filter((range) => typeof urls.get(range.partNumber) !== 'string');
  if (missing.length > 0 || urls.size !== ranges.length) {
    throw new UploadError(
      `The API planned ${upload.parts.length} part URLs for ${ranges.length} parts of ${upload.partSize} bytes; the upload cannot go on.`,
    );
  }
  return urls;
}

/**
 * The part URLs of the current upload. When one is refused (they expire), the first part to notice asks the API
 * for fresh ones and the others wait for that answer instead of asking again.
 */
class PartUrls {
  private generation = 0;
  private renewing: Promise<void> | undefined;

  constructor(
    private urls: Map<number, string>,
    private readonly fetchFresh: () => Promise<Map<number, string>>,
  ) {}

  get(partNumber: number): { url: string; generation: number } {
    return { url: this.urls.get(partNumber)!, generation: this.generation };
  }

  /** Fresh URLs, unless they were already renewed since the refused URL was handed out. */
  async renew(refusedGeneration: number): Promise<void> {
    if (this.generation > refusedGeneration) return;
    this.renewing ??= this.fetchFresh()
      .then((urls) => {
        this.urls = urls;
        this.generation += 1;
      })
      .finally(() => {
        this.renewing = undefined;
      });
    await this.renewing;
  }
}

/** Runs `work` on every item, at most `concurrency` at a time; the first failure stops the rest (their requests are aborted). */
async function inParallel<T>(items: readonly T[], concurrency: number, signal: AbortSignal, work: (item: T, signal: AbortSignal) => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (signal.aborted) stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !stop.signal.aborted && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item, stop.signal);
      } catch (error) {
        failure ??= { error };
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  signal.throwIfAborted();
}

export async function runUpload(run: UploadRun): Promise<Video> {
  const { options, api, file, statePath, signal } = run;
  const say = (message: string) => run.output.write(`${message}\n`);

  await step('Logging in', api.login());

  // 1. The video: the one a previous run of this command created, the one named by --video, or a new one.
  const saved = readState(statePath);
  if (saved.damaged) say(`The saved state ${statePath} is damaged; starting over.`);
  let state: UploadState;
  const reused = reusableVideo(saved.state, options);
  if (saved.state && reused) {
    state = saved.state;
  } else {
    let videoId = options.videoId;
    const created = !videoId;
    if (!videoId) {
      const video = await step('Creating the video', api.createVideo(options.articleId!, options.title));
      videoId = video.id;
      say(`Created video ${video.id} ("${video.title}") in article ${options.articleId}.`);
    }
    state = {
      file: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      ...(!options.videoId && { articleId: options.articleId }),
      videoId,
      rendition: options.rendition,
      contentType: options.contentType,
      uploadId: null,
      partSize: null,
      parts: {},
    };
    // A new video is remembered at once, so a rerun after a failure before any part reuses it instead of
    // leaving an empty video behind.
    if (created) writeStateAtomically(statePath, state);
  }
  const videoId = state.videoId;

  // 2. The upload: new, or the pending one again (the API gives back the same uploadId with fresh URLs).
  const startBody = {
    name: options.rendition,
    contentType: options.contentType,
    sizeBytes: file.size,
    ...(options.width !== undefined && { width: options.width, height: options.height }),
  };
  let started: RenditionUpload;
  try {
    started = await step('Starting the upload', api.startRendition(videoId, startBody));
  } catch (error) {
    // A video saved by an earlier run that the API no longer knows would fail the same way on every rerun.
    if (error instanceof ApiError && error.status === 404 && reused) {
      deleteState(statePath);
      throw new UploadError(`${error.message} The video ${videoId} of the earlier run is gone; run the same command again to start over.`);
    }
    throw error;
  }
  let ranges: PartRange[];
  try {
    ranges = partRanges(file.size, started.partSize);
  } catch (error) {
    throw new UploadError(`The API's part size does not fit the file: ${(error as Error).message}`);
  }
  const partUrls = new PartUrls(urlsByPart(started, ranges), async () => {
    const again = await step('Renewing the part URLs', api.startRendition(videoId, startBody));
    if (again.uploadId !== started.uploadId || again.partSize !== started.partSize) {
      throw new UploadError('The upload was abandoned on the server while its parts were being sent. Run the same command again to start over.');
    }
    return urlsByPart(again, ranges);
  });

  const kept = partsStillValid(state, { uploadId: started.uploadId, partSize: started.partSize, partCount: ranges.length });
  if (state.uploadId !== null && state.uploadId !== started.uploadId) say('The earlier upload of this file is gone on the server; starting it over.');
  state = { ...state, contentType: options.contentType, uploadId: started.uploadId, partSize: started.partSize, parts: kept };
  writeStateAtomically(statePath, state);

  const todo = missingParts(ranges, kept);
  const alreadyDone = ranges.length - todo.length;
  if (alreadyDone > 0) say(`resuming: ${alreadyDone} of ${ranges.length} parts already uploaded`);
  if (todo.length > 0) {
    say(
      `Uploading ${humanBytes(bytesIn(todo))} of ${humanBytes(file.size)} to video ${videoId}, rendition ${options.rendition}: ` +
        `${todo.length} parts of ${humanBytes(started.partSize)}, ${Math.min(options.concurrency, todo.length)} at a time.`,
    );
  }

  // 3. The parts.
  const progress = new ProgressReporter(run.output, file.size, file.size - bytesIn(todo));
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: options.concurrency }), https: new HttpsAgent({ keepAlive: true, maxSockets: options.concurrency }) };
  let savedThisRun = 0;

  const uploadPart = async (range: PartRange, partSignal: AbortSignal) => {
    let retriesUsed = 0;
    let urlsRefreshed = false;
    for (;;) {
      const { url, generation } = partUrls.get(range.partNumber);
      let sent = 0;
      let etag: string;
      try {
        etag = await putPart({
          url,
          file: file.path,
          start: range.start,
          end: range.end,
          signal: partSignal,
          agents,
          onBytes: (bytes) => {
            sent += bytes;
            progress.add(bytes);
          },
        });
      } catch (error) {
        // The bytes of a failed attempt are sent again, so they leave the count until then.
        progress.add(-sent);
        if (!(error instanceof PartUploadError)) throw error;
        const failure: PartFailure = error.failure;
        const decision = decideRetry(failure, { retriesUsed, urlsRefreshed });
        if (decision.action === 'fail') {
          if (failure.kind === 'aborted') throw error;
          throw new UploadError(`Part ${range.partNumber} failed: ${failure.message}.`);
        }
        if (decision.action === 'refresh-urls') {
          progress.log(`Part ${range.partNumber}: its URL was refused (${failure.message}); asking for fresh URLs.`);
          await partUrls.renew(generation);
          urlsRefreshed = true;
        } else {
          retriesUsed += 1;
          progress.log(`Part ${range.partNumber}: ${failure.message}; retry ${retriesUsed} in ${(decision.delayMs / 1000).toFixed(1)} s.`);
          await sleep(decision.delayMs, undefined, { signal: partSignal });
        }
        continue;
      }
      state.parts[String(range.partNumber)] = etag;
      writeStateAtomically(statePath, state);
      savedThisRun += 1;
      run.onPartSaved?.(savedThisRun);
      return;
    }
  };

  progress.start();
  try {
    await inParallel(todo, options.concurrency, signal, uploadPart);
  } finally {
    progress.close();
    agents.http.destroy();
    agents.https.destroy();
  }
  // Measured now: S3 takes a while to assemble a large file, which is not upload time.
  const uploaded = progress.summary();

  // 4. Complete. A file changed since the start would give a broken video: refuse it rather than publish it.
  const now = statSync(file.path);
  if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) {
    deleteState(statePath);
    throw new UploadError(`${file.path} changed during the upload; it was not completed. Upload the file again.`);
  }
  const parts = Object.entries(state.parts)
    .map(([partNumber, etag]) => ({ partNumber: Number(partNumber), etag }))
    .sort((a, b) => a.partNumber - b.partNumber);
  say(`Completing: the storage assembles the ${ranges.length} parts.`);
  const video = await step('Completing the upload', api.completeRendition(videoId, options.rendition, { uploadId: started.uploadId, parts }));
  deleteState(statePath);
  say(
    `Done: ${uploaded}; ${ranges.length} parts${alreadyDone > 0 ? ` (${alreadyDone} from an earlier run)` : ''}; ` +
      `video ${video.id}, rendition ${options.rendition}.`,
  );
  return video;
}

/**
 * Exits once stdout is written out (it may be a pipe). Exiting rather than waiting for the event loop to drain:
 * fetch keeps idle connections open for a while after the last call.
 */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

function statFile(path: string): LocalFile {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  if (!stats.isFile()) throw new UsageError(`${path} is not a file.`);
  if (stats.size === 0) throw new UsageError(`${path} is empty.`);
  return { path, size: stats.size, mtimeMs: stats.mtimeMs };
}

async function main(argv: readonly string[]): Promise<number> {
  let options: UploadOptions;
  let file: LocalFile;
  let api: PressroomApi;
  let statePath: string;
  const controller = new AbortController();
  try {
    const command = parseUploadArgs(argv);
    if (command.kind === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = command.options;
    file = statFile(resolve(options.file));
    const home = pressroomHome(process.env, process.cwd());
    api = new PressroomApi(loadApiConfig(process.env, home), controller.signal);
    statePath = stateFilePath(home, file, options.rendition);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  // Ctrl-C (or SIGTERM) aborts the requests in flight; what is done stays saved. A second signal quits at once.
  // The exit code is the shell's for death by that signal: 128 + its number.
  let interrupted: number | undefined;
  const interrupt = (code: number) => {
    if (interrupted !== undefined) process.exit(interrupted);
    interrupted = code;
    controller.abort();
  };
  process.on('SIGINT', () => interrupt(130));
  process.on('SIGTERM', () => interrupt(143));

  // Test hook, for test/integration/upload-cli.test.ts only: PRESSROOM_UPLOAD_FAIL_AFTER_PARTS=N makes the process
  // exit with code 75 (EX_TEMPFAIL) right after the Nth part of this run is saved, as if it were killed mid-upload.
  const failAfterParts = Number(process.env.PRESSROOM_UPLOAD_FAIL_AFTER_PARTS) || undefined;

  try {
    const video = await runUpload({
      options,
      api,
      file,
      statePath,
      signal: controller.signal,
      output: process.stderr,
      ...(failAfterParts && {
        onPartSaved: (saved: number) => {
          if (saved < failAfterParts) return;
          process.stderr.write(`\nPRESSROOM_UPLOAD_FAIL_AFTER_PARTS: stopping after ${saved} parts.\n`);
          process.exit(75);
        },
      }),
    });
    console.log(JSON.stringify(video, null, 2));
    return 0;
  } catch (error) {
    if (interrupted !== undefined) {
      const state = readState(statePath).state;
      const done = state ? Object.keys(state.parts).length : 0;
      const total = state?.partSize ? partCount(file.size, state.partSize) : undefined;
      console.error(
        `\nInterrupted${total !== undefined ? `: ${done} of ${total} parts are uploaded` : ''}. ` +
          `Run the same command again to resume:\n  npm run upload -- ${argv.map(shellQuote).join(' ')}`,
      );
      return interrupted;
    }
    if (error instanceof ApiError || error instanceof UploadError) {
      console.error(`Upload failed. ${error.message}`);
    } else {
      console.error('Upload failed:', error);
    }
    const state = readState(statePath).state;
    if (state && Object.keys(state.parts).length > 0) {
      console.error(`${Object.keys(state.parts).length} parts are uploaded and saved: run the same command again to resume.`);
    } else if (state) {
      console.error(`Running the same command again continues with video ${state.videoId}.`);
    }
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exit, (error: unknown) => {
    console.error('Upload failed:', error);
    exit(1);
  });
}
