/** Pure formatting and measuring for the progress line: sizes, durations, rate and time left. */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units, the ones part sizes are given in: "512 B", "4.8 KiB", "12.0 MiB", "1.5 TiB". */
export function humanBytes(bytes: number): string {
  if (bytes < 1023.5) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let index = 0;
  // Move up a unit before toFixed(1) would round to "1024.0".
  while (index < UNITS.length - 1 && value >= 1023.95) {
    value /= 1024;
    index += 1;
  }
  return `${value.toFixed(1)} ${UNITS[index]}`;
}

export function humanRate(bytesPerSecond: number | undefined): string {
  return bytesPerSecond === undefined ? '--' : `${humanBytes(bytesPerSecond)}/s`;
}

/** A duration as "45s", "3m05s" or "2h03m" (seconds are noise once an upload takes hours). */
export function humanDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Seconds left at the current rate, or undefined while there is no rate to go by. */
export function etaSeconds(remainingBytes: number, bytesPerSecond: number | undefined): number | undefined {
  if (remainingBytes <= 0) return 0;
  if (bytesPerSecond === undefined || bytesPerSecond <= 0) return undefined;
  return Math.ceil(remainingBytes / bytesPerSecond);
}

/** Whole percent, rounded down, so 100% means done and not "almost". */
export function percent(done: number, total: number): number {
  return total <= 0 ? 100 : Math.floor((done / total) * 100);
}

/**
 * The rate over the last `windowMs`: the counter's samples older than that are dropped, so the figure follows
 * the connection as it is now rather than an average since the start.
 */
export class RateWindow {
  private readonly samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 5_000) {}

  /** Records the total bytes sent so far at time `at` (milliseconds, monotonic). */
  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    // Keep one sample at or before the window's start, so the window is full-width once there is history.
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
  }

  /** Bytes per second over the window; undefined until the samples span at least half a second. */
  rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 500) return undefined;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }
}

/** "12.0 MiB / 50.0 MiB  24%  8.3 MiB/s  1m05s left" */
export function progressLine(progress: { sent: number; total: number; rate: number | undefined }): string {
  const eta = etaSeconds(progress.total - progress.sent, progress.rate);
  return [
    `${humanBytes(progress.sent)} / ${humanBytes(progress.total)}`,
    `${percent(progress.sent, progress.total)}%`,
    humanRate(progress.rate),
    eta === undefined ? 'time left unknown' : `${humanDuration(eta)} left`,
  ].join('  ');
}

/** An argument as a POSIX shell reads it back, for the "run this again" hint. */
export function shellQuote(argument: string): string {
  if (/^[\w@%+=:,./-]+$/.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}
