/**
 * s3rver completes a multipart upload whatever ETags it is given; S3 refuses parts that are missing or whose ETag
 * does not match (InvalidPart), and parts out of order (InvalidPartOrder). The S3 front keeps the ETag of every
 * part it saw uploaded and checks the completion request against them, so the local stack refuses what S3 does.
 * s3rver also fails with a 500 on an upload it already completed, where S3 answers 404 NoSuchUpload.
 */
export type Refusal = { code: 'InvalidPart' | 'InvalidPartOrder' | 'NoSuchUpload'; message: string; status: number };

const unquote = (etag: string): string => etag.replace(/"/g, '').trim();

export class MultipartLedger {
  private readonly parts = new Map<string, Map<number, string>>();
  private readonly completed = new Set<string>();

  recordPart(uploadId: string, partNumber: number, etag: string): void {
    const upload = this.parts.get(uploadId) ?? new Map<number, string>();
    upload.set(partNumber, unquote(etag));
    this.parts.set(uploadId, upload);
  }

  /** Undefined when the completion is acceptable, or when this front never saw the upload (it cannot tell). */
  checkCompletion(uploadId: string, completionXml: string): Refusal | undefined {
    if (this.completed.has(uploadId)) return { code: 'NoSuchUpload', message: 'The specified upload does not exist.', status: 404 };
    const seen = this.parts.get(uploadId);
    if (!seen) return undefined;
    const listed = [...completionXml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, part]) => ({
      partNumber: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(part!)?.[1]),
      etag: unquote(/<ETag>([\s\S]*?)<\/ETag>/.exec(part!)?.[1]?.replace(/&quot;/g, '"') ?? ''),
    }));
    if (listed.some((part, index) => index > 0 && part.partNumber <= listed[index - 1]!.partNumber)) {
      return { code: 'InvalidPartOrder', message: 'The list of parts was not in ascending order.', status: 400 };
    }
    const wrong = listed.find((part) => seen.get(part.partNumber) !== part.etag);
    if (listed.length === 0 || wrong) {
      return { code: 'InvalidPart', message: 'One or more of the specified parts could not be found or its ETag did not match.', status: 400 };
    }
    return undefined;
  }

  /** The upload is assembled: its parts are gone, and a second completion is NoSuchUpload. */
  completeUpload(uploadId: string): void {
    this.parts.delete(uploadId);
    this.completed.add(uploadId);
  }
}
