/**
 * No timing gap between addresses with and without an account on the routes that must not reveal which is which.
 * The two kinds of address are interleaved and the medians compared: the stack answers them after the same floor.
 */
import { forgetCodeThrottle, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call } from './client';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(path: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await call('POST', path, { body });
  expect(response.status).toBeLessThan(300);
  return performance.now() - started;
}

describe('response timing of known and unknown addresses', () => {
  const known = Array.from({ length: 6 }, () => uniqueEmail('timing'));

  beforeAll(async () => {
    for (const email of known) {
      await signUpAndConfirm(email);
      await forgetCodeThrottle(email);
    }
  }, 30_000);

  it.each([
    ['forgot-password', '/auth/forgot-password', (email: string) => ({ email })],
    ['resend-code (reset)', '/auth/resend-code', (email: string) => ({ email, purpose: 'reset' })],
    ['signup', '/auth/signup', (email: string) => ({ email, password: 'Timing-Test-Pass-2024!' })],
  ])('%s takes as long for either', async (_, path, body) => {
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (const email of known) {
      await forgetCodeThrottle(email);
      knownTimes.push(await timed(path, body(email)));
      unknownTimes.push(await timed(path, body(uniqueEmail('absent'))));
    }
    // Every answer waits for the floor (250 ms on the local stack), so the paths' own costs do not show.
    expect(Math.min(...knownTimes, ...unknownTimes)).toBeGreaterThanOrEqual(245);
    expect(Math.abs(median(knownTimes) - median(unknownTimes))).toBeLessThan(40);
  }, 30_000);
});
