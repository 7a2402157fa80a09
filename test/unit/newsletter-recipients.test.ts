/**
 * The sender's second look at a page's recipients (stillReceiving) when DynamoDB leaves some of its keys unread, as
 * it does when throttled. A loopback server stands in for DynamoDB: DynamoDB Local never leaves keys unprocessed.
 */
import type * as Campaigns from '../../functions/newsletter/campaigns';
import type { AwsStandIn } from './aws-stand-in';
import { SIGNING_ENVIRONMENT, startAwsStandIn } from './aws-stand-in';

const TABLE = 'unit-table';

let standIn: AwsStandIn;
let stillReceiving: typeof Campaigns.stillReceiving;

beforeAll(async () => {
  standIn = await startAwsStandIn('application/x-amz-json-1.0');
  Object.assign(process.env, { ...SIGNING_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: standIn.url, TABLE_NAME: TABLE });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the table's settings are in place
  ({ stillReceiving } = require('../../functions/newsletter/campaigns') as typeof Campaigns);
});

afterAll(() => standIn.close());

beforeEach(() => {
  standIn.seen = [];
});

const recipient = (sub: string) => ({ sub, email: `${sub}@example.org` });
const key = (sub: string) => ({ pk: { S: `USER#${sub}` }, sk: { S: 'PROFILE' } });
const profile = (sub: string, newsletter: boolean) => ({ ...key(sub), sub: { S: sub }, email: { S: `${sub}@example.org` }, createdAt: { S: '2026-01-01T00:00:00.000Z' }, newsletter: { BOOL: newsletter } });
const answer = (profiles: object[], unread: string[]) => ({
  status: 200,
  body: JSON.stringify({ Responses: { [TABLE]: profiles }, UnprocessedKeys: unread.length ? { [TABLE]: { Keys: unread.map(key), ConsistentRead: true } } : {} }),
});
const requested = () =>
  standIn.seen.map(({ body }) => (JSON.parse(body) as { RequestItems: Record<string, { Keys: unknown[]; ConsistentRead?: boolean }> }).RequestItems[TABLE]);

it('reads what was left unread again, consistently, and splits the recipients by what their profiles say', async () => {
  standIn.answers = [answer([profile('a', true)], ['b', 'c', 'd']), answer([profile('b', false), profile('d', true)], [])];
  const found = await stillReceiving(['a', 'b', 'c', 'd'].map(recipient));
  // b unsubscribed; c has no profile (the account was deleted).
  expect(found).toEqual({ receiving: [recipient('a'), recipient('d')], left: [recipient('b'), recipient('c')] });
  expect(requested()).toEqual([
    { Keys: ['a', 'b', 'c', 'd'].map(key), ConsistentRead: true },
    { Keys: ['b', 'c', 'd'].map(key), ConsistentRead: true },
  ]);
});

it('fails rather than take profiles it could not read for profiles that are gone', async () => {
  standIn.answers = Array.from({ length: 4 }, () => answer([profile('a', true)], ['b']));
  await expect(stillReceiving(['a', 'b'].map(recipient))).rejects.toThrow("1 of the page's profiles stayed unread after 4 attempts");
  expect(requested()).toHaveLength(4);
});
