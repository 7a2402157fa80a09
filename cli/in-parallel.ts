/** A small work pool with no I/O of its own: the uploader and the portal's browser upload both send parts with it. */

/** Runs `work` on every item, at most `concurrency` at a time; the first failure stops the rest (their requests are aborted). */
export async function inParallel<T>(items: readonly T[], concurrency: number, signal: AbortSignal, work: (item: T, signal: AbortSignal) => Promise<void>): Promise<void> {
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
