/**
 * What an upload remembers between runs, so an interrupted upload resumes instead of starting over: one small JSON
 * file per file and rendition under <home>/uploads/. It holds no secret (no token, no presigned URL).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SavedParts } from './upload-plan';

/** Its uploadId and partSize are null between creating the video and starting its upload. */
export interface UploadState extends SavedParts {
  /** Absolute path of the file. */
  file: string;
  size: number;
  mtimeMs: number;
  /** The article the video was created in, when this run created it. */
  articleId?: string;
  videoId: string;
  rendition: string;
  contentType: string;
}

/**
 * The state file's name: a hash of what identifies this upload of this file. A file that was changed (size or
 * mtime) gets a new name, so its stale parts are never mixed into a new upload.
 */
export function stateFileName(file: { path: string; size: number; mtimeMs: number }, rendition: string): string {
  const key = [file.path, file.size, file.mtimeMs, rendition].join('\0');
  return `${createHash('sha256').update(key).digest('hex')}.json`;
}

export function stateFilePath(home: string, file: { path: string; size: number; mtimeMs: number }, rendition: string): string {
  return join(home, 'uploads', stateFileName(file, rendition));
}

/**
 * The video a saved state lets us reuse: only when the command still means the same thing (same --video, or the
 * same --article the video was created in).
 */
export function reusableVideo(state: UploadState | undefined, wanted: { articleId?: string; videoId?: string }): string | undefined {
  if (!state) return undefined;
  if (wanted.videoId !== undefined) return wanted.videoId === state.videoId ? state.videoId : undefined;
  return state.articleId !== undefined && state.articleId === wanted.articleId ? state.videoId : undefined;
}

function isUploadState(value: unknown): value is UploadState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    typeof state.file === 'string' &&
    typeof state.size === 'number' &&
    typeof state.videoId === 'string' &&
    typeof state.rendition === 'string' &&
    typeof state.contentType === 'string' &&
    (state.uploadId === null || typeof state.uploadId === 'string') &&
    (state.partSize === null || typeof state.partSize === 'number') &&
    typeof state.parts === 'object' &&
    state.parts !== null
  );
}

/** The saved state, or undefined when there is none. A damaged file is treated as none: the upload starts over. */
export function readState(path: string): { state?: UploadState; damaged?: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isUploadState(parsed) ? { state: parsed } : { damaged: true };
  } catch {
    return { damaged: true };
  }
}

/** Writes a temporary file and renames it over the state file, so a crash mid-write never leaves half a file. */
export function writeStateAtomically(path: string, state: UploadState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, path);
}

export function deleteState(path: string): void {
  rmSync(path, { force: true });
}
