import type { PartFailure } from '../../cli/upload-retry';
import { backoffMs, decideRetry, isTransientStatus, MAX_RETRIES } from '../../cli/upload-retry';

const noJitter = () => 0;
const fresh = { retriesUsed: 0, urlsRefreshed: false };
const status = (code: number): PartFailure => ({ kind: 'status', status: code, message: `HTTP ${code}` });
const network: PartFailure = { kind: 'network', message: 'socket hang up' };

describe('backoffMs', () => {
  it('doubles from half a second', () => {
    expect([1, 2, 3].map((retry) => backoffMs(retry, noJitter))).toEqual([500, 1000, 2000]);
  });

  it('adds at most a quarter at random', () => {
    expect(backoffMs(1, () => 0.999)).toBeLessThanOrEqual(625);
    expect(backoffMs(3, () => 0.5)).toBe(2250);
  });
});

describe('decideRetry', () => {
  it('retries network errors, 5xx, 408 and 429 three times with growing waits, then gives up', () => {
    for (const failure of [network, status(500), status(503), status(408), status(429)]) {
      const delays: number[] = [];
      let retriesUsed = 0;
      for (;;) {
        const decision = decideRetry(failure, { retriesUsed, urlsRefreshed: false }, noJitter);
        if (decision.action !== 'retry') {
          expect(decision).toEqual({ action: 'fail' });
          break;
        }
        delays.push(decision.delayMs);
        retriesUsed += 1;
      }
      expect(delays).toEqual([500, 1000, 2000]);
      expect(retriesUsed).toBe(MAX_RETRIES);
    }
  });

  it('fails at once on any other 4xx', () => {
    for (const code of [400, 404, 405, 411, 413]) expect(decideRetry(status(code), fresh)).toEqual({ action: 'fail' });
  });

  it('asks for fresh URLs on a 403 once per part, then fails', () => {
    expect(decideRetry(status(403), fresh)).toEqual({ action: 'refresh-urls' });
    expect(decideRetry(status(403), { retriesUsed: 2, urlsRefreshed: false })).toEqual({ action: 'refresh-urls' });
    expect(decideRetry(status(403), { retriesUsed: 0, urlsRefreshed: true })).toEqual({ action: 'fail' });
  });

  it('keeps counting retries after a URL refresh', () => {
    expect(decideRetry(status(500), { retriesUsed: 1, urlsRefreshed: true }, noJitter)).toEqual({ action: 'retry', delayMs: 1000 });
  });

  it('never retries a stop or a file that changed', () => {
    expect(decideRetry({ kind: 'aborted', message: 'stopped' }, fresh)).toEqual({ action: 'fail' });
    expect(decideRetry({ kind: 'file-changed', message: 'shorter' }, fresh)).toEqual({ action: 'fail' });
  });

  it('tells transient statuses apart', () => {
    expect([200, 400, 403, 404, 408, 429, 500, 502, 503].filter(isTransientStatus)).toEqual([408, 429, 500, 502, 503]);
  });
});
