/**
 * One upload from start to end: the video to add the rendition to, the upload on the server, the missing parts,
 * the completion. What is done is saved as it is done, so running the same command again resumes.
 */
import { statSync } from 'node:fs';
import { PartUrls, urlsByPart } from './part-urls';
import type { PressroomApi, RenditionUpload, StartRendition, Video } from './pressroom-api';
import { ApiError } from './pressroom-api';
import type { UploadOptions } from './upload-args';
import { step, UploadError } from './upload-errors';
import { humanBytes } from './upload-format';
import { sendParts } from './upload-parts';
import type { PartRange } from './upload-plan';
import { bytesIn, missingParts, partRanges, partsStillValid } from './upload-plan';
import type { ProgressOutput } from './upload-progress';
import type { UploadState } from './upload-state';
import { deleteState, readState, reusableVideo, writeStateAtomically } from './upload-state';

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

/** The video the rendition goes to, with the state saved for it. */
interface ChosenVideo {
  state: UploadState;
  /** Saved by an earlier run of this command, rather than named or created by this one. */
  reused: boolean;
}

/** The upload the server has started or given back, with the state saved for it. */
interface StartedUpload {
  state: UploadState;
  uploadId: string;
  partSize: number;
  ranges: PartRange[];
  urls: PartUrls;
}

export async function runUpload(run: UploadRun): Promise<Video> {
  await step('Logging in', run.api.login());
  const upload = await startUpload(run, await chooseVideo(run));
  const todo = missingParts(upload.ranges, upload.state.parts);
  const alreadyDone = upload.ranges.length - todo.length;
  announce(run, upload, todo, alreadyDone);
  const uploaded = await sendParts({
    file: run.file,
    todo,
    urls: upload.urls,
    concurrency: run.options.concurrency,
    signal: run.signal,
    output: run.output,
    onPartSent: partSaver(run, upload.state),
  });
  const video = await completeUpload(run, upload);
  say(
    run,
    `Done: ${uploaded}; ${upload.ranges.length} parts${alreadyDone > 0 ? ` (${alreadyDone} from an earlier run)` : ''}; ` +
      `video ${video.id}, rendition ${run.options.rendition}.`,
  );
  return video;
}

function say(run: UploadRun, message: string): void {
  run.output.write(`${message}\n`);
}

/** The video: the one a previous run of this command created, the one named by --video, or a new one. */
async function chooseVideo(run: UploadRun): Promise<ChosenVideo> {
  const saved = readState(run.statePath);
  if (saved.damaged) say(run, `The saved state ${run.statePath} is damaged; starting over.`);
  if (saved.state && reusableVideo(saved.state, run.options)) return { state: saved.state, reused: true };
  return { state: await newVideoState(run), reused: false };
}

/** The state of an upload to the video named by --video, or to one created now. */
async function newVideoState(run: UploadRun): Promise<UploadState> {
  const { options, file } = run;
  const created = !options.videoId;
  const videoId = options.videoId || (await createVideo(run));
  const state: UploadState = {
    file: file.path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    ...(created && { articleId: options.articleId }),
    videoId,
    rendition: options.rendition,
    contentType: options.contentType,
    uploadId: null,
    partSize: null,
    parts: {},
  };
  // A new video is remembered at once, so a rerun after a failure before any part reuses it instead of
  // leaving an empty video behind.
  if (created) writeStateAtomically(run.statePath, state);
  return state;
}

async function createVideo(run: UploadRun): Promise<string> {
  const { articleId, title } = run.options;
  const video = await step('Creating the video', run.api.createVideo(articleId!, title));
  say(run, `Created video ${video.id} ("${video.title}") in article ${articleId}.`);
  return video.id;
}

