/**
 * Pure planning for a multipart upload: which bytes go in which part, which parts an earlier try already sent, and
 * what media type the API is told. No node: imports, so the portal's browser upload plans with it too.
 */
import { partCount, S3_MAX_PARTS } from '../functions/editorial/multipart';

/** One part of the file: bytes [start, end), end exclusive. */
export interface PartRange {
  partNumber: number;
  start: number;
  end: number;
}

/**
 * The parts of a file of `size` bytes cut every `partSize` bytes: part n holds bytes [(n-1)·partSize,
 * min(n·partSize, size)), so the parts cover the file exactly and only the last one may be shorter.
 */
export function partRanges(size: number, partSize: number): PartRange[] {
  // An empty file has nothing to cut, and the API takes no rendition of 0 bytes either.
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`The size must be a positive integer, got ${size}.`);
  if (!Number.isSafeInteger(partSize) || partSize < 1) throw new RangeError(`The part size must be a positive integer, got ${partSize}.`);
  const count = partCount(size, partSize);
  if (count > S3_MAX_PARTS) throw new RangeError(`${count} parts of ${partSize} bytes is more than the ${S3_MAX_PARTS} S3 allows.`);
  return Array.from({ length: count }, (_, index) => ({
    partNumber: index + 1,
    start: index * partSize,
    end: Math.min((index + 1) * partSize, size),
  }));
}

/** What an earlier try remembers of an upload, in the uploader's state file or the browser's storage. */
export interface SavedParts {
  uploadId: string | null;
  partSize: number | null;
  /** ETag of every part already uploaded, by part number. */
  parts: Record<string, string>;
}

/**
 * The parts a saved state still counts for, once the API has (re)started the upload. The API hands back the same
 * uploadId for an upload still pending; any other uploadId or part size means the old upload is gone.
 */
export function partsStillValid(state: SavedParts | undefined, started: { uploadId: string; partSize: number; partCount: number }): Record<string, string> {
  if (!state || state.uploadId !== started.uploadId || state.partSize !== started.partSize) return {};
  return Object.fromEntries(
    Object.entries(state.parts).filter(([partNumber, etag]) => {
      const n = Number(partNumber);
      return Number.isInteger(n) && n >= 1 && n <= started.partCount && typeof etag === 'string' && etag !== '';
    }),
  );
}

/** The parts that have no ETag yet, in order. */
export function missingParts(ranges: readonly PartRange[], etags: Readonly<Record<string, string>>): PartRange[] {
  return ranges.filter((range) => !etags[String(range.partNumber)]);
}

export function bytesIn(ranges: readonly PartRange[]): number {
  return ranges.reduce((sum, range) => sum + range.end - range.start, 0);
}
