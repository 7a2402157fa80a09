/**
 * How a file is cut into parts for S3 multipart upload. S3 wants parts of at least 5 MiB (but the last) and at
 * most 10,000 of them. We aim at no more than 1,000 parts, so the start answer (one presigned URL a part) stays
 * well under Lambda's 6 MB response limit: 5 MiB parts up to 5 GB, larger ones beyond (500 MiB for 500 GB).
 */
const MiB = 1024 * 1024;
export const MIN_PART_BYTES = 5 * MiB;
const TARGET_MAX_PARTS = 1_000;
export const S3_MAX_PARTS = 10_000;
/** S3's largest part: past 5 TB / 1,000 parts the count grows instead (a 5 TiB file takes 1,024 parts). */
export const MAX_PART_BYTES = 5 * 1024 * MiB;

export function partSizeFor(sizeBytes: number): number {
  const even = Math.ceil(sizeBytes / TARGET_MAX_PARTS / MiB) * MiB;
  return Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, even));
}

export const partCount = (sizeBytes: number, partSize: number): number => Math.max(1, Math.ceil(sizeBytes / partSize));
