/**
 * A rendition's upload from the browser, straight to the storage: the API starts a multipart upload and hands out
 * one presigned URL per part; each part is PUT and its ETag kept; the API then completes the upload.
 * Planning, the retry policy and the work pool are the command-line uploader's own (cli/), which have no node:
 * imports; what differs is the I/O (a File and XMLHttpRequest here, a path and node:http there) and where progress is kept.
 *
 * Resume: after each part, the upload id and the ETags so far go to localStorage under the file's name, size and
 * last-modified time. Starting the same upload again (same video, rendition, size and type) makes the API give back
 * the pending upload with fresh URLs, so choosing the same file again sends only the parts still missing.
 */
import { inParallel } from '../../../cli/in-parallel';
import type { PartRange, SavedParts } from '../../../cli/upload-plan';
import { bytesIn, missingParts, partRanges, partsStillValid } from '../../../cli/upload-plan';
import type { PartFailure } from '../../../cli/upload-retry';
import { decideRetry } from '../../../cli/upload-retry';
import type { RenditionType } from '../../../functions/common/rendition-types';
import { isRenditionType, RENDITION_EXTENSIONS, RENDITION_TYPES, renditionTypeOfFile } from '../../../functions/common/rendition-types';
import type { Schemas } from '../api/client';
import { api, problemOf } from '../api/client';

/** Parts in flight at once: enough to fill a connection, few enough that one slow part does not hold much back. */
const CONCURRENCY = 3;
const KEY_PREFIX = 'pressroom.upload:';

/** What a reload keeps of an upload. No URL: they expire, and starting again gives fresh ones. */
export interface SavedUpload extends SavedParts {
  videoId: string;
  rendition: string;
}

export interface UploadRequest {
  file: File;
  videoId: string;
  rendition: string;
  /** Bytes sent so far (parts sent earlier included), as they go. */
  onProgress: (sent: number, total: number) => void;
}

/** A failure that ends the upload; its message is for the editor. */
export class UploadFailure extends Error {}

const keyOf = (file: File): string => `${KEY_PREFIX}${JSON.stringify([file.name, file.size, file.lastModified])}`;

