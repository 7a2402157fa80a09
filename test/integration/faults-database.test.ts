/**
 * The database out of reach: the same handler modules, in-process, pointed at a loopback port where nothing
 * listens (a real refused connection, no mock). Requests answer 503 with Retry-After, never a 500.
 */
import { configure, invoke } from './in-process';
import { freePort } from '../../infra/local/emulators';
import { sampleArticles } from '../../infra/local/sample-content';

let closedPort = 0;

beforeAll(async () => {
  closedPort = await freePort();
  configure({ AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${closedPort}` });
});

describe('with DynamoDB unreachable', () => {
  it('answers 503 unavailable with Retry-After on reads', async () => {
    const list = await invoke<{ error: { code: string } }>('catalogue/list-articles', { method: 'GET', path: '/articles', routeKey: 'GET /articles' });
    expect([list.statusCode, list.body.error.code]).toEqual([503, 'unavailable']);
    const slug = sampleArticles[0]!.slug;
    const one = await invoke<{ error: { code: string } }>('catalogue/get-article', {
      method: 'GET',
      path: `/articles/${slug}`,
      routeKey: 'GET /articles/{idOrSlug}',
      pathParameters: { idOrSlug: slug },
    });
    expect([one.statusCode, one.body.error.code]).toEqual([503, 'unavailable']);
  });

  it('answers 503 on a write path too, and says when to retry', async () => {
    const answer = await invoke<{ error: { code: string } }>('accounts/confirm', {
      method: 'POST',
      path: '/auth/confirm',
      routeKey: 'POST /auth/confirm',
      body: { email: 'someone@example.org', code: '123456' },
    });
    expect([answer.statusCode, answer.body.error.code]).toEqual([503, 'unavailable']);
    expect(Number(answer.headers['Retry-After'])).toBeGreaterThan(0);
  });
});
