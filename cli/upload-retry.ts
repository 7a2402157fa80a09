/** The retry policy for part uploads, apart from any I/O so it can be tested on its own. */

/** Why one PUT of a part did not succeed. */
export type PartFailure =
  /** The connection failed, reset or stalled: worth another try. */
  | { kind: 'network'; message: string }
  /** The storage answered with an error status. */
  | { kind: 'status'; status: number; message: string }
  /** The file no longer has the bytes it had when the upload started: trying again cannot help. */
  | { kind: 'file-changed'; message: string }
  /** We stopped it ourselves (Ctrl-C or another part's fatal error). */
  | { kind: 'aborted'; message: string };

/** Tries after the first one, per part. */
export const MAX_RETRIES = 3;
/** The first wait; each later one doubles it: 0.5 s, 1 s, 2 s. */
export const BASE_DELAY_MS = 500;

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  /** The URL was refused (expired presigned URLs answer 403): ask the API for fresh URLs, then try again. */
  | { action: 'refresh-urls' }
  | { action: 'fail' };

/** 5xx, request timeout and throttling are transient; any other 4xx is an answer that will not change. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * The wait before retry number `retry` (1-based): doubling from BASE_DELAY_MS, plus up to a quarter more at random
 * so parts that failed together do not all come back at the same instant.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = BASE_DELAY_MS * 2 ** (retry - 1);
  return Math.round(base + (base / 4) * random());
}

/**
 * What to do after a failed PUT. `retriesUsed` counts the backoff retries already made for this part;
 * `urlsRefreshed` says whether this part already got fresh URLs after a 403 (we ask once: a second 403 with a
 * fresh URL is not an expiry).
 */
export function decideRetry(
  failure: PartFailure,
  part: { retriesUsed: number; urlsRefreshed: boolean },
  random: () => number = Math.random,
): RetryDecision {
  if (failure.kind === 'aborted' || failure.kind === 'file-changed') return { action: 'fail' };
  if (failure.kind === 'status' && failure.status === 403) return part.urlsRefreshed ? { action: 'fail' } : { action: 'refresh-urls' };
  if (failure.kind === 'status' && !isTransientStatus(failure.status)) return { action: 'fail' };
  if (part.retriesUsed >= MAX_RETRIES) return { action: 'fail' };
  return { action: 'retry', delayMs: backoffMs(part.retriesUsed + 1, random) };
}