/** What an earlier try remembers of this file, if anything. */
export function savedUpload(file: File): SavedUpload | undefined {
  try {
    return (JSON.parse(localStorage.getItem(keyOf(file)) ?? 'null') as SavedUpload | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** What the file input offers: the extensions, since browsers know no type for some of these files (MXF). */
export const RENDITION_FILES = [...RENDITION_EXTENSIONS, ...RENDITION_TYPES].join(',');

/**
 * The file's media type, from its extension as the command-line uploader does: browsers give MXF files no type,
 * and some systems a wrong one (a `.ts` file as a Qt translation, `text/vnd.trolltech.linguist`). The browser's type
 * counts only for a file whose extension says nothing.
 */
export function videoTypeOf(file: File): RenditionType | undefined {
  return renditionTypeOfFile(file.name) ?? (isRenditionType(file.type) ? file.type : undefined);
}

export const notARendition = (file: File): string => `${file.name} is not a video file the portal takes (${RENDITION_EXTENSIONS.join(', ')}).`;

export async function uploadRendition({ file, videoId, rendition, onProgress }: UploadRequest): Promise<Schemas['Video']> {
  const contentType = videoTypeOf(file);
  if (!contentType) throw new UploadFailure(notARendition(file));
  const { data: started, error } = await api().POST('/videos/{id}/renditions', { params: { path: { id: videoId } }, body: { name: rendition, contentType, sizeBytes: file.size } });
  if (!started) throw new UploadFailure(problemOf(error).message);

  const ranges = partRanges(file.size, started.partSize);
  const urls = new Map(started.parts.map((part) => [part.partNumber, part.url]));
  const earlier = savedUpload(file);
  const state: SavedUpload = {
    videoId,
    rendition,
    uploadId: started.uploadId,
    partSize: started.partSize,
    // The parts of an earlier try count only if it was this very upload, which the API has kept pending.
    parts: earlier?.videoId === videoId && earlier.rendition === rendition ? partsStillValid(earlier, { ...started, partCount: ranges.length }) : {},
  };
  const save = () => localStorage.setItem(keyOf(file), JSON.stringify(state));
  save();

  const todo = missingParts(ranges, state.parts);
  let sent = file.size - bytesIn(todo);
  // Each part's bytes as the browser reports them going out (progress between parts too); a retry starts from 0.
  const sentOfPart = new Map<number, number>();
  onProgress(sent, file.size);
  // Nothing stops an upload from outside but leaving the page; the pool still stops the other parts when one fails.
  await inParallel(todo, CONCURRENCY, new AbortController().signal, async (range, stop) => {
    const sending = (bytes: number) => {
      sent += bytes - (sentOfPart.get(range.partNumber) ?? 0);
      sentOfPart.set(range.partNumber, bytes);
      onProgress(sent, file.size);
    };
    state.parts[String(range.partNumber)] = await putPart(file, range, urls.get(range.partNumber)!, stop, sending);
    sending(range.end - range.start);
    save();
  });

  const parts = ranges.map(({ partNumber }) => ({ partNumber, etag: state.parts[String(partNumber)]! }));
  const { data: video, error: refusal } = await api().POST('/videos/{id}/renditions/{name}/complete', {
    params: { path: { id: videoId, name: rendition } },
    body: { uploadId: started.uploadId, parts },
  });
  if (!video) throw new UploadFailure(problemOf(refusal).message);
  localStorage.removeItem(keyOf(file));
  return video;
}

/**
 * One PUT of a part. XMLHttpRequest rather than fetch: only it reports an upload's progress (fetch has no upload
 * progress events in any browser), and a part is megabytes.
 */
function put(url: string, body: Blob, signal: AbortSignal, sending: (bytes: number) => void): Promise<{ status: number; etag: string | null }> {
  return new Promise((answered, failed) => {
    // Another part may have failed while this one waited to retry.
    if (signal.aborted) return failed(new Error('stopped'));
    const request = new XMLHttpRequest();
    const stop = () => request.abort();
    request.open('PUT', url);
    request.upload.onprogress = (event) => sending(event.loaded);
    request.onload = () => answered({ status: request.status, etag: request.getResponseHeader('etag') });
    request.onerror = () => failed(new Error('the connection failed'));
    request.onabort = () => failed(new Error('stopped'));
    request.onloadend = () => signal.removeEventListener('abort', stop);
    signal.addEventListener('abort', stop, { once: true });
    request.send(body);
  });
}

/**
 * PUTs one part until the storage takes it or the retry policy gives up, and resolves with its ETag. The URLs are
 * not renewed here (they last hours): a refused one ends the run, and choosing the file again resumes with fresh ones.
 */
async function putPart(file: File, range: PartRange, url: string, signal: AbortSignal, sending: (bytes: number) => void): Promise<string> {
  const tries = { retriesUsed: 0, urlsRefreshed: true };
  for (;;) {
    let failure: PartFailure;
    try {
      sending(0);
      const response = await put(url, file.slice(range.start, range.end), signal, sending);
      const ok = response.status >= 200 && response.status < 300;
      if (ok && response.etag) return response.etag;
      // An answer without a readable ETag means the bucket's CORS rule does not expose it.
      failure = { kind: 'status', status: response.status, message: ok ? 'the storage sent no readable ETag' : `the storage answered HTTP ${response.status}` };
    } catch (error) {
      failure = signal.aborted ? { kind: 'aborted', message: 'stopped' } : { kind: 'network', message: (error as Error).message };
    }
    const decision = decideRetry(failure, tries);
    if (decision.action !== 'retry') throw new UploadFailure(`Part ${range.partNumber} failed: ${failure.message}.`);
    tries.retriesUsed += 1;
    await new Promise((wait) => setTimeout(wait, decision.delayMs));
  }
}
