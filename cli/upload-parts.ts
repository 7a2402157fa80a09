/**
 * Sending the parts that are missing: a few at a time over kept-alive connections, each part retried or its URL
 * renewed as the retry policy says, with the progress line kept up to date.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { inParallel } from './in-parallel';
import { putPart, PartUploadError } from './part-upload';
import type { PartUrls } from './part-urls';
import { UploadError } from './upload-errors';
import type { PartRange } from './upload-plan';
import { bytesIn } from './upload-plan';
import { ProgressReporter, type ProgressOutput } from './upload-progress';
import { decideRetry } from './upload-retry';

export interface PartsTransfer {
  file: { path: string; size: number };
  /** The parts to send; the rest of the file counts as sent already. */
  todo: readonly PartRange[];
  urls: PartUrls;
  concurrency: number;
  signal: AbortSignal;
  /** Where the progress line and the retry messages go. */
  output: ProgressOutput;
  /** Told of each part the storage took, with its ETag, before that worker starts another part. */
  onPartSent: (partNumber: number, etag: string) => void;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/** The tries one part has made so far, as the retry policy counts them. */
interface PartTries {
  retriesUsed: number;
  urlsRefreshed: boolean;
}

/** Sends every part of `todo` and resolves with a summary of what this run uploaded ("uploaded 48.0 MiB in ..."). */
export async function sendParts(transfer: PartsTransfer): Promise<string> {
  const { file, todo, concurrency } = transfer;
  const progress = new ProgressReporter(transfer.output, file.size, file.size - bytesIn(todo));
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: concurrency }), https: new HttpsAgent({ keepAlive: true, maxSockets: concurrency }) };
  const sender = new PartSender(file.path, transfer.urls, agents, progress);
  progress.start();
  try {
    await inParallel(todo, concurrency, transfer.signal, async (range, signal) => {
      transfer.onPartSent(range.partNumber, await sender.send(range, signal));
    });
  } finally {
    progress.close();
    agents.http.destroy();
    agents.https.destroy();
  }
  // Measured now: S3 takes a while to assemble a large file, which is not upload time.
  return progress.summary();
}

/** PUTs parts of one file, each until the storage takes it or the retry policy gives up. */
class PartSender {
  constructor(
    private readonly file: string,
    private readonly urls: PartUrls,
    private readonly agents: Agents,
    private readonly progress: ProgressReporter,
  ) {}

  /** Resolves with the ETag the storage gave the part. */
  async send(range: PartRange, signal: AbortSignal): Promise<string> {
    const tries: PartTries = { retriesUsed: 0, urlsRefreshed: false };
    for (;;) {
      const { url, generation } = this.urls.get(range.partNumber);
      try {
        return await this.put(range, url, signal);
      } catch (error) {
        if (!(error instanceof PartUploadError)) throw error;
        await this.prepareRetry(error, range.partNumber, generation, tries, signal);
      }
    }
  }

  private async put(range: PartRange, url: string, signal: AbortSignal): Promise<string> {
    let sent = 0;
    try {
      return await putPart({
        url,
        file: this.file,
        start: range.start,
        end: range.end,
        signal,
        agents: this.agents,
        onBytes: (bytes) => {
          sent += bytes;
          this.progress.add(bytes);
        },
      });
    } catch (error) {
      // The bytes of a failed attempt are sent again, so they leave the count until then.
      this.progress.add(-sent);
      throw error;
    }
  }

  /** Waits or renews the URLs before the next try of the part, as the policy says; throws when it says to give up. */
  private async prepareRetry(error: PartUploadError, partNumber: number, generation: number, tries: PartTries, signal: AbortSignal): Promise<void> {
    const { failure } = error;
    const decision = decideRetry(failure, tries);
    if (decision.action === 'fail') {
      if (failure.kind === 'aborted') throw error;
      throw new UploadError(`Part ${partNumber} failed: ${failure.message}.`);
    }
    if (decision.action === 'refresh-urls') {
      this.progress.log(`Part ${partNumber}: its URL was refused (${failure.message}); asking for fresh URLs.`);
      await this.urls.renew(generation);
      tries.urlsRefreshed = true;
    } else {
      tries.retriesUsed += 1;
      this.progress.log(`Part ${partNumber}: ${failure.message}; retry ${tries.retriesUsed} in ${(decision.delayMs / 1000).toFixed(1)} s.`);
      await sleep(decision.delayMs, undefined, { signal });
    }
  }
}
