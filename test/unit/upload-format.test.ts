import { etaSeconds, humanBytes, humanDuration, humanRate, percent, progressLine, RateWindow, shellQuote } from '../../cli/upload-format';
import { ProgressReporter } from '../../cli/upload-progress';

const MiB = 1024 * 1024;

describe('humanBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [MiB - 1, '1.0 MiB'],
    [12 * MiB + 5, '12.0 MiB'],
    [1.5 * 1024 ** 3, '1.5 GiB'],
    [5 * 1024 ** 4, '5.0 TiB'],
    [3 * 1024 ** 5, '3072.0 TiB'],
  ])('%d bytes is %s', (bytes, text) => expect(humanBytes(bytes)).toBe(text));

  it('gives a rate per second, or -- when there is none yet', () => {
    expect(humanRate(8.5 * MiB)).toBe('8.5 MiB/s');
    expect(humanRate(undefined)).toBe('--');
  });
});

describe('humanDuration and etaSeconds', () => {
  it.each([
    [0, '0s'],
    [45.4, '45s'],
    [185, '3m05s'],
    [3600, '1h00m'],
    [7380, '2h03m'],
  ])('%d s is %s', (seconds, text) => expect(humanDuration(seconds)).toBe(text));

  it('estimates the time left from the rate, and says nothing without one', () => {
    expect(etaSeconds(100 * MiB, 10 * MiB)).toBe(10);
    expect(etaSeconds(1, 10 * MiB)).toBe(1);
    expect(etaSeconds(0, undefined)).toBe(0);
    expect(etaSeconds(10, undefined)).toBeUndefined();
    expect(etaSeconds(10, 0)).toBeUndefined();
  });

  it('rounds percentages down, so 100% is only said when done', () => {
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1000, 1000)).toBe(100);
  });
});

describe('RateWindow', () => {
  it('has no rate until the samples span half a second', () => {
    const window = new RateWindow();
    window.add(0, 0);
    window.add(100, MiB);
    expect(window.rate()).toBeUndefined();
    window.add(1000, 2 * MiB);
    expect(window.rate()).toBe(2 * MiB);
  });

  it('follows the last few seconds, not the average since the start', () => {
    const window = new RateWindow(5000);
    // 10 s at 10 MiB/s, then 10 s at 1 MiB/s.
    for (let second = 0; second <= 10; second += 1) window.add(second * 1000, second * 10 * MiB);
    for (let second = 11; second <= 20; second += 1) window.add(second * 1000, 100 * MiB + (second - 10) * MiB);
    expect(window.rate()).toBe(MiB);
  });
});

describe('progressLine', () => {
  it('shows bytes sent of the total, percent, rate and time left', () => {
    expect(progressLine({ sent: 12 * MiB, total: 50 * MiB, rate: 2 * MiB })).toBe('12.0 MiB / 50.0 MiB  24%  2.0 MiB/s  19s left');
    expect(progressLine({ sent: 0, total: 50 * MiB, rate: undefined })).toBe('0 B / 50.0 MiB  0%  --  time left unknown');
  });
});

describe('ProgressReporter', () => {
  function reporter(isTTY: boolean) {
    const written: string[] = [];
    let now = 0;
    const progress = new ProgressReporter({ isTTY, write: (text: string) => written.push(text) }, 10 * MiB, 2 * MiB, () => now);
    return { progress, written, advance: (ms: number) => (now += ms) };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('redraws one line in place on a terminal, and keeps messages and the summary off it', () => {
    const { progress, written, advance } = reporter(true);
    progress.start();
    progress.add(MiB);
    advance(1000);
    jest.advanceTimersByTime(1000);
    expect(written.at(-1)).toBe('\r\x1b[K3.0 MiB / 10.0 MiB  30%  1.0 MiB/s  7s left');
    progress.log('Part 2: retry 1 in 0.5 s.');
    expect(written.slice(-3)).toEqual(['\r\x1b[K', 'Part 2: retry 1 in 0.5 s.\n', '3.0 MiB / 10.0 MiB  30%  1.0 MiB/s  7s left']);
    progress.add(7 * MiB);
    progress.close();
    expect(written.at(-1)).toBe('\r\x1b[K10.0 MiB / 10.0 MiB  100%  1.0 MiB/s  0s left\n');
    expect(progress.summary()).toBe('uploaded 8.0 MiB in 1.0 s (8.0 MiB/s)');
    jest.advanceTimersByTime(10_000);
    expect(written.at(-1)).toBe('\r\x1b[K10.0 MiB / 10.0 MiB  100%  1.0 MiB/s  0s left\n');
  });

  it('writes a plain line every two seconds in a log', () => {
    const { progress, written, advance } = reporter(false);
    progress.start();
    expect(written).toEqual([]);
    progress.add(4 * MiB);
    advance(2000);
    jest.advanceTimersByTime(2000);
    expect(written).toEqual(['6.0 MiB / 10.0 MiB  60%  2.0 MiB/s  2s left\n']);
    progress.close();
    jest.advanceTimersByTime(10_000);
    expect(written).toHaveLength(1);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the rest so a shell reads them back', () => {
    expect(shellQuote('/media/clip-1.mp4')).toBe('/media/clip-1.mp4');
    expect(shellQuote('--rendition=broadcast')).toBe('--rendition=broadcast');
    expect(shellQuote('Northern Shield.mp4')).toBe(`'Northern Shield.mp4'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe(`''`);
  });
});
