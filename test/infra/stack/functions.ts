/** The functions, one per handler module, and least privilege: each role allows what its routes need, no more. */
import { widestAccess } from '../../../infra/access';
import { tableDesign } from '../../../infra/definitions';
import * as catalogueApi from '../../../functions/catalogue/operations';
import { FALLBACK_HANDLER } from '../../../functions/routes';
import { stringLike } from '../../../local/table-guard';
import { cdkContext, EXAMPLE_ORIGINS } from '../context';
import {
  actionsOf,
  codeSecretArn,
  grant,
  grants,
  grantsOf,
  mailResources,
  newsletterMailResources,
  newsletterSecretArn,
  poolArn,
  rolePolicies,
  S3_ACTIONS,
  SECRET_READ,
  statementsOf,
  videoBucketId,
} from '../grants';
import {
  backgroundOf,
  bucketAccessOf,
  familiesOf,
  handlerFor,
  handlers,
  httpHandlers,
  invokesOf,
  pausesMail,
  readsCodeSecret,
  readsNewsletterSecret,
  sendsMail,
  sendsNewsletter,
  triggerOf,
  usesTable,
  usesUserPool,
  userPoolActionsOf,
  verifiesTokens,
} from '../route-table';
import type { RoleProps, Statement } from '../synthesized';
import { built, cfn, deploymentRoleId, functionOf, logicalIdOf, resourceById, resourcesOf, roleOf, template, variableOfEach } from '../synthesized';

/**
 * What reading and writing table items may do, written out here rather than imported, so a change in
 * infra/access.ts shows. No Scan: it carries no key for dynamodb:LeadingKeys to check.
 */
const TABLE_READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const TABLE_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const TABLE_ERASE = ['dynamodb:DeleteItem'];
/** Every item of the request in one of `families`, and at least one key in it (ForAllValues alone holds for none). */
const leadingKeys = (families: readonly string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': families },
  Null: { 'dynamodb:LeadingKeys': 'false' },
});
/** A statement that grants a table item action, or could: a wildcard, Scan, PartiQL (stream reads are not items). */
const touchesItems = (statement: Statement): boolean =>
  actionsOf(statement).some((action) => [...TABLE_READ, ...TABLE_WRITE].includes(action) || /^\*$|^dynamodb:(\w*\*|Scan|PartiQL\w+)$/.test(action));
/** A function's grants of item actions, one "action on resource if condition" line each, sorted. */
const itemGrantsOf = (handler: string): string[] =>
  statementsOf(handler)
    .filter(touchesItems)
    .flatMap((statement) => actionsOf(statement).flatMap((action) => [statement.Resource].flat().map((resource) => `${grant(action, resource)} if ${JSON.stringify(statement.Condition)}`)))
    .sort();
/** What Lambda's stream poller needs on the function's role (ListStreams takes no resource but "*"). */
const STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
/** What Lambda needs on the role to put a failed batch or invocation in an SQS dead-letter queue. */
const QUEUE_SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];

