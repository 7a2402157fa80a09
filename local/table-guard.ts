/**
 * The local stack's stand-in for the roles' table conditions (dynamodb:LeadingKeys, infra/function.ts bindTable).
 * While a handler runs locally, every request the handlers' DynamoDB client sends is held to its function's table
 * grants (infra/table-grants.ts, the same statements its role gets on AWS), item by item as IAM authorizes
 * it, and refused with the error AWS gives. A family a route forgot to declare fails its tests here, rather than
 * its first request on AWS.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HttpRequest } from '@smithy/types';
import { tableDesign } from '../functions/common/table';
import type { TableGrant } from '../infra/table-grants';
import { handlerAccess } from '../infra/access';
import { tableGrants } from '../infra/table-grants';

/** One authorization IAM makes for a request: an action, on the table or one of its indexes, for these partitions. */
export interface Authorization {
  action: string;
  table: string;
  index?: string;
  /** The partition key of each item the action touches (the index's, for a Query of it); undefined if unreadable. */
  leadingKeys: (string | undefined)[];
}

/** The request of a DynamoDB operation as it goes on the wire (attribute values, not documents). */
type WireRequest = Record<string, unknown>;
type Key = Record<string, { S?: string } | undefined>;

/** The IAM action that authorizes each kind of write of a TransactWriteItems, and of a TransactGetItems. */
const TRANSACT_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

const keyPartition = (key: Key | undefined): string | undefined => key?.[tableDesign.partitionKey]?.S;

/**
 * The partition a Query reads: DynamoDB requires its key condition to test the partition key (the index's, on an
 * index) for equality, written `name = :value`. A condition it cannot read (the legacy KeyConditions) reads none.
 */
function queriedPartition(request: WireRequest): string | undefined {
  const index = request.IndexName as string | undefined;
  const attribute = index === undefined ? tableDesign.partitionKey : tableDesign.indexes.find((known) => known.indexName === index)?.partitionKey;
  const names = (request.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (request.ExpressionAttributeValues ?? {}) as Key;
  for (const [, name, value] of ((request.KeyConditionExpression as string | undefined) ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((Object.hasOwn(names, name!) ? names[name!] : name) === attribute) return Object.hasOwn(values, value!) ? values[value!]?.S : undefined;
  }
  return undefined;
}

/**
 * What IAM authorizes for a request: one action for the keys of a single-item request, of a Query or of a whole
 * batch (per table), and one per item of a transaction, with that item's own action. Any other operation (Scan,
 * PartiQL, DescribeTable…) is one action with no key, which no table grant allows.
 */
export function authorizationsOf(operation: string, request: WireRequest): Authorization[] {
  const table = (request.TableName as string | undefined) ?? '';
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action: operation, table, leadingKeys: [keyPartition(request.Key as Key)] }];
    case 'PutItem':
      return [{ action: operation, table, leadingKeys: [keyPartition(request.Item as Key)] }];
    case 'Query':
      return [{ action: operation, table, ...(request.IndexName !== undefined && { index: request.IndexName as string }), leadingKeys: [queriedPartition(request)] }];
    case 'BatchGetItem':
      return Object.entries((request.RequestItems ?? {}) as Record<string, { Keys?: Key[] }>).map(([batchTable, { Keys = [] }]) => ({
        action: operation,
        table: batchTable,
        leadingKeys: Keys.map(keyPartition),
      }));
    case 'BatchWriteItem':
      return Object.entries((request.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }[]>).map(
        ([batchTable, writes]) => ({
          action: operation,
          table: batchTable,
          leadingKeys: writes.map((write) => keyPartition(write.PutRequest?.Item ?? write.DeleteRequest?.Key)),
        }),
      );
    case 'TransactGetItems':
    case 'TransactWriteItems':
      return ((request.TransactItems ?? []) as Record<string, { TableName?: string; Key?: Key; Item?: Key }>[]).flatMap((item) =>
        Object.entries(item).map(([kind, part]) => ({
          action: TRANSACT_ACTIONS[kind] ?? kind,
          table: String(part.TableName ?? ''),
          leadingKeys: [keyPartition(part.Item ?? part.Key)],
        })),
      );
    default:
      return [{ action: operation, table, leadingKeys: [] }];
  }
}

/** IAM's StringLike: `*` is any run of characters (`#` too), `?` any one character, the rest literal. */
export function stringLike(value: string, pattern: string): boolean {
  const source = pattern
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Whether some grant allows it, as the role's statements would: the action, on the table (or its index, for a
 * grant that reaches indexes), for at least one key (the Null condition) and every key in the grant's families
 * (ForAllValues:StringLike).
 */
export function allows(grants: readonly TableGrant[], authorization: Authorization, tableName: string): boolean {
  const { action, table, index, leadingKeys } = authorization;
  if (table !== tableName) return false;
  if (index !== undefined && !tableDesign.indexes.some((known) => known.indexName === index)) return false;
  return grants.some(
    (grant) =>
      grant.actions.includes(`dynamodb:${action}`) &&
      (index === undefined || grant.onIndexes) &&
      leadingKeys.length > 0 &&
      leadingKeys.every((key) => key !== undefined && grant.families.some((family) => stringLike(key, family))),
  );
}

/** The error DynamoDB answers a request the caller's policies do not allow, as the SDK raises it. */
function accessDenied(handler: string, { action, table, index, leadingKeys }: Authorization): DynamoDBServiceException {
  const role = `pressroom-${handler.replace(/\W+/g, '-')}`;
  const resource = `arn:aws:dynamodb:${process.env.AWS_REGION ?? 'us-east-1'}:000000000000:table/${table}${index === undefined ? '' : `/index/${index}`}`;
  return new DynamoDBServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message:
      `User: arn:aws:sts::000000000000:assumed-role/${role}/${role} is not authorized to perform: dynamodb:${action} ` +
      `on resource: ${resource} because no identity-based policy allows the dynamodb:${action} action ` +
      `(local check: leading keys ${JSON.stringify(leadingKeys)} against functions/routes.ts)`,
  });
}

/** The function whose handler is running, and its table grants. */
interface Running {
  handler: string;
  grants: readonly TableGrant[];
}

const running = new AsyncLocalStorage<Running>();
const grantsByHandler = new Map<string, readonly TableGrant[]>();

/** Runs `work` as the function of `handler`: the table requests it sends, however deep, are held to its grants. */
export function runAs<T>(handler: string, work: () => T): T {
  let grants = grantsByHandler.get(handler);
  if (!grants) grantsByHandler.set(handler, (grants = tableGrants(handlerAccess(handler).table ?? {})));
  return running.run({ handler, grants }, work);
}

const guarded = new WeakSet<object>();

/**
 * Puts the check on a DynamoDB client, once. It reads the request as serialized, as DynamoDB receives it. Requests
 * sent outside `runAs` (tests reading the table, seeding) are nobody's function's, and pass.
 */
export function guardTableClient(client: DynamoDBDocumentClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.middlewareStack.add(
    (next) => async (args) => {
      const current = running.getStore();
      if (current) {
        const { headers } = args.request as HttpRequest;
        const body = (args.request as HttpRequest).body as string | Uint8Array;
        const operation = String(headers['x-amz-target']).split('.').pop()!;
        const request = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as WireRequest;
        const denied = authorizationsOf(operation, request).find((authorization) => !allows(current.grants, authorization, process.env.TABLE_NAME ?? ''));
        if (denied) throw accessDenied(current.handler, denied);
      }
      return next(args);
    },
    { step: 'build', name: 'localLeadingKeys' },
  );
}
