/**
 * The local stand-in for the roles' dynamodb:LeadingKeys conditions, without a database: what it reads of each
 * request, how it judges it against a function's grants, and, on a real client, that a function's request for
 * another family's item never leaves the process.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableGrants } from '../../infra/table-grants';
import { allows, authorizationsOf, guardTableClient, runAs, stringLike } from '../../local/table-guard';

const TABLE = 'pressroom';
const S = (value: string) => ({ S: value });

describe('stringLike, as IAM reads a family', () => {
  test.each([
    ['CODE#signup#9f2a', 'CODE#*', true],
    ['FEED', 'FEED', true],
    ['FEED#TAG#defence', 'FEED', false],
    ['FEED#TAG#defence', 'FEED#TAG#*', true],
    ['CAMPAIGNS', 'CAMPAIGN#*', false],
    ['ARTICLE#art_1#VIDEOS', 'ARTICLE#*#VIDEOS', true],
    // IAM's `*` spans `#`: whoever reads articles may also query an article's videos (docs/TABLE.md).
    ['ARTICLE#art_1#VIDEOS', 'ARTICLE#*', true],
    ['ARTICLE#art_1', 'ARTICLE#*#VIDEOS', false],
    ['USER#a.b', 'USER#a?b', true],
    ['USER#axb', 'USER#a.b', false],
    ['user#1', 'USER#*', false],
    ['X\nUSER#1', 'USER#*', false],
  ])('%j against %j: %s', (value, pattern, expected) => {
    expect(stringLike(value, pattern)).toBe(expected);
  });
});

describe('what IAM authorizes for each kind of request', () => {
  test('a single item: its partition key', () => {
    expect(authorizationsOf('GetItem', { TableName: TABLE, Key: { pk: S('USER#1'), sk: S('PROFILE') } })).toEqual([
      { action: 'GetItem', table: TABLE, leadingKeys: ['USER#1'] },
    ]);
    expect(authorizationsOf('PutItem', { TableName: TABLE, Item: { pk: S('CODE#x'), sk: S('CODE'), n: { N: '1' } } })).toEqual([
      { action: 'PutItem', table: TABLE, leadingKeys: ['CODE#x'] },
    ]);
  });

  test("a Query: the partition its key condition names, the index's on an index", () => {
    const query = (request: Record<string, unknown>) => authorizationsOf('Query', { TableName: TABLE, ...request })[0];
    expect(query({ IndexName: 'gsi1', KeyConditionExpression: '#partition = :partition', ExpressionAttributeNames: { '#partition': 'gsi1pk' }, ExpressionAttributeValues: { ':partition': S('FEED') } })).toEqual({
      action: 'Query',
      table: TABLE,
      index: 'gsi1',
      leadingKeys: ['FEED'],
    });
    expect(query({ KeyConditionExpression: 'pk = :user AND begins_with(sk, :downloads)', ExpressionAttributeValues: { ':user': S('USER#1'), ':downloads': S('DOWNLOAD#') } })!.leadingKeys).toEqual(['USER#1']);
    // The sort key's equality is not the partition; on the index, `pk` is not its partition key either.
    expect(query({ KeyConditionExpression: 'sk = :s AND pk = :p', ExpressionAttributeValues: { ':s': S('PROFILE'), ':p': S('USER#2') } })!.leadingKeys).toEqual(['USER#2']);
    expect(query({ IndexName: 'gsi1', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('USER#2') } })!.leadingKeys).toEqual([undefined]);
    // Unreadable: no expression (the legacy KeyConditions), an unknown index, a value that is not a string.
    expect(query({ KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [S('USER#1')] } } })!.leadingKeys).toEqual([undefined]);
    expect(query({ IndexName: 'other', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': S('FEED') } })!.leadingKeys).toEqual([undefined]);
    expect(query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { N: '1' } } })!.leadingKeys).toEqual([undefined]);
  });

  test('a batch: one authorization per table, with every key of it', () => {
    expect(authorizationsOf('BatchGetItem', { RequestItems: { [TABLE]: { Keys: [{ pk: S('VIDEO#1'), sk: S('VIDEO') }, { pk: S('USER#1'), sk: S('PROFILE') }] } } })).toEqual([
      { action: 'BatchGetItem', table: TABLE, leadingKeys: ['VIDEO#1', 'USER#1'] },
    ]);
    const writes = [{ PutRequest: { Item: { pk: S('CAMPAIGN#1'), sk: S('TO#a') } } }, { DeleteRequest: { Key: { pk: S('RATE#x'), sk: S('RATE') } } }];
    expect(authorizationsOf('BatchWriteItem', { RequestItems: { [TABLE]: writes } })).toEqual([
      { action: 'BatchWriteItem', table: TABLE, leadingKeys: ['CAMPAIGN#1', 'RATE#x'] },
    ]);
  });

  test("a transaction: each item with its own action, as IAM authorizes TransactWriteItems and TransactGetItems", () => {
    const key = (pk: string) => ({ TableName: TABLE, Key: { pk: S(pk), sk: S('X') } });
    expect(
      authorizationsOf('TransactWriteItems', {
        TransactItems: [{ Put: { TableName: TABLE, Item: { pk: S('ARTICLE#1'), sk: S('ARTICLE') } } }, { Update: key('VIDEO#1') }, { Delete: key('SLUG#a') }, { ConditionCheck: key('USER#1') }],
      }).map(({ action, leadingKeys }) => [action, leadingKeys]),
    ).toEqual([
      ['PutItem', ['ARTICLE#1']],
      ['UpdateItem', ['VIDEO#1']],
      ['DeleteItem', ['SLUG#a']],
      ['ConditionCheckItem', ['USER#1']],
    ]);
    expect(authorizationsOf('TransactGetItems', { TransactItems: [{ Get: key('USER#1') }] })).toEqual([{ action: 'GetItem', table: TABLE, leadingKeys: ['USER#1'] }]);
  });

  test('any other operation carries no key', () => {
    expect(authorizationsOf('Scan', { TableName: TABLE })).toEqual([{ action: 'Scan', table: TABLE, leadingKeys: [] }]);
    expect(authorizationsOf('ExecuteStatement', { Statement: 'SELECT * FROM pressroom' })).toEqual([{ action: 'ExecuteStatement', table: '', leadingKeys: [] }]);
  });
});

describe("judging a request against a function's grants", () => {
  const grants = tableGrants({ read: ['FEED', 'VIDEO#*'], write: ['USER#*'] });
  const judge = (action: string, leadingKeys: (string | undefined)[], more: { index?: string; table?: string } = {}) =>
    allows(grants, { action, table: more.table ?? TABLE, ...(more.index && { index: more.index }), leadingKeys }, TABLE);

  test('the actions of each grant, for keys of its families only', () => {
    expect(judge('GetItem', ['VIDEO#1'])).toBe(true);
    expect(judge('Query', ['FEED'], { index: 'gsi1' })).toBe(true);
    expect(judge('PutItem', ['USER#1'])).toBe(true);
    expect(judge('GetItem', ['USER#1'])).toBe(false);
    expect(judge('PutItem', ['VIDEO#1'])).toBe(false);
    expect(judge('Query', ['SUBSCRIBERS'], { index: 'gsi1' })).toBe(false);
  });

  test('every key of a batch must be in the families, and there must be one (ForAllValues with Null)', () => {
    expect(judge('BatchGetItem', ['VIDEO#1', 'VIDEO#2'])).toBe(true);
    expect(judge('BatchGetItem', ['VIDEO#1', 'USER#1'])).toBe(false);
    expect(judge('BatchGetItem', [])).toBe(false);
    expect(judge('GetItem', [undefined])).toBe(false);
  });

  test('a family granted for erasing only: DeleteItem, and no put, update or batch (whose puts IAM cannot tell from deletes)', () => {
    const erasing = tableGrants({ erase: ['USER#*'] });
    const judgeErasing = (action: string) => allows(erasing, { action, table: TABLE, leadingKeys: ['USER#1'] }, TABLE);
    expect(judgeErasing('DeleteItem')).toBe(true);
    for (const action of ['PutItem', 'UpdateItem', 'BatchWriteItem', 'ConditionCheckItem', 'GetItem', 'Query']) expect([action, judgeErasing(action)]).toEqual([action, false]);
  });

  test('no Scan, no write on an index, no other table or index', () => {
    expect(judge('Scan', [])).toBe(false);
    expect(judge('Scan', ['FEED'], { index: 'gsi1' })).toBe(false);
    expect(judge('PutItem', ['USER#1'], { index: 'gsi1' })).toBe(false);
    expect(judge('GetItem', ['VIDEO#1'], { table: 'other' })).toBe(false);
    expect(judge('Query', ['FEED'], { index: 'gsi2' })).toBe(false);
    expect(allows([], { action: 'GetItem', table: TABLE, leadingKeys: ['VIDEO#1'] }, TABLE)).toBe(false);
  });
});

describe('a guarded client', () => {
  const sent: string[] = [];
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' } }));
  guardTableClient(client);
  guardTableClient(client);
  // Stands in for DynamoDB: what gets past the guard is recorded and answered with nothing.
  client.middlewareStack.add(
    () => async (args) => {
      sent.push(String((args.request as { headers: Record<string, string> }).headers['x-amz-target']));
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'finalizeRequest', name: 'standIn' },
  );
  const previousTable = process.env.TABLE_NAME;
  beforeAll(() => {
    process.env.TABLE_NAME = TABLE;
  });
  afterAll(() => {
    process.env.TABLE_NAME = previousTable;
  });
  beforeEach(() => {
    sent.length = 0;
  });
  const profile = new GetCommand({ TableName: TABLE, Key: { pk: 'USER#7c0e', sk: 'PROFILE' } });
  const refusal = { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } };

  test("the catalogue's functions are refused a profile, and nothing is sent", async () => {
    for (const handler of ['catalogue/list-articles', 'catalogue/get-article', 'catalogue/get-video']) {
      await expect(runAs(handler, () => client.send(profile))).rejects.toMatchObject(refusal);
    }
    await expect(runAs('catalogue/get-video', () => client.send(profile))).rejects.toThrow(/not authorized to perform: dynamodb:GetItem .*"USER#7c0e"/);
    expect(sent).toEqual([]);
  });

  test('nor may they query the subscribers, scan, or slip a code into a batch or a transaction', async () => {
    const asVideo = <T>(work: () => Promise<T>) => runAs('catalogue/get-video', work);
    const video = { pk: 'VIDEO#vid_1', sk: 'VIDEO' };
    const code = { pk: 'CODE#signup#9f2a', sk: 'CODE' };
    const attempts: (() => Promise<unknown>)[] = [
      () => client.send(new QueryCommand({ TableName: TABLE, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'SUBSCRIBERS' } })),
      () => client.send(new ScanCommand({ TableName: TABLE })),
      () => client.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: [video, code] } } })),
      () => client.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: TABLE, Key: video, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } } }] })),
      () => client.send(new PutCommand({ TableName: TABLE, Item: { ...video, title: 'x' } })),
      () => client.send(new BatchWriteCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: code } }] } })),
    ];
    for (const attempt of attempts) await expect(asVideo(attempt)).rejects.toMatchObject(refusal);
    expect(sent).toEqual([]);
  });

  test('what a function declared goes through, as does anything sent outside a function (tests, seeding)', async () => {
    await runAs('catalogue/get-video', () => client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'VIDEO#vid_1', sk: 'VIDEO' } })));
    await runAs('accounts/me', () => client.send(profile));
    await runAs('downloads/download-video', () =>
      client.send(new UpdateCommand({ TableName: TABLE, Key: { pk: 'VIDEO#vid_1', sk: 'VIDEO' }, UpdateExpression: 'ADD downloadCount :one', ExpressionAttributeValues: { ':one': 1 } })),
    );
    await client.send(profile);
    expect(sent).toEqual(['DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem', 'DynamoDB_20120810.UpdateItem', 'DynamoDB_20120810.GetItem']);
  });

  test("the account eraser deletes a person's profile, codes and campaign places, but cannot write them", async () => {
    const asEraser = <T>(work: () => Promise<T>) => runAs('accounts/delete-account', work);
    const keys = [profile.input.Key!, { pk: 'CODE#reset#9f2a', sk: 'CODE' }, { pk: 'CAMPAIGN#c1', sk: 'TO#7c0e' }];
    for (const Key of keys) {
      await asEraser(() => client.send(new DeleteCommand({ TableName: TABLE, Key })));
      await expect(asEraser(() => client.send(new PutCommand({ TableName: TABLE, Item: { ...Key, email: 'planted@example.org' } })))).rejects.toMatchObject(refusal);
      await expect(
        asEraser(() => client.send(new UpdateCommand({ TableName: TABLE, Key, UpdateExpression: 'SET newsletter = :on', ExpressionAttributeValues: { ':on': true } }))),
      ).rejects.toMatchObject(refusal);
    }
    await expect(asEraser(() => client.send(new BatchWriteCommand({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: profile.input.Key! } }] } })))).rejects.toMatchObject(refusal);
    expect(sent).toEqual(keys.map(() => 'DynamoDB_20120810.DeleteItem'));
  });

  test('a function without table access may send nothing at all', async () => {
    await expect(runAs('service/health', () => client.send(new GetCommand({ TableName: TABLE, Key: { pk: 'FEED', sk: 'x' } })))).rejects.toMatchObject(refusal);
  });
});
