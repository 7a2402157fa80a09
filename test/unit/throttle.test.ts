import { codeSendingPacing, pace, secondsToNextWindow, windowIndex } from '../../functions/accounts/limits/rules';
import type { PacingState } from '../../functions/accounts/limits/rules';

const now = 1_700_000_000;
const pacing = codeSendingPacing(1800);

/** Sends at each of the given offsets (seconds from now) that pacing allows; returns the offsets that were allowed. */
function sendAt(offsets: number[]): number[] {
  let state: PacingState | undefined;
  const allowed: number[] = [];
  for (const offset of offsets) {
    const decision = pace(state, now + offset, pacing);
    if (decision.allowed) {
      state = decision.state;
      allowed.push(offset);
    }
  }
  return allowed;
}

describe('pacing codes to one address: one a minute, five at once, then one per code lifetime', () => {
  it('allows the first code', () => {
    expect(pace(undefined, now, pacing)).toEqual({ allowed: true, state: { last: now, tat: now + 1800 } });
  });

  it('refuses a second code within a minute, saying how long to wait', () => {
    const first = pace(undefined, now, pacing);
    if (!first.allowed) throw new Error('first refused');
    expect(pace(first.state, now + 45, pacing)).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(pace(first.state, now + 60, pacing).allowed).toBe(true);
  });

  it('allows a burst of five a minute apart, then one per code lifetime', () => {
    const everyMinute = Array.from({ length: 120 }, (_, minute) => minute * 60);
    expect(sendAt(everyMinute)).toEqual([0, 60, 120, 180, 240, 1800, 3600, 5400]);
  });

  it('always leaves the owner a live code or a free slot, whoever asks for codes', () => {
    // An attacker asks for a code every second for a day; at every moment the newest code is live or a code may be asked for.
    let state: PacingState | undefined;
    let lastSent = -Infinity;
    const stranded: number[] = [];
    for (let offset = 0; offset < 86_400; offset += 1) {
      const decision = pace(state, now + offset, pacing);
      if (decision.allowed) {
        state = decision.state;
        lastSent = offset;
      }
      const codeIsLive = offset < lastSent + 1800;
      if (!codeIsLive && !pace(state, now + offset, pacing).allowed) stranded.push(offset);
    }
    expect(stranded).toEqual([]);
  });

  it('caps what one address can be sent in a day', () => {
    const everySecond = Array.from({ length: 86_400 }, (_, second) => second);
    // The burst, then one at every half hour from 00:30 to 23:30.
    expect(sendAt(everySecond)).toHaveLength(5 + 47);
  });
});

describe('fixed windows', () => {
  it('name the window an instant falls in and the seconds until the next', () => {
    const hour = { limit: 20, windowSeconds: 3600 };
    expect(windowIndex(7199, hour)).toBe(1);
    expect(windowIndex(7200, hour)).toBe(2);
    expect(secondsToNextWindow(7199, hour)).toBe(1);
    expect(secondsToNextWindow(7200, hour)).toBe(3600);
  });
});