describe('functions', () => {
  test('one arm64 nodejs22.x function per distinct handler module, with its own log group', () => {
    // And CDK's handler that deploys the portal's files (stack/web.ts).
    template().resourceCountIs('AWS::Lambda::Function', handlers.length + 1);
    for (const handler of handlers) {
      const { Properties } = functionOf(handler);
      const Timeout = backgroundOf(handler)?.timeoutSeconds ?? 10;
      expect(Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs22.x', MemorySize: 1024, Timeout });
      expect(resourceById(Properties.LoggingConfig.LogGroup.Ref).Type).toBe('AWS::Logs::LogGroup');
    }
  });

  test('each function is told exactly the names its code reads, from its routes or its entry in the route table', () => {
    for (const handler of handlers) {
      const variables = functionOf(handler).Properties.Environment.Variables;
      const expected = [
        'NODE_OPTIONS',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_LOG_LEVEL',
        'POWERTOOLS_METRICS_NAMESPACE',
        // Only HTTP handlers add CORS headers (functions/common/http.ts) and may show the portal's name on a page;
        // background functions answer no browser.
        ...(httpHandlers.includes(handler) ? ['ALLOWED_ORIGINS', 'PORTAL_NAME'] : []),
        ...(usesTable(handler) ? ['TABLE_NAME'] : []),
        // Verifying a token reads the client id too; a public route that calls the pool needs no issuer.
        ...(usesUserPool(handler) || verifiesTokens(handler) ? ['USER_POOL_ID', 'USER_POOL_CLIENT_ID'] : []),
        ...(verifiesTokens(handler) ? ['JWT_ISSUER'] : []),
        ...(sendsMail(handler) || sendsNewsletter(handler) ? ['MAIL_FROM'] : []),
        ...(sendsMail(handler) || sendsNewsletter(handler) || pausesMail(handler) ? ['SES_CONFIGURATION_SET'] : []),
        ...(!httpHandlers.includes(handler) && (sendsMail(handler) || sendsNewsletter(handler)) ? ['PORTAL_NAME'] : []),
        ...(sendsNewsletter(handler)
          ? ['NEWSLETTER_TEMPLATE', 'NEWSLETTER_MAX_SEND_RATE', 'FRONTEND_URL', 'PUBLIC_API_URL']
          : []),
        ...(readsCodeSecret(handler) ? ['CODE_SECRET_ARN'] : []),
        ...(readsNewsletterSecret(handler) ? ['NEWSLETTER_SECRET_ARN'] : []),
        ...(bucketAccessOf(handler) ? ['BUCKET_NAME'] : []),
        ...(invokesOf(handler).length > 0 ? ['NEWSLETTER_SENDER_FUNCTION'] : []),
      ];
      expect([handler, Object.keys(variables).sort()]).toEqual([handler, expected.sort()]);
      if (httpHandlers.includes(handler)) expect(variables.ALLOWED_ORIGINS).toEqual(cfn([built().stack.web.origin, ...EXAMPLE_ORIGINS].join(',')));
      if (sendsMail(handler) || sendsNewsletter(handler)) {
        expect(variables).toMatchObject({ MAIL_FROM: cdkContext.senderEmail, PORTAL_NAME: cdkContext.portalName });
      }
      if ('SES_CONFIGURATION_SET' in variables) {
        expect(variables.SES_CONFIGURATION_SET).toEqual(cfn(built().stack.mail.configurationSet.configurationSetName));
      }
      if (readsCodeSecret(handler)) expect(variables.CODE_SECRET_ARN).toEqual(codeSecretArn());
      if (readsNewsletterSecret(handler)) expect(variables.NEWSLETTER_SECRET_ARN).toEqual(newsletterSecretArn());
      if (bucketAccessOf(handler)) expect(variables.BUCKET_NAME).toEqual({ Ref: videoBucketId() });
    }
  });

  test("each function reads exactly its routes' item families, on the table and its index, writes exactly theirs and only deletes from those it erases, on the table", () => {
    for (const kind of ['read', 'write', 'erase'] as const) expect(handlers.filter((handler) => familiesOf(handler, kind).length > 0).length).toBeGreaterThan(0);
    const tableArn = { 'Fn::GetAtt': [logicalIdOf(built().stack.data.table), 'Arn'] };
    const indexArns = tableDesign.indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]] }));
    const lines = (actions: string[], resources: unknown[], families: string[]) =>
      families.length === 0 ? [] : grants(actions, resources).map((line) => `${line} if ${JSON.stringify(leadingKeys(families))}`);
    for (const handler of handlers) {
      const expected = [
        ...lines(TABLE_READ, [tableArn, ...indexArns], familiesOf(handler, 'read')),
        ...lines(TABLE_WRITE, [tableArn], familiesOf(handler, 'write')),
        ...lines(TABLE_ERASE, [tableArn], familiesOf(handler, 'erase')),
      ].sort();
      expect([handler, itemGrantsOf(handler)]).toEqual([handler, expected]);
    }
  });

  test('each role allows exactly the actions its routes (or trigger) call, and no role uses an AWS managed policy', () => {
    expect(handlers).toContain(FALLBACK_HANDLER);
    for (const handler of handlers) {
      const bucket = bucketAccessOf(handler);
      const trigger = triggerOf(handler);
      const expected = [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        // Active tracing (infra/function.ts): these take no resource but "*" (stack/newsletter.ts lists every "*").
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
        ...(familiesOf(handler, 'read').length > 0 ? TABLE_READ : []),
        ...(familiesOf(handler, 'write').length > 0 ? TABLE_WRITE : []),
        ...(familiesOf(handler, 'erase').length > 0 ? TABLE_ERASE : []),
        ...userPoolActionsOf(handler).map((action) => `cognito-idp:${action}`),
        ...(sendsMail(handler) ? ['ses:SendEmail'] : []),
        ...(sendsNewsletter(handler) ? ['ses:SendBulkEmail'] : []),
        ...(pausesMail(handler) ? ['ses:PutConfigurationSetSendingOptions'] : []),
        ...(readsCodeSecret(handler) || readsNewsletterSecret(handler) ? SECRET_READ : []),
        ...(bucket ? S3_ACTIONS[bucket] : []),
        // The stream's poller reads with the function's role, and puts what failed in the dead-letter queue.
        ...(trigger === 'published-events' ? [...STREAM_READ, ...QUEUE_SEND] : []),
        // Invoked asynchronously: it invokes itself to go on, and Lambda dead-letters with its role.
        ...(trigger === 'invocation' ? ['lambda:InvokeFunction', ...QUEUE_SEND] : []),
        // Invoked by SNS, asynchronously: Lambda dead-letters the notifications it fails on with its role.
        ...(trigger === 'ses-events' ? QUEUE_SEND : []),
        ...(invokesOf(handler).length > 0 ? ['lambda:InvokeFunction'] : []),
      ];
      const actions = [...new Set(statementsOf(handler).flatMap(actionsOf))];
      expect([handler, actions.sort()]).toEqual([handler, [...new Set(expected)].sort()]);
    }
    // CDK's deployment handler aside (stack/web.ts checks it).
    for (const [roleId, role] of Object.entries(resourcesOf<RoleProps>('AWS::IAM::Role')).filter(([roleId]) => roleId !== deploymentRoleId())) {
      expect([roleId, role.Properties.ManagedPolicyArns]).toEqual([roleId, undefined]);
    }
  });

  test("a handler's Cognito admin actions are those of its routes, on the user pool only", () => {
    for (const handler of handlers) {
      const expected = grants(userPoolActionsOf(handler).map((action) => `cognito-idp:${action}`), [poolArn()]);
      expect([handler, grantsOf(handler, 'cognito-idp:')]).toEqual([handler, expected]);
    }
  });

  test('only handlers that mail may send (SendEmail, or SendBulkEmail with the newsletter template, from our identity), and only the breaker may pause', () => {
    for (const handler of handlers) {
      const expected = [
        ...(sendsMail(handler) ? grants(['ses:SendEmail'], mailResources()) : []),
        ...(sendsNewsletter(handler) ? grants(['ses:SendBulkEmail'], newsletterMailResources()) : []),
        ...(pausesMail(handler) ? grants(['ses:PutConfigurationSetSendingOptions'], [cfn(built().stack.mail.configurationSetArn)]) : []),
      ].sort();
      expect([handler, grantsOf(handler, 'ses:')]).toEqual([handler, expected]);
    }
  });

  test('each secret is read only by the handlers the route table gives it to, and no role can change one', () => {
    const secrets = [
      { arn: codeSecretArn(), readers: handlers.filter(readsCodeSecret) },
      { arn: newsletterSecretArn(), readers: handlers.filter(readsNewsletterSecret) },
    ];
    const readersOf = new Map(secrets.map(({ arn }) => [JSON.stringify(arn), new Set<string>()]));
    const inspect = (roleIds: string[], statements: Statement[]) => {
      for (const statement of statements) {
        const actions = actionsOf(statement);
        const touchesSecrets = actions.some((action) => /^secretsmanager:|^\*$/i.test(action));
        const named = [...readersOf.keys()].filter((arn) => JSON.stringify(statement.Resource).includes(arn));
        if (!touchesSecrets && named.length === 0) continue;
        expect(actions.sort()).toEqual(SECRET_READ);
        // One secret per statement, named exactly: no wildcard, no list.
        expect(named).toHaveLength(1);
        expect(JSON.stringify(statement.Resource)).toBe(named[0]);
        roleIds.forEach((roleId) => readersOf.get(named[0]!)!.add(roleId));
      }
    };
    for (const { roleIds, statements } of rolePolicies()) inspect(roleIds, statements);
    for (const { arn, readers } of secrets) {
      expect(readers.length).toBeGreaterThan(0);
      expect([...readersOf.get(JSON.stringify(arn))!].sort()).toEqual(readers.map(roleOf).sort());
    }
    template().resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  test('codeTtlSeconds reaches the functions that issue or redeem codes only when set, and only them', () => {
    for (const handler of handlers) {
      expect([handler, 'CODE_TTL_SECONDS' in functionOf(handler).Properties.Environment.Variables]).toEqual([handler, false]);
    }
    for (const [handler, ttl] of variableOfEach('CODE_TTL_SECONDS', { codeTtlSeconds: 600 })) {
      expect([handler, ttl]).toEqual([handler, readsCodeSecret(handler) ? '600' : undefined]);
    }
  });

  test('a function serving several routes gets every table, pool, mail and secret need of them', () => {
    expect(
      widestAccess({ table: { read: ['VIDEO#*'] }, userPool: ['AdminGetUser'] }, { table: { read: ['USER#*'], write: ['USER#*'] }, userPool: ['AdminDeleteUser'] }),
    ).toEqual({
      table: { read: ['USER#*', 'VIDEO#*'], write: ['USER#*'] },
      userPool: ['AdminDeleteUser', 'AdminGetUser'],
    });
    // Every family either names, once and sorted, whatever the order of the routes.
    expect(widestAccess({ table: { write: ['SLUG#*', 'ARTICLE#*'] } }, { table: { write: ['ARTICLE#*'] } })).toEqual({ table: { write: ['ARTICLE#*', 'SLUG#*'] } });
    expect(widestAccess({ userPool: ['AdminGetUser'], mail: true }, { userPool: ['AdminGetUser'] })).toEqual({
      userPool: ['AdminGetUser'],
      mail: true,
    });
    // An empty list still means "talks to the pool": the function needs its ids.
    expect(widestAccess({}, { userPool: [], codeSecret: true })).toEqual({ userPool: [], codeSecret: true });
    expect(widestAccess({ mail: false }, {})).toEqual({});
    // Uploading includes reading (s3:GetObject): the wider wins, in either order.
    expect(widestAccess({ bucket: 'read' }, { bucket: 'upload' })).toEqual({ bucket: 'upload' });
    expect(widestAccess({ bucket: 'upload', table: { read: ['VIDEO#*'] } }, { bucket: 'read' })).toEqual({ bucket: 'upload', table: { read: ['VIDEO#*'] } });
    expect(widestAccess({}, { bucket: 'read' })).toEqual({ bucket: 'read' });
    expect(widestAccess({ bucket: 'read' }, {})).toEqual({ bucket: 'read' });
    // The newsletter's mail and secret are kept like the others, in either order.
    expect(widestAccess({ newsletterSecret: true }, { table: { write: ['USER#*'] } })).toEqual({ newsletterSecret: true, table: { write: ['USER#*'] } });
    expect(widestAccess({ table: { read: ['FEED'] } }, { newsletterMail: true, newsletterSecret: false })).toEqual({ newsletterMail: true, table: { read: ['FEED'] } });
  });
});

