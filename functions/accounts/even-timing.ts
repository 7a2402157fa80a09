import { integerEnv } from '../common/config';

/**
 * Routes that must not reveal whether an address has an account (signup, resend-code, forgot-password, a failed
 * sign-in) do different work for known and unknown addresses. Every answer waits until the same floor has passed, so the
 * difference cannot be measured. The floor must stay above the slowest path's latency: 800 ms by default.
 */
export const DEFAULT_RESPONSE_FLOOR_MS = 800;
const floorMs = integerEnv('RESPONSE_FLOOR_MS', DEFAULT_RESPONSE_FLOOR_MS, { min: 0, max: 10_000 });

export async function withEvenTiming<T>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    await untilFloor(started);
  }
}

/** Waits until the floor has passed since `started` (a `performance.now()`). */
export async function untilFloor(started: number): Promise<void> {
  const remaining = floorMs - (performance.now() - started);
  if (remaining > 0) await new Promise((done) => setTimeout(done, remaining));
}
