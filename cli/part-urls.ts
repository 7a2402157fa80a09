/** The presigned URLs the parts are PUT to: checked against the parts the file needs, and renewed when they expire. */
import type { RenditionUpload } from './pressroom-api';
import { UploadError } from './upload-errors';
import type { PartRange } from './upload-plan';

/** The presigned URL of every part, checked against the parts the file needs. */
export function urlsByPart(upload: RenditionUpload, ranges: readonly PartRange[]): Map<number, string> {
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
export class PartUrls {
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
