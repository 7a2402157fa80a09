/**
 * Attack 3 of docs/SECURITY.md: telling unknown, pending (signed up, not confirmed) and confirmed addresses apart.
 * Every accounts route is called for addresses in each state, interleaved: the status, the body's shape and its
 * details must be the same, and the median times must not differ by more than 40 ms. A gap in the code shows in
 * every round of measurements; a busy machine's noise does not, so the timing passes if one of four rounds does.
 */
import { confirm, forgetCodeThrottle, logIn, PASSWORD, signUp, uniqueEmail } from './accounts-fixtures';
import { call } from './client';
import type { ApiResponse } from './client';

type State = 'unknown' | 'pending' | 'confirmed';
const STATES: State[] = ['unknown', 'pending', 'confirmed'];
const SAMPLES = 5;
const ROUNDS = 4;
const WRONG_PASSWORD = 'Not-The-Password-9!';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** What an answer shows a script, timing aside: status, error code, details, and the body's keys. */
function visible(response: ApiResponse): unknown {
  const body = response.body as { error?: { code: string; details?: unknown } } | undefined;
  if (body?.error) return { status: response.status, code: body.error.code, details: body.error.details };
  return { status: response.status, keys: Object.keys(body ?? {}).sort() };
}

/** Pending and confirmed addresses stay so through every route; unknown ones are new for each route. */
const addresses: Record<State, string[]> = { unknown: [], pending: [], confirmed: [] };

beforeAll(async () => {
  for (let index = 0; index < SAMPLES; index += 1) {
    const pending = uniqueEmail('enum-pending');
    await signUp(pending);
    addresses.pending.push(pending);
    const confirmed = uniqueEmail('enum-confirmed');
    await signUp(confirmed);
    expect((await confirm(confirmed)).status).toBe(200);
    addresses.confirmed.push(confirmed);
  }
}, 60_000);

/** `paced`: the route sends codes, so the address's pacing is reset before each call, as a minute's wait would. */
const routes: [string, (email: string) => Promise<ApiResponse>, { paced?: boolean }][] = [
  ['login, wrong password', (email) => logIn(email, WRONG_PASSWORD), {}],
  ['confirm, wrong code', (email) => call('POST', '/auth/confirm', { body: { email, code: '000000', password: PASSWORD } }), {}],
  ['reset-password, wrong code', (email) => call('POST', '/auth/reset-password', { body: { email, code: '000000', newPassword: PASSWORD } }), {}],
  ['forgot-password', (email) => call('POST', '/auth/forgot-password', { body: { email } }), { paced: true }],
  ['resend-code (signup)', (email) => call('POST', '/auth/resend-code', { body: { email } }), { paced: true }],
  ['resend-code (reset)', (email) => call('POST', '/auth/resend-code', { body: { email, purpose: 'reset' } }), { paced: true }],
  ['signup', (email) => call('POST', '/auth/signup', { body: { email, password: PASSWORD } }), { paced: true }],
];

describe('enumeration: every accounts route answers alike for unknown, pending and confirmed addresses (attack 3)', () => {
  it.each(routes)('%s', async (_, send, { paced }) => {
    addresses.unknown = Array.from({ length: SAMPLES }, () => uniqueEmail('enum-unknown'));
    const gaps: number[] = [];
    for (let round = 0; round < ROUNDS && !gaps.some((gap) => gap < 40); round += 1) {
      const seen: Record<State, unknown[]> = { unknown: [], pending: [], confirmed: [] };
      const times: Record<State, number[]> = { unknown: [], pending: [], confirmed: [] };
      for (let index = 0; index < SAMPLES; index += 1) {
        for (const state of STATES) {
          const email = addresses[state][index]!;
          if (paced) await forgetCodeThrottle(email);
          const started = performance.now();
          const response = await send(email);
          times[state].push(performance.now() - started);
          seen[state].push(visible(response));
        }
      }
      expect(seen.pending).toEqual(seen.unknown);
      expect(seen.confirmed).toEqual(seen.unknown);
      expect(new Set(seen.unknown.map((answer) => JSON.stringify(answer))).size).toBe(1);
      const medians = STATES.map((state) => median(times[state]));
      gaps.push(Math.max(...medians) - Math.min(...medians));
    }
    expect(Math.min(...gaps)).toBeLessThan(40);
  }, 90_000);

  it('a new code gives no new tries, so the tries left say nothing of an address either', async () => {
    const left: Record<State, unknown[]> = { unknown: [], pending: [], confirmed: [] };
    const tryWrong = async (state: State, email: string) =>
      left[state].push((await call<{ error: { details: unknown } }>('POST', '/auth/reset-password', { body: { email, code: '000000', newPassword: PASSWORD }, from: '127.0.0.6' })).body.error.details);
    const emails: Record<State, string> = { unknown: uniqueEmail('tries-unknown'), pending: addresses.pending[0]!, confirmed: addresses.confirmed[0]! };
    for (const state of STATES) await tryWrong(state, emails[state]);
    for (const state of STATES) {
      await forgetCodeThrottle(emails[state]);
      expect((await call('POST', '/auth/forgot-password', { body: { email: emails[state] }, from: '127.0.0.6' })).status).toBe(202);
      await tryWrong(state, emails[state]);
    }
    expect(left.pending).toEqual(left.unknown);
    expect(left.confirmed).toEqual(left.unknown);
    expect(left.unknown).toEqual([{ attemptsLeft: 4 }, { attemptsLeft: 3 }]);
  });

  it('a sign-up with a chosen password, then a sign-in with it, says nothing of an account (3b)', async () => {
    const chosen = 'Probe-Password-42!';
    const answers: unknown[] = [];
    const pending = uniqueEmail('probe-pending');
    const confirmed = uniqueEmail('probe-confirmed');
    await signUp(pending);
    await signUp(confirmed);
    expect((await confirm(confirmed)).status).toBe(200);
    for (const email of [uniqueEmail('probe-unknown'), pending, confirmed]) {
      await forgetCodeThrottle(email);
      expect((await call('POST', '/auth/signup', { body: { email, password: chosen }, from: '127.0.0.4' })).status).toBe(201);
      answers.push(visible(await call('POST', '/auth/login', { body: { email, password: chosen }, from: '127.0.0.4' })));
    }
    expect(answers).toEqual([answers[0], answers[0], answers[0]]);
    expect(answers[0]).toEqual({ status: 401, code: 'invalid_credentials', details: undefined });
  });
});