/** The upload: new, or the pending one again (the API gives back the same uploadId with fresh URLs). */
async function startUpload(run: UploadRun, video: ChosenVideo): Promise<StartedUpload> {
  const { videoId } = video.state;
  const body = startBody(run);
  const started = await requestStart(run, video, body);
  const ranges = rangesFor(run.file.size, started.partSize);
  const urls = new PartUrls(urlsByPart(started, ranges), async () => {
    const again = await step('Renewing the part URLs', run.api.startRendition(videoId, body));
    if (again.uploadId !== started.uploadId || again.partSize !== started.partSize) {
      throw new UploadError('The upload was abandoned on the server while its parts were being sent. Run the same command again to start over.');
    }
    return urlsByPart(again, ranges);
  });
  const state = saveStartedUpload(run, video.state, started, ranges.length);
  return { state, uploadId: started.uploadId, partSize: started.partSize, ranges, urls };
}

function startBody({ options, file }: UploadRun): StartRendition {
  return {
    name: options.rendition,
    contentType: options.contentType,
    sizeBytes: file.size,
    ...(options.width !== undefined && { width: options.width, height: options.height }),
  };
}

async function requestStart(run: UploadRun, video: ChosenVideo, body: StartRendition): Promise<RenditionUpload> {
  try {
    return await step('Starting the upload', run.api.startRendition(video.state.videoId, body));
  } catch (error) {
    // A video saved by an earlier run that the API no longer knows would fail the same way on every rerun.
    if (error instanceof ApiError && error.status === 404 && video.reused) {
      deleteState(run.statePath);
      throw new UploadError(`${error.message} The video ${video.state.videoId} of the earlier run is gone; run the same command again to start over.`);
    }
    throw error;
  }
}

function rangesFor(size: number, partSize: number): PartRange[] {
  try {
    return partRanges(size, partSize);
  } catch (error) {
    throw new UploadError(`The API's part size does not fit the file: ${(error as Error).message}`);
  }
}

/** Saves the upload's id and part size, keeping the parts of an earlier run only when they belong to this upload. */
function saveStartedUpload(run: UploadRun, previous: UploadState, started: RenditionUpload, partCount: number): UploadState {
  const kept = partsStillValid(previous, { uploadId: started.uploadId, partSize: started.partSize, partCount });
  if (previous.uploadId !== null && previous.uploadId !== started.uploadId) say(run, 'The earlier upload of this file is gone on the server; starting it over.');
  const state = { ...previous, contentType: run.options.contentType, uploadId: started.uploadId, partSize: started.partSize, parts: kept };
  writeStateAtomically(run.statePath, state);
  return state;
}

function announce(run: UploadRun, upload: StartedUpload, todo: readonly PartRange[], alreadyDone: number): void {
  const { file, options } = run;
  if (alreadyDone > 0) say(run, `resuming: ${alreadyDone} of ${upload.ranges.length} parts already uploaded`);
  if (todo.length === 0) return;
  say(
    run,
    `Uploading ${humanBytes(bytesIn(todo))} of ${humanBytes(file.size)} to video ${upload.state.videoId}, rendition ${options.rendition}: ` +
      `${todo.length} parts of ${humanBytes(upload.partSize)}, ${Math.min(options.concurrency, todo.length)} at a time.`,
  );
}

/** Saves each part's ETag as the storage gives it, so an interrupted run resumes after that part. */
function partSaver(run: UploadRun, state: UploadState): (partNumber: number, etag: string) => void {
  let savedThisRun = 0;
  return (partNumber, etag) => {
    state.parts[String(partNumber)] = etag;
    writeStateAtomically(run.statePath, state);
    savedThisRun += 1;
    run.onPartSaved?.(savedThisRun);
  };
}

/** Completes the upload. A file changed since the start would give a broken video: refuse it rather than publish it. */
async function completeUpload(run: UploadRun, upload: StartedUpload): Promise<Video> {
  const { file, options, statePath } = run;
  const now = statSync(file.path);
  if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) {
    deleteState(statePath);
    throw new UploadError(`${file.path} changed during the upload; it was not completed. Upload the file again.`);
  }
  const parts = Object.entries(upload.state.parts)
    .map(([partNumber, etag]) => ({ partNumber: Number(partNumber), etag }))
    .sort((a, b) => a.partNumber - b.partNumber);
  say(run, `Completing: the storage assembles the ${upload.ranges.length} parts.`);
  const video = await step('Completing the upload', run.api.completeRendition(upload.state.videoId, options.rendition, { uploadId: upload.uploadId, parts }));
  deleteState(statePath);
  return video;
}
