/**
 * Erasing item by item (functions/common/delete-items.ts) waits out DynamoDB's throttling of a busy partition rather
 * than failing the deletion. A loopback server stands in for DynamoDB: DynamoDB Local does not throttle.
 */
import type * as DeleteItems from '../../functions/common/delete-items';
import type { AwsStandIn } from './aws-stand-in';
import { SIGNING_ENVIRONMENT, startAwsStandIn } from './aws-stand-in';

let standIn: AwsStandIn;
let deleteItems: typeof DeleteItems.deleteItems;

const THROTTLED = {
  status: 400,
  body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Throughput exceeds the limit' }),
};
const DELETED = { status: 200, body: '{}' };
/** The sort key of each DeleteItem the stand-in was sent, in order. */
const deletesSent = () => standIn.seen.map((request) => (JSON.parse(request.body) as { Key: { sk: { S: string } } }).Key.sk.S);

beforeAll(async () => {
  standIn = await startAwsStandIn('application/x-amz-json-1.0');
  Object.assign(process.env, { ...SIGNING_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: standIn.url, TABLE_NAME: 'unit-table' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deleteItems = (require('../../functions/common/delete-items') as typeof DeleteItems).deleteItems;
});

afterAll(() => standIn.close());

beforeEach(() => {
  standIn.seen = [];
  standIn.respond = undefined;
});

const keys = Array.from({ length: 20 }, (_, index) => ({ pk: 'DOWNLOADS#a-person', sk: `DOWNLOAD#${index}` }));

test('every item is deleted though the partition is throttled on the first tries of each', async () => {
  const tries = new Map<string, number>();
  standIn.respond = ({ body }) => {
    const sk = (JSON.parse(body) as { Key: { sk: { S: string } } }).Key.sk.S;
    tries.set(sk, (tries.get(sk) ?? 0) + 1);
    return tries.get(sk)! <= 3 ? THROTTLED : DELETED;
  };
  await deleteItems(keys);
  expect([...tries.keys()].sort()).toEqual(keys.map((key) => key.sk).sort());
  for (const [sk, count] of tries) expect([sk, count]).toEqual([sk, 4]);
});

test('a throttling that does not end fails the deletion, and so does any other error at once', async () => {
  standIn.respond = () => THROTTLED;
  await expect(deleteItems(keys.slice(0, 1))).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  expect(deletesSent().length).toBeGreaterThan(3);

  standIn.seen = [];
  standIn.respond = () => ({ status: 400, body: JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message: 'Not authorized' }) });
  await expect(deleteItems(keys.slice(0, 1))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  expect(deletesSent()).toEqual(['DOWNLOAD#0']);
}, 30_000);
