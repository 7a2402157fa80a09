import { CODE_SENDING, decide, FAILED_LOGINS } from '../../functions/accounts/throttle';

const now = 1_700_000_000;

describe('the code-sending throttle: 1 a minute, 5 an hour', () => {
  it('allows the first code and records it', () => {
    expect(decide([], now, CODE_SENDING)).toEqual({ allowed: true, history: [now] });
  });

  it('refuses a second code within a minute, saying how long to wait', () => {
    expect(decide([now - 45], now, CODE_SENDING)).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(decide([now - 60], now, CODE_SENDING).allowed).toBe(true);
  });

  it('refuses a sixth code within the hour until the oldest is an hour old', () => {
    const five = [now - 3000, now - 2000, now - 1000, now - 500, now - 100];
    expect(decide(five, now, CODE_SENDING)).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect(decide(five, now + 600, CODE_SENDING).allowed).toBe(true);
  });

  it('forgets events older than the window', () => {
    const decision = decide([now - 7200, now - 4000, now - 120], now, CODE_SENDING);
    expect(decision).toEqual({ allowed: true, history: [now - 120, now] });
  });
});

describe('the failed sign-in throttle', () => {
  it('blocks after 10 failures in 15 minutes', () => {
    const failures = Array.from({ length: 10 }, (_, index) => now - 60 * index);
    expect(decide(failures.slice(0, 9), now, FAILED_LOGINS).allowed).toBe(true);
    expect(decide(failures, now, FAILED_LOGINS)).toEqual({ allowed: false, retryAfterSeconds: 900 - 540 });
  });
});
