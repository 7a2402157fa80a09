/**
 * Code expiry with a short CODE_TTL_SECONDS. The stack under test runs with the default 30 minutes, so this file
 * runs the same handler modules in-process, configured with a 2-second lifetime, against the same emulators.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SavedState } from '../../infra/local/start';
import { handlerEnvironment } from '../../infra/local/start';
import { httpEvent, lambdaContext, loadHandler } from '../../infra/local/lambda';
import { uniqueEmail, PASSWORD } from './accounts-fixtures';
import { endpoints } from './client';
import { inbox, latestCode } from './mailbox';

const dataDir = dirname(process.env.PRESSROOM_ENDPOINTS!);
const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as SavedState;
Object.assign(process.env, handlerEnvironment(endpoints, state, join(dataDir, 'secrets.json')), {
  CODE_TTL_SECONDS: '2',
  RESPONSE_FLOOR_MS: '0',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});

async function invoke(handler: string, path: string, body: unknown): Promise<{ statusCode: number; body: { error?: { code: string } } }> {
  const event = httpEvent({
    method: 'POST',
    url: new URL(`http://local${path}`),
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
    routeKey: `POST ${path}`,
  });
  const result = await loadHandler(handler)(event, lambdaContext(handler, event.requestContext.requestId));
  return { statusCode: result.statusCode ?? 0, body: JSON.parse(result.body ?? '{}') as { error?: { code: string } } };
}

describe('an expired code', () => {
  it('is refused with 410 code_expired, and the email said how long it would live', async () => {
    const email = uniqueEmail('expiry');
    expect((await invoke('accounts/signup', '/auth/signup', { email, password: PASSWORD })).statusCode).toBe(201);
    expect((await inbox(email))[0]!.body.text).toContain('The code expires in 2 seconds.');
    const code = await latestCode(email);
    await new Promise((done) => setTimeout(done, 2_100));
    const late = await invoke('accounts/confirm', '/auth/confirm', { email, code });
    expect([late.statusCode, late.body.error?.code]).toEqual([410, 'code_expired']);
  });
});
