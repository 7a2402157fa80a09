/**
 * The progress line on stderr. On a terminal it is redrawn in place a few times a second; in a log (CI, a pipe)
 * it is a new line every few seconds instead, so the log stays readable.
 */
import { humanBytes, humanDuration, humanRate, progressLine, RateWindow } from './upload-format';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const TTY_INTERVAL_MS = 250;
const LOG_INTERVAL_MS = 2_000;
/** Erase from the cursor to the end of the line, so a shorter line leaves nothing of the longer one before it. */
const CLEAR_LINE = '\r\x1b[K';

export class ProgressReporter {
  private sent: number;
  private readonly startedWith: number;
  private readonly startedAt: number;
  private readonly rates = new RateWindow();
  private timer: NodeJS.Timeout | undefined;
  private lineShown = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly total: number,
    /** Bytes of parts uploaded by an earlier run: they count as done but not towards this run's rate. */
    alreadySent: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sent = alreadySent;
    this.startedWith = alreadySent;
    this.startedAt = now();
    this.rates.add(this.startedAt, alreadySent);
  }

  get tty(): boolean {
    return this.output.isTTY === true;
  }

  start(): void {
    this.timer = setInterval(() => this.draw(), this.tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS);
    this.timer.unref();
    if (this.tty) this.draw();
  }

  /** Bytes handed to the network; negative when a failed attempt's bytes are taken back before its retry. */
  add(bytes: number): void {
    this.sent += bytes;
  }

  /** A message between progress lines, without breaking the line being redrawn. */
  log(message: string): void {
    if (this.tty && this.lineShown) this.output.write(CLEAR_LINE);
    this.output.write(`${message}\n`);
    if (this.tty && this.lineShown) this.output.write(this.line());
  }

  /** Stops redrawing. On a terminal the line is drawn once more, so what stays on screen is where it ended. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty && this.lineShown) this.output.write(`${CLEAR_LINE}${this.line()}\n`);
    this.lineShown = false;
  }

  /** "uploaded 48.0 MiB in 5.1 s (9.4 MiB/s)": this run's own bytes and time, not the earlier runs'. */
  summary(): string {
    const seconds = (this.now() - this.startedAt) / 1000;
    const bytes = this.sent - this.startedWith;
    const took = seconds < 60 ? `${seconds.toFixed(1)} s` : humanDuration(seconds);
    return `uploaded ${humanBytes(bytes)} in ${took} (${humanRate(seconds > 0 ? bytes / seconds : undefined)})`;
  }

  private line(): string {
    return progressLine({ sent: this.sent, total: this.total, rate: this.rates.rate() });
  }

  private draw(): void {
    this.rates.add(this.now(), this.sent);
    if (this.tty) {
      this.output.write(`${CLEAR_LINE}${this.line()}`);
      this.lineShown = true;
    } else {
      this.output.write(`${this.line()}\n`);
    }
  }
}