describe('table items (dynamodb:LeadingKeys)', () => {
  const catalogue = () => [catalogueApi.listArticles, catalogueApi.getArticle, catalogueApi.getVideo].map(handlerFor);
  const conditionsOf = (handler: string) => statementsOf(handler).filter(touchesItems).map((statement) => statement.Condition);
  const familiesIn = (condition: unknown): readonly string[] =>
    (condition as Partial<ReturnType<typeof leadingKeys>> | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? [];

  test('the catalogue functions may only read the catalogue: no profile, code or rate counter, and nothing written', () => {
    const [listArticles, getArticle, getVideo] = catalogue();
    // Written out, not derived: a catalogue route that starts reading another family has to be added here on purpose.
    expect(conditionsOf(listArticles!)).toEqual([leadingKeys(['FEED', 'FEED#TAG#*'])]);
    expect(conditionsOf(getArticle!)).toEqual([leadingKeys(['ARTICLE#*', 'ARTICLE#*#VIDEOS', 'SLUG#*'])]);
    expect(conditionsOf(getVideo!)).toEqual([leadingKeys(['VIDEO#*'])]);
    for (const handler of catalogue()) {
      expect(grantsOf(handler, 'dynamodb:').every((line) => TABLE_READ.some((action) => line.startsWith(`${action} on`)))).toBe(true);
      const families = conditionsOf(handler).flatMap(familiesIn);
      for (const key of ['USER#7c0e', 'CODE#signup#9f2a', 'RATE#logins#9f2a', 'CAMPAIGN#cmp_1', 'SUBSCRIBERS']) {
        expect([handler, key, families.filter((family) => stringLike(key, family))]).toEqual([handler, key, []]);
      }
    }
  });

  test('every grant of a table item action, on any role of the stack, is held to named families', () => {
    const statements = rolePolicies()
      .flatMap((policy) => policy.statements)
      .filter(touchesItems);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(actionsOf(statement).every((action) => [...TABLE_READ, ...TABLE_WRITE].includes(action))).toBe(true);
      const families = familiesIn(statement.Condition);
      expect(statement.Condition).toEqual(leadingKeys(families));
      expect(families.length).toBeGreaterThan(0);
      expect(families).not.toContain('*');
    }
  });
});
