/**
 * The CDK stack, asserted on its synthesized template. Expectations come from the shared definitions (route table,
 * table design, user pool definition, cdk.json), so a change there that the stack does not follow fails here.
 */
import { App, Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as accountsApi from '../../functions/accounts/operations';
import * as catalogueApi from '../../functions/catalogue/operations';
import * as downloadsApi from '../../functions/downloads/operations';
import * as editorialApi from '../../functions/editorial/operations';
import { publishedEventItem } from '../../functions/editorial/published-event';
import * as newsletterApi from '../../functions/newsletter/operations';
import { NEWSLETTER_TEMPLATE } from '../../functions/newsletter/template';
import type { Access, Route } from '../../functions/routes';
import { backgroundFunctions, CALLER_VERIFICATION, FALLBACK_HANDLER, NEWSLETTER_SENDER, routes } from '../../functions/routes';
import { corsPolicy } from '../../functions/shared/cors';
import { widestAccess } from '../../infra/access';
import { createApp } from '../../infra/app';
import { tableDesign, userPoolDefinition, VIDEO_PREFIX } from '../../infra/definitions';
import { PressroomFunction } from '../../infra/function';
import { stringLike } from '../../local/table-guard';
import { Mail } from '../../infra/mail';
import { cdkContext, EXAMPLE_ORIGINS, testContext } from './context';

/** The parts of the template these tests read, typed as CloudFormation writes them. */
type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };
interface Resource<P> {
  Type: string;
  Properties: P;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
interface PolicyDocument {
  Statement: Statement[];
}
interface FunctionProps {
  Description: string;
  Role: GetAtt;
  Environment: { Variables: Record<string, unknown> };
  LoggingConfig: { LogGroup: Ref };
}
interface RoleProps {
  ManagedPolicyArns?: unknown[];
  Policies?: { PolicyDocument: PolicyDocument }[];
}
interface PolicyProps {
  Roles: Ref[];
  PolicyDocument: PolicyDocument;
}
interface SecretProps {
  GenerateSecretString?: unknown;
  SecretString?: unknown;
}
interface BucketProps {
  PublicAccessBlockConfiguration: unknown;
  BucketEncryption: unknown;
  LoggingConfiguration?: { DestinationBucketName: unknown };
  LifecycleConfiguration: { Rules: unknown[] };
  CorsConfiguration?: { CorsRules: unknown[] };
  VersioningConfiguration?: { Status: string };
}
interface BucketPolicyProps {
  Bucket: Ref;
  PolicyDocument: PolicyDocument;
}
interface UserPoolProps {
  Policies: { PasswordPolicy: unknown };
  AutoVerifiedAttributes?: string[];
  UsernameAttributes: string[];
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: boolean };
  AccountRecoverySetting: unknown;
  DeletionProtection: string;
  UserPoolTier?: string;
  LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: string; LambdaArn: unknown } };
}
type TokenName = 'AccessToken' | 'IdToken' | 'RefreshToken';
type ClientProps = {
  GenerateSecret: boolean;
  PreventUserExistenceErrors: string;
  EnableTokenRevocation: boolean;
  ExplicitAuthFlows: string[];
  WriteAttributes: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  TokenValidityUnits: Record<TokenName, string>;
} & Record<`${TokenName}Validity`, number>;
interface RouteProps {
  RouteKey: string;
  Target: { 'Fn::Join': [string, [string, Ref]] };
  AuthorizationType?: string;
}
interface StageProps {
  StageName: string;
  AutoDeploy: boolean;
  DefaultRouteSettings: unknown;
  AccessLogSettings: { Format: string; DestinationArn: GetAtt };
}
interface EventSourceMappingProps {
  FunctionName: Ref;
  EventSourceArn: GetAtt;
  StartingPosition: string;
  BatchSize: number;
  BisectBatchOnFunctionError: boolean;
  MaximumRetryAttempts: number;
  DestinationConfig: { OnFailure: { Destination: GetAtt } };
  FilterCriteria: { Filters: { Pattern: string }[] };
}
interface EventInvokeConfigProps {
  FunctionName: Ref;
  Qualifier: string;
  MaximumRetryAttempts: number;
  MaximumEventAgeInSeconds: number;
  DestinationConfig: { OnFailure: { Destination: GetAtt } };
}
interface QueueProps {
  SqsManagedSseEnabled?: boolean;
  KmsMasterKeyId?: unknown;
}
interface AlarmProps {
  AlarmDescription: unknown;
  AlarmActions?: unknown[];
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic: string;
  Period: number;
  EvaluationPeriods: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
}
interface MetricFilterProps {
  FilterPattern: string;
  LogGroupName: Ref;
  MetricTransformations: { MetricNamespace: string; MetricName: string; MetricValue: string }[];
}
interface PermissionProps {
  FunctionName: unknown;
  Principal: string;
}
interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: unknown }[] }[];
}

function synthesize(context: Record<string, unknown> = testContext) {
  const { app, stack } = createApp({ context });
  const assembly = app.synth();
  return { app, stack, assembly, template: Template.fromStack(stack) };
}

let built: ReturnType<typeof synthesize>;
let template: Template;
beforeAll(() => {
  built = synthesize();
  template = built.template;
});

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  built.stack.getLogicalId(construct.node.defaultChild as CfnResource);
const resourcesOf = <P>(type: string, from: Template = template) => from.findResources(type) as Record<string, Resource<P>>;
const resourceById = <P>(id: string, from: Template = template) =>
  (from.toJSON() as { Resources: Record<string, Resource<P>> }).Resources[id]!;
const onlyResource = <P>(type: string): Resource<P> => {
  const found = Object.values(resourcesOf<P>(type));
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** The functions behind the HTTP API: one per handler module of the route table, and the fallback. */
const httpHandlers = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER])];
const handlers = [...httpHandlers, ...backgroundFunctions.map((background) => background.handler)];
const routesOf = (handler: string) => routes.filter((route) => route.handler === handler);
const backgroundOf = (handler: string) => backgroundFunctions.find((background) => background.handler === handler);
/** What a handler's routes need, from the route table (the stack must follow it). */
const verifiesTokens = (handler: string) => routesOf(handler).some((route) => route.operation.auth !== 'public');
/** What the route table gives a handler: the accesses of its routes (and what checking tokens takes), or its own as a background function. */
const accessesOf = (handler: string): Access[] => [
  ...routesOf(handler).map((route) => route.access),
  ...(verifiesTokens(handler) ? [CALLER_VERIFICATION] : []),
  ...[backgroundOf(handler)?.access ?? []].flat(),
];
const usesTable = (handler: string) => accessesOf(handler).some((access) => access.table);
/** The item families a handler's routes read (or write): every one any of them names, sorted. */
const familiesOf = (handler: string, kind: 'read' | 'write'): string[] =>
  [...new Set(accessesOf(handler).flatMap((access) => access.table?.[kind] ?? []))].sort();
const usesUserPool = (handler: string) => accessesOf(handler).some((access) => access.userPool);
const userPoolActionsOf = (handler: string) => [...new Set(accessesOf(handler).flatMap((access) => access.userPool ?? []))];
const sendsMail = (handler: string) => accessesOf(handler).some((access) => access.mail);
const sendsNewsletter = (handler: string) => accessesOf(handler).some((access) => access.newsletterMail);
const readsCodeSecret = (handler: string) => accessesOf(handler).some((access) => access.codeSecret);
const readsNewsletterSecret = (handler: string) => accessesOf(handler).some((access) => access.newsletterSecret);
const pausesMail = (handler: string) => accessesOf(handler).some((access) => access.pauseMail);
/** The widest bucket access of a handler's routes: `upload` covers `read`. */
const bucketAccessOf = (handler: string) => {
  const accesses = accessesOf(handler).map((access) => access.bucket);
  return accesses.includes('upload') ? 'upload' : accesses.includes('read') ? 'read' : undefined;
};
const triggerOf = (handler: string) => backgroundOf(handler)?.trigger;
/** The alarms on a function's Lambda errors. */
const errorAlarmsOn = (functionId: string) =>
  Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm'))
    .map(({ Properties }) => Properties)
    .filter(({ Namespace, MetricName, Dimensions }) => Namespace === 'AWS/Lambda' && MetricName === 'Errors' && JSON.stringify(Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]));
const invokesOf = (handler: string) => backgroundOf(handler)?.invokes ?? [];
/** The handler module of an operation, as the route table says. */
const handlerFor = (operation: Route['operation']) => routes.find((route) => route.operation === operation)!.handler;

/** The function serving `handler`, found by its description (functions/<handler>). */
function functionOf(handler: string, from: Template = template): Resource<FunctionProps> {
  return resourceById<FunctionProps>(functionIdOf(handler, from), from);
}
function functionIdOf(handler: string, from: Template = template): string {
  const matches = Object.entries(resourcesOf<FunctionProps>('AWS::Lambda::Function', from)).filter(
    ([, resource]) => resource.Properties.Description === `functions/${handler}`,
  );
  expect(matches).toHaveLength(1);
  return matches[0]![0];
}
const functionArnOf = (handler: string) => ({ 'Fn::GetAtt': [functionIdOf(handler), 'Arn'] });
const roleOf = (handler: string) => functionOf(handler).Properties.Role['Fn::GetAtt'][0];

/** Every statement of every policy attached to the function's role, inline or separate. */
function statementsOf(handler: string): Statement[] {
  const roleId = functionOf(handler).Properties.Role['Fn::GetAtt'][0];
  const role = resourceById<RoleProps>(roleId);
  const inline = (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement);
  const attached = Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((ref) => ref.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}
const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** What the function's role allows, one "action on resource" line each, sorted (however IAM statements merge). */
function grantsOf(handler: string, prefix = ''): string[] {
  return statementsOf(handler)
    .flatMap((statement) => {
      expect(statement.Effect).toBe('Allow');
      const resources = [statement.Resource].flat();
      return actionsOf(statement).flatMap((action) => resources.map((resource) => grant(action, resource)));
    })
    .filter((line) => line.toLowerCase().startsWith(prefix.toLowerCase()))
    .sort();
}
const grant = (action: string, resource: unknown): string => `${action} on ${JSON.stringify(resource)}`;
/** `actions` on each of `resources`, as grantsOf writes them. */
const grants = (actions: readonly string[], resources: readonly unknown[]): string[] =>
  actions.flatMap((action) => resources.map((resource) => grant(action, resource))).sort();

/** CloudFormation's form of an ARN (or name) token of the stack, as the template holds it. */
const cfn = (token: string): unknown => built.stack.resolve(token);
const poolArn = () => cfn(built.stack.accounts.userPool.userPoolArn);
const codeSecretArn = () => cfn(built.stack.accounts.codeSecret.secretArn);
const newsletterSecretArn = () => cfn(built.stack.newsletter.secret.secretArn);
const mailResources = () => [built.stack.mail.identity.emailIdentityArn, built.stack.mail.configurationSetArn].map(cfn);
/** Whom the newsletter is sent as, through what, with which template: the identity, configuration set and template. */
const newsletterMailResources = () => [...mailResources(), cfn(built.stack.newsletter.templateArn)];
const SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
/**
 * What reading and writing table items may do, written out here rather than imported, so a change in
 * infra/access.ts shows. No Scan: it carries no key for dynamodb:LeadingKeys to check.
 */
const TABLE_READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const TABLE_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
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
/**
 * What each bucket access may do, written out here rather than imported, so a change in infra/function.ts shows.
 * Multipart create, upload-part and complete are authorized by s3:PutObject; HeadObject by s3:GetObject.
 */
const S3_ACTIONS = {
  read: ['s3:GetObject'],
  upload: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
} as const;
const videoBucketId = () => logicalIdOf(built.stack.storage.videoBucket);
/** The objects under the video prefix (`<bucket ARN>/videos/*`), as the template holds them. */
const videoObjects = () => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [videoBucketId(), 'Arn'] }, `/${VIDEO_PREFIX}*`]] });

describe('data', () => {
  test('one table with the shared design: keys, index, TTL, stream, PITR, on demand, protected and retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDesign.indexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: tableDesign.streamView },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled without a key of ours: the AWS managed key (aws/dynamodb).
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      },
    });
  });
});

describe('storage', () => {
  const allPublicAccessBlocked = {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  };
  const s3Managed = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };

  function expectTlsOnly(bucketId: string) {
    const policies = Object.values(resourcesOf<BucketPolicyProps>('AWS::S3::BucketPolicy')).filter(
      (policy) => policy.Properties.Bucket.Ref === bucketId,
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  }

  test('the video bucket is private, TLS-only, encrypted, logged, cleans up uploads and allows browser PUTs', () => {
    const videosId = logicalIdOf(built.stack.storage.videoBucket);
    const logsId = logicalIdOf(built.stack.storage.accessLogBucket);
    const videos = resourceById<BucketProps>(videosId);
    expect(videos.DeletionPolicy).toBe('Retain');
    expect(videos.Properties.PublicAccessBlockConfiguration).toEqual(allPublicAccessBlocked);
    expect(videos.Properties.BucketEncryption).toEqual(s3Managed);
    expect(videos.Properties.LoggingConfiguration?.DestinationBucketName).toEqual({ Ref: logsId });
    expect(videos.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }),
    );
    expect(videos.Properties.CorsConfiguration?.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: EXAMPLE_ORIGINS, ExposedHeaders: ['ETag'] }),
    ]);
    expectTlsOnly(videosId);
  });

  test('the video bucket is versioned: a replaced or deleted file stays restorable 30 days, then goes, with its delete marker', () => {
    const videos = resourceById<BucketProps>(logicalIdOf(built.stack.storage.videoBucket));
    expect(videos.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    // The whole bucket (no filter), and the window written out, so a change of it shows here.
    expect(videos.Properties.LifecycleConfiguration.Rules).toContainEqual({
      Id: 'expire-noncurrent-versions',
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      ExpiredObjectDeleteMarker: true,
      Status: 'Enabled',
    });
  });

  test('the access log bucket is private, TLS-only, encrypted and expires its logs', () => {
    const logsId = logicalIdOf(built.stack.storage.accessLogBucket);
    const logs = resourceById<BucketProps>(logsId);
    expect(logs.Properties.PublicAccessBlockConfiguration).toEqual(allPublicAccessBlocked);
    expect(logs.Properties.BucketEncryption).toEqual(s3Managed);
    expect(logs.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: cdkContext.logRetentionDays, Status: 'Enabled' }),
    );
    expectTlsOnly(logsId);
  });
});

describe('accounts', () => {
  const MINUTES_PER_UNIT: Record<string, number> = { minutes: 1, hours: 60, days: 24 * 60 };

  test('the user pool follows the shared password policy, verifies nothing itself, lets nobody sign up directly and is protected', () => {
    const { passwordPolicy } = userPoolDefinition;
    const pool = onlyResource<UserPoolProps>('AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.Policies.PasswordPolicy).toEqual({
      MinimumLength: passwordPolicy.minLength,
      RequireUppercase: passwordPolicy.requireUppercase,
      RequireLowercase: passwordPolicy.requireLowercase,
      RequireNumbers: passwordPolicy.requireDigits,
      RequireSymbols: passwordPolicy.requireSymbols,
    });
    expect(pool.Properties.AutoVerifiedAttributes ?? []).toEqual([]);
    expect(pool.Properties.UsernameAttributes).toEqual([userPoolDefinition.usernameAttribute]);
    // Attack 1 (docs/SECURITY.md): a token's client id must not let anyone call SignUp around our API.
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    // admin_only is how CloudFormation spells "no self-service recovery".
    expect(pool.Properties.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] });
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
  });

  test('the code secret is generated by Secrets Manager at deploy, is in no template, and is retained', () => {
    const secret = resourceById<SecretProps>(logicalIdOf(built.stack.accounts.codeSecret));
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  test('the groups of the shared definition exist', () => {
    const groups = Object.values(resourcesOf<{ GroupName: string }>('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...userPoolDefinition.groups].sort());
  });

  test('the app client has no secret, the shared flows and token lifetimes, and hides whether a user exists', () => {
    const client = onlyResource<ClientProps>('AWS::Cognito::UserPoolClient').Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.EnableTokenRevocation).toBe(true);
    expect([...client.ExplicitAuthFlows].sort()).toEqual([...userPoolDefinition.authFlows].sort());
    const minutes = (name: TokenName) => client[`${name}Validity`] * MINUTES_PER_UNIT[client.TokenValidityUnits[name]]!;
    expect(minutes('AccessToken')).toBe(userPoolDefinition.accessTokenMinutes);
    expect(minutes('IdToken')).toBe(userPoolDefinition.idTokenMinutes);
    expect(minutes('RefreshToken')).toBe(userPoolDefinition.refreshTokenDays * 24 * 60);
  });

  test('no public sign-in flow, and a token cannot write the email address (attack 1)', () => {
    const client = onlyResource<ClientProps>('AWS::Cognito::UserPoolClient').Properties;
    expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.WriteAttributes).toEqual(['name']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  test('access tokens are issued without the scope that opens Cognito\'s self-service API (attack 1)', () => {
    const pool = onlyResource<UserPoolProps>('AWS::Cognito::UserPool').Properties;
    // Access token customization is an Essentials feature; version 2 of the event is the one that reaches access tokens.
    expect(pool.UserPoolTier).toBe('ESSENTIALS');
    const trigger = pool.LambdaConfig.PreTokenGenerationConfig;
    expect(trigger.LambdaVersion).toBe('V2_0');
    expect(trigger.LambdaArn).toEqual(functionArnOf('accounts/token-scopes'));
  });
});

describe('api', () => {
  const apiRoutes = () => Object.values(resourcesOf<RouteProps>('AWS::ApiGatewayV2::Route'));

  test('one route per route-table entry, with its method and path, plus $default', () => {
    const routeKeys = apiRoutes().map((route) => route.Properties.RouteKey);
    const expected = [...routes.map(({ operation }) => `${operation.method} ${operation.path}`), '$default'];
    expect(routeKeys.sort()).toEqual(expected.sort());
  });

  test('each route goes to the function of its handler module, and $default to the fallback', () => {
    const integrations = resourcesOf<{ IntegrationUri: GetAtt }>('AWS::ApiGatewayV2::Integration');
    const handlerOf = (route: Resource<RouteProps> | undefined): string => {
      const integrationId = route!.Properties.Target['Fn::Join'][1][1].Ref;
      const functionId = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0];
      return resourceById<FunctionProps>(functionId).Properties.Description.replace(/^functions\//, '');
    };
    const byKey = new Map(apiRoutes().map((route) => [route.Properties.RouteKey, route]));
    for (const { operation, handler } of routes) {
      expect([operation.operationId, handlerOf(byKey.get(`${operation.method} ${operation.path}`))]).toEqual([
        operation.operationId,
        handler,
      ]);
    }
    expect(handlerOf(byKey.get('$default'))).toBe(FALLBACK_HANDLER);
  });

  test("no API Gateway authorizer: the functions verify tokens and answer in the contract's error shape", () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const route of apiRoutes()) {
      expect([undefined, 'NONE']).toContain(route.Properties.AuthorizationType);
    }
  });

  test('CORS preflight comes from the shared policy and the allowed origins', () => {
    const api = onlyResource<{ CorsConfiguration: unknown }>('AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration).toEqual({
      AllowOrigins: EXAMPLE_ORIGINS,
      AllowMethods: [...corsPolicy.allowMethods],
      AllowHeaders: [...corsPolicy.allowHeaders],
      ExposeHeaders: [...corsPolicy.exposeHeaders],
      MaxAge: corsPolicy.maxAgeSeconds,
      AllowCredentials: false,
    });
  });

  test('the default stage logs every request as JSON and throttles by the configured rate', () => {
    const stage = onlyResource<StageProps>('AWS::ApiGatewayV2::Stage').Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: cdkContext.apiThrottleRate,
      ThrottlingBurstLimit: cdkContext.apiThrottleBurst,
    });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
      ip: '$context.identity.sourceIp',
    });
    const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(resourceById<{ RetentionInDays: number }>(logGroupId).Properties.RetentionInDays).toBe(cdkContext.logRetentionDays);
  });

  test('outputs the API URL, pool and client ids, table and bucket names', () => {
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'BucketName']) {
      template.hasOutput(name, { Value: Match.anyValue() });
    }
  });
});

describe('functions', () => {
  test('one arm64 nodejs22.x function per distinct handler module, with its own log group', () => {
    template.resourceCountIs('AWS::Lambda::Function', handlers.length);
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
        // Only HTTP handlers add CORS headers (shared/http.ts) and may show the portal's name on a page;
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
      if (httpHandlers.includes(handler)) expect(variables.ALLOWED_ORIGINS).toBe(EXAMPLE_ORIGINS.join(','));
      if (sendsMail(handler) || sendsNewsletter(handler)) {
        expect(variables).toMatchObject({ MAIL_FROM: cdkContext.senderEmail, PORTAL_NAME: cdkContext.portalName });
      }
      if ('SES_CONFIGURATION_SET' in variables) {
        expect(variables.SES_CONFIGURATION_SET).toEqual(cfn(built.stack.mail.configurationSet.configurationSetName));
      }
      if (readsCodeSecret(handler)) expect(variables.CODE_SECRET_ARN).toEqual(codeSecretArn());
      if (readsNewsletterSecret(handler)) expect(variables.NEWSLETTER_SECRET_ARN).toEqual(newsletterSecretArn());
      if (bucketAccessOf(handler)) expect(variables.BUCKET_NAME).toEqual({ Ref: videoBucketId() });
    }
  });

  test("each function reads exactly its routes' item families, on the table and its index, and writes exactly theirs, on the table", () => {
    expect(handlers.filter((handler) => familiesOf(handler, 'read').length > 0).length).toBeGreaterThan(0);
    expect(handlers.filter((handler) => familiesOf(handler, 'write').length > 0).length).toBeGreaterThan(0);
    const tableArn = { 'Fn::GetAtt': [logicalIdOf(built.stack.data.table), 'Arn'] };
    const indexArns = tableDesign.indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]] }));
    const lines = (actions: string[], resources: unknown[], families: string[]) =>
      families.length === 0 ? [] : grants(actions, resources).map((line) => `${line} if ${JSON.stringify(leadingKeys(families))}`);
    for (const handler of handlers) {
      const expected = [
        ...lines(TABLE_READ, [tableArn, ...indexArns], familiesOf(handler, 'read')),
        ...lines(TABLE_WRITE, [tableArn], familiesOf(handler, 'write')),
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
        ...(familiesOf(handler, 'read').length > 0 ? TABLE_READ : []),
        ...(familiesOf(handler, 'write').length > 0 ? TABLE_WRITE : []),
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
        ...(invokesOf(handler).length > 0 ? ['lambda:InvokeFunction'] : []),
      ];
      const actions = [...new Set(statementsOf(handler).flatMap(actionsOf))];
      expect([handler, actions.sort()]).toEqual([handler, [...new Set(expected)].sort()]);
    }
    for (const role of Object.values(resourcesOf<RoleProps>('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
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
        ...(pausesMail(handler) ? grants(['ses:PutConfigurationSetSendingOptions'], [cfn(built.stack.mail.configurationSetArn)]) : []),
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
    for (const policy of Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy'))) {
      inspect(policy.Properties.Roles.map((ref) => ref.Ref), policy.Properties.PolicyDocument.Statement);
    }
    for (const [roleId, role] of Object.entries(resourcesOf<RoleProps>('AWS::IAM::Role'))) {
      inspect([roleId], (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement));
    }
    for (const { arn, readers } of secrets) {
      expect(readers.length).toBeGreaterThan(0);
      expect([...readersOf.get(JSON.stringify(arn))!].sort()).toEqual(readers.map(roleOf).sort());
    }
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  });

  test('codeTtlSeconds reaches the functions that issue or redeem codes only when set, and only them', () => {
    for (const handler of handlers) {
      expect([handler, 'CODE_TTL_SECONDS' in functionOf(handler).Properties.Environment.Variables]).toEqual([handler, false]);
    }
    const { template: withTtl } = synthesize({ ...testContext, codeTtlSeconds: 600 });
    for (const handler of handlers) {
      const ttl = functionOf(handler, withTtl).Properties.Environment.Variables.CODE_TTL_SECONDS;
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
    const statements = [
      ...Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement),
      ...Object.values(resourcesOf<RoleProps>('AWS::IAM::Role')).flatMap((role) => (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement)),
    ].filter(touchesItems);
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

describe('accounts functions', () => {
  const signup = () => handlerFor(accountsApi.signup);

  test('signup may look up users, send from our identity, and read the code secret, and no more', () => {
    expect(grantsOf(signup(), 'cognito-idp:')).toEqual(grants(['cognito-idp:AdminGetUser'], [poolArn()]));
    expect(grantsOf(signup(), 'ses:')).toEqual(grants(['ses:SendEmail'], mailResources()));
    expect(grantsOf(signup(), 'secretsmanager:')).toEqual(grants(SECRET_READ, [codeSecretArn()]));
  });

  test('refresh may only sign in with a refresh token, through the admin API: no other Cognito or secret grant', () => {
    const refresh = handlerFor(accountsApi.refresh);
    expect(grantsOf(refresh, 'cognito-idp:')).toEqual(grants(['cognito-idp:AdminInitiateAuth'], [poolArn()]));
    expect(grantsOf(refresh, 'secretsmanager:')).toEqual([]);
    const variables = functionOf(refresh).Properties.Environment.Variables;
    expect(variables.USER_POOL_CLIENT_ID).toEqual(cfn(built.stack.accounts.apiClient.userPoolClientId));
    expect(variables).not.toHaveProperty('JWT_ISSUER');
  });

  test('me verifies tokens and may only look users up', () => {
    const me = handlerFor(accountsApi.getMe);
    expect(functionOf(me).Properties.Environment.Variables.JWT_ISSUER).toBeDefined();
    expect(grantsOf(me, 'cognito-idp:')).toEqual(grants(['cognito-idp:AdminGetUser'], [poolArn()]));
  });

  test('confirm sends no mail', () => {
    expect(grantsOf(handlerFor(accountsApi.confirmSignup), 'ses:')).toEqual([]);
  });
});

describe('video bucket access', () => {
  const downloadVideo = () => handlerFor(downloadsApi.downloadVideo);
  const uploaders = () => [handlerFor(editorialApi.startRenditionUpload), handlerFor(editorialApi.completeRenditionUpload)];

  test('the route table gives the bucket to download-video (read) and the rendition uploads (upload) only', () => {
    expect(handlers.filter((handler) => bucketAccessOf(handler) === 'read')).toEqual([downloadVideo()]);
    expect(handlers.filter((handler) => bucketAccessOf(handler) === 'upload').sort()).toEqual(uploaders().sort());
  });

  test('download-video may only get objects, and only under the video prefix', () => {
    expect(grantsOf(downloadVideo(), 's3:')).toEqual(grants(['s3:GetObject'], [videoObjects()]));
  });

  test('the rendition upload functions may only put, abort, get and delete objects under the video prefix', () => {
    for (const handler of uploaders()) {
      expect([handler, grantsOf(handler, 's3:')]).toEqual([
        handler,
        grants(['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject', 's3:DeleteObject'], [videoObjects()]),
      ]);
    }
  });

  test('no other role has any S3 action, on any resource; none has a KMS action (the bucket is SSE-S3)', () => {
    for (const handler of handlers) {
      const bucket = bucketAccessOf(handler);
      const expected = bucket ? grants(S3_ACTIONS[bucket], [videoObjects()]) : [];
      expect([handler, grantsOf(handler, 's3:')]).toEqual([handler, expected]);
      expect([handler, grantsOf(handler, 'kms:')]).toEqual([handler, []]);
    }
    // Every role of the stack, not only the functions': whoever holds an S3 (or `*`) action is a bucket handler.
    const roleOf = (handler: string) => functionOf(handler).Properties.Role['Fn::GetAtt'][0];
    const holders = new Set<string>();
    const inspect = (roleIds: string[], statements: Statement[]) => {
      if (statements.some((statement) => actionsOf(statement).some((action) => /^s3:|^\*$/i.test(action)))) {
        roleIds.forEach((roleId) => holders.add(roleId));
      }
    };
    for (const policy of Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy'))) {
      inspect(policy.Properties.Roles.map((ref) => ref.Ref), policy.Properties.PolicyDocument.Statement);
    }
    for (const [roleId, role] of Object.entries(resourcesOf<RoleProps>('AWS::IAM::Role'))) {
      inspect([roleId], (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement));
    }
    expect([...holders].sort()).toEqual(handlers.filter(bucketAccessOf).map(roleOf).sort());
  });

  test('no role may touch object versions, so a compromised function can at worst add a delete marker', () => {
    const allowed = [
      ...Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement),
      ...Object.values(resourcesOf<RoleProps>('AWS::IAM::Role')).flatMap((role) => (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement)),
    ]
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap(actionsOf);
    expect(allowed).toContain('s3:DeleteObject');
    // s3:DeleteObjectVersion, s3:GetObjectVersion, s3:PutBucketVersioning..., and any wildcard that would cover one.
    expect(allowed.filter((action) => /version/i.test(action) || /^\*$|^s3:.*\*/i.test(action))).toEqual([]);
  });

  test('downloadUrlTtlSeconds reaches download-video only when set, and no other function', () => {
    for (const handler of handlers) {
      expect([handler, 'DOWNLOAD_URL_TTL_SECONDS' in functionOf(handler).Properties.Environment.Variables]).toEqual([handler, false]);
    }
    const { template: withTtl } = synthesize({ ...testContext, downloadUrlTtlSeconds: 120 });
    for (const handler of handlers) {
      const ttl = functionOf(handler, withTtl).Properties.Environment.Variables.DOWNLOAD_URL_TTL_SECONDS;
      expect([handler, ttl]).toEqual([handler, handler === downloadVideo() ? '120' : undefined]);
    }
  });

  test('the wildcard on video objects is acknowledged for that resource only: any other wildcard still fails', () => {
    const { app, stack } = createApp({ context: testContext });
    const download = stack.api.functions.get(downloadVideo())!;
    download.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [stack.storage.videoBucket.arnForObjects('*')] }),
    );
    const { violations } = new AwsSolutionsChecks().validateScope(app);
    const bucketId = stack.getLogicalId(stack.storage.videoBucket.node.defaultChild as CfnResource);
    expect(violations.map((violation) => violation.ruleName)).toEqual([`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`]);
  });

  test('a customer managed key on the bucket adds exactly the KMS actions of the access, on that key', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'KmsProbe');
    const bucket = new Bucket(stack, 'Encrypted', { encryption: BucketEncryption.KMS });
    const bind = (id: string, access: 'read' | 'upload') => {
      const fn = new PressroomFunction(stack, id, { functionName: 'service/health', logRetention: RetentionDays.ONE_DAY });
      fn.bindBucket(bucket, access);
      return fn;
    };
    const reader = bind('Reader', 'read');
    const uploader = bind('Uploader', 'upload');
    const probe = Template.fromStack(stack);
    const keyArn: unknown = stack.resolve(bucket.encryptionKey!.keyArn);
    const kmsGrantsOf = (fn: PressroomFunction) => {
      const roleId = stack.getLogicalId(fn.role!.node.defaultChild as CfnResource);
      return Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy', probe))
        .filter((policy) => policy.Properties.Roles.some((ref) => ref.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
        .flatMap((statement) => actionsOf(statement).filter((action) => action.startsWith('kms:')).map((action) => grant(action, statement.Resource)))
        .sort();
    };
    expect(kmsGrantsOf(reader)).toEqual(grants(['kms:Decrypt'], [keyArn]));
    expect(kmsGrantsOf(uploader)).toEqual(grants(['kms:Decrypt', 'kms:GenerateDataKey'], [keyArn]));
  });
});

describe('newsletter', () => {
  const startCampaign = () => backgroundFunctions.find((background) => background.trigger === 'published-events')!.handler;
  const sesEvents = () => backgroundFunctions.find((background) => background.trigger === 'ses-events')!.handler;
  const queueIdOf = (destination: GetAtt) => destination['Fn::GetAtt'][0];

  /** Encrypted at rest, TLS only, and an alarm as soon as one message waits in it. */
  function expectWatchedDeadLetterQueue(queueId: string) {
    const queue = resourceById<QueueProps>(queueId);
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined).toBe(true);
    const policies = Object.values(resourcesOf<{ Queues: Ref[]; PolicyDocument: PolicyDocument }>('AWS::SQS::QueuePolicy')).filter(
      (policy) => policy.Properties.Queues.some((ref) => ref.Ref === queueId),
    );
    expect(policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarms = Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm')).filter(
      ({ Properties }) =>
        Properties.Namespace === 'AWS/SQS' &&
        JSON.stringify(Properties.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  }

  test('the route table has one function per trigger, and start-campaign invokes the sender', () => {
    expect(backgroundFunctions.map((background) => background.trigger).sort()).toEqual(['invocation', 'published-events', 'reputation-alarms', 'ses-events', 'token-generation']);
    expect(backgroundOf(NEWSLETTER_SENDER)?.trigger).toBe('invocation');
    expect(invokesOf(startCampaign())).toEqual([NEWSLETTER_SENDER]);
  });

  test('start-campaign reads the stream, filtered to ArticlePublished inserts, in bisected batches with a dead-letter queue', () => {
    const mapping = onlyResource<EventSourceMappingProps>('AWS::Lambda::EventSourceMapping').Properties;
    expect(mapping.FunctionName).toEqual({ Ref: functionIdOf(startCampaign()) });
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(built.stack.data.table), 'StreamArn'] });
    expect(['TRIM_HORIZON', 'LATEST']).toContain(mapping.StartingPosition);
    expect(mapping.BatchSize).toBe(10);
    expect(mapping.BisectBatchOnFunctionError).toBe(true);
    // Bounded: the default (-1) retries a failing record until it expires from the stream, holding its shard back.
    expect(mapping.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(mapping.MaximumRetryAttempts).toBeLessThanOrEqual(10);
    expectWatchedDeadLetterQueue(queueIdOf(mapping.DestinationConfig.OnFailure.Destination));

    expect(mapping.FilterCriteria.Filters).toHaveLength(1);
    const patternText = mapping.FilterCriteria.Filters[0]!.Pattern;
    expect(patternText).toContain('INSERT');
    const pattern = JSON.parse(patternText) as { eventName: unknown; dynamodb: { NewImage: { pk: { S: { prefix: string }[] } } } };
    expect(pattern.eventName).toEqual(['INSERT']);
    // The prefix is the key the publishing transaction writes, up to the article's id: the shared item, not a copy.
    const articleId = 'art_0123456789';
    const { pk } = publishedEventItem(articleId, '2026-01-01T00:00:00.000Z');
    expect(pk.endsWith(articleId)).toBe(true);
    expect(pattern.dynamodb).toEqual({ NewImage: { pk: { S: [{ prefix: pk.slice(0, -articleId.length) }] } } });
    expect(patternText).toContain('EVENT#ArticlePublished#');
  });

  test('the sender runs up to 15 minutes, retries twice, dead-letters what still fails, and alarms on any error', () => {
    const senderId = functionIdOf(NEWSLETTER_SENDER);
    expect(functionOf(NEWSLETTER_SENDER).Properties).toMatchObject({ Timeout: 900 });
    const config = onlyResource<EventInvokeConfigProps>('AWS::Lambda::EventInvokeConfig').Properties;
    expect(config.FunctionName).toEqual({ Ref: senderId });
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(config.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(config.MaximumEventAgeInSeconds).toBeLessThanOrEqual(6 * 3600);
    expectWatchedDeadLetterQueue(queueIdOf(config.DestinationConfig.OnFailure.Destination));

    expect(errorAlarmsOn(senderId)).toEqual([expect.objectContaining({ Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' })]);
  });

  test('the sender may invoke only itself, send only the newsletter, read only the newsletter secret, and not Cognito', () => {
    expect(grantsOf(NEWSLETTER_SENDER, 'lambda:')).toEqual(grants(['lambda:InvokeFunction'], [functionArnOf(NEWSLETTER_SENDER)]));
    expect(grantsOf(NEWSLETTER_SENDER, 'ses:')).toEqual(grants(['ses:SendBulkEmail'], newsletterMailResources()));
    expect(grantsOf(NEWSLETTER_SENDER, 'secretsmanager:')).toEqual(grants(SECRET_READ, [newsletterSecretArn()]));
    expect(grantsOf(NEWSLETTER_SENDER, 'cognito-idp:')).toEqual([]);
    // The template ARN names the shared template, and the grant holds no wildcard.
    expect(JSON.stringify(cfn(built.stack.newsletter.templateArn))).toContain(`:template/${NEWSLETTER_TEMPLATE.name}`);
    expect(JSON.stringify(grantsOf(NEWSLETTER_SENDER, 'ses:'))).not.toContain('*');
  });

  test("the sender is told the template, sender, links and pace, and not its own name (it reads Lambda's context)", () => {
    const variables = functionOf(NEWSLETTER_SENDER).Properties.Environment.Variables;
    expect(variables).toMatchObject({
      NEWSLETTER_TEMPLATE: NEWSLETTER_TEMPLATE.name,
      NEWSLETTER_MAX_SEND_RATE: String(cdkContext.newsletterMaxSendRate),
      // Unset, the front-end is the first allowed origin.
      FRONTEND_URL: EXAMPLE_ORIGINS[0],
      MAIL_FROM: cdkContext.senderEmail,
      PORTAL_NAME: cdkContext.portalName,
    });
    expect(variables.SES_CONFIGURATION_SET).toEqual(cfn(built.stack.mail.configurationSet.configurationSetName));
    expect(variables.PUBLIC_API_URL).toEqual(cfn(built.stack.api.url));
    expect(variables.NEWSLETTER_SECRET_ARN).toEqual(newsletterSecretArn());
    expect(JSON.stringify(variables)).not.toContain(functionIdOf(NEWSLETTER_SENDER));
  });

  test('start-campaign may invoke the sender and nothing else, is told its name, and nobody else may invoke it', () => {
    expect(grantsOf(startCampaign(), 'lambda:')).toEqual(grants(['lambda:InvokeFunction'], [functionArnOf(NEWSLETTER_SENDER)]));
    expect(functionOf(startCampaign()).Properties.Environment.Variables.NEWSLETTER_SENDER_FUNCTION).toEqual({
      Ref: functionIdOf(NEWSLETTER_SENDER),
    });
    const invokers = handlers.filter((handler) => grantsOf(handler, 'lambda:').length > 0);
    expect(invokers.sort()).toEqual([startCampaign(), NEWSLETTER_SENDER].sort());
  });

  test("ses-events is subscribed to the topic that is the configuration set's destination for bounces and complaints", () => {
    const destination = onlyResource<{
      ConfigurationSetName: Ref;
      EventDestination: { Enabled: boolean; MatchingEventTypes: string[]; SnsDestination: { TopicARN: Ref } };
    }>('AWS::SES::ConfigurationSetEventDestination').Properties;
    expect(destination.ConfigurationSetName).toEqual({ Ref: logicalIdOf(built.stack.mail.configurationSet) });
    expect(destination.EventDestination.Enabled).toBe(true);
    expect([...destination.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
    const topicId = logicalIdOf(built.stack.mail.events);
    expect(destination.EventDestination.SnsDestination.TopicARN).toEqual({ Ref: topicId });

    const subscription = onlyResource<{ Protocol: string; Endpoint: GetAtt; TopicArn: Ref }>('AWS::SNS::Subscription').Properties;
    expect(subscription).toEqual({ Protocol: 'lambda', Endpoint: functionArnOf(sesEvents()), TopicArn: { Ref: topicId } });
  });

  test('ses-events may only look users up in the pool (and write the table), as the route table says', () => {
    expect(grantsOf(sesEvents(), 'cognito-idp:')).toEqual(grants(['cognito-idp:AdminGetUser'], [poolArn()]));
    for (const prefix of ['ses:', 'secretsmanager:', 'lambda:', 's3:']) expect([prefix, grantsOf(sesEvents(), prefix)]).toEqual([prefix, []]);
  });

  test('the events topic is encrypted with a rotated key SES may use, takes TLS only, and takes SES for our set only', () => {
    const topicId = logicalIdOf(built.stack.mail.events);
    const keyId = logicalIdOf(built.stack.mail.eventsKey);
    const topic = resourceById<{ KmsMasterKeyId: unknown }>(topicId).Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const key = resourceById<{ EnableKeyRotation: boolean; KeyPolicy: PolicyDocument }>(keyId).Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const configurationSetArn = cfn(built.stack.mail.configurationSetArn);
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': configurationSetArn } }) as unknown,
      }),
    );
    const statements = Object.values(resourcesOf<{ Topics: Ref[]; PolicyDocument: PolicyDocument }>('AWS::SNS::TopicPolicy'))
      .filter((policy) => policy.Properties.Topics.some((ref) => ref.Ref === topicId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 'sns:Publish',
        Principal: { Service: 'ses.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' }, 'AWS:SourceArn': configurationSetArn } },
      }),
    ]);
  });

  test('the SES template is the shared definition: name, subject, text and HTML', () => {
    const { Template: sesTemplate } = onlyResource<{ Template: Record<string, string> }>('AWS::SES::Template').Properties;
    expect(sesTemplate).toEqual({
      TemplateName: NEWSLETTER_TEMPLATE.name,
      SubjectPart: NEWSLETTER_TEMPLATE.subject,
      TextPart: NEWSLETTER_TEMPLATE.text,
      HtmlPart: NEWSLETTER_TEMPLATE.html,
    });
    // Created before the sender, which names it by its fixed name.
    const templateId = built.stack.getLogicalId(built.stack.newsletter.template);
    expect(resourceById(functionIdOf(NEWSLETTER_SENDER))).toMatchObject({ DependsOn: expect.arrayContaining([templateId]) as unknown });
  });

  test('the newsletter secret is generated at deploy, retained, and read only by unsubscribe-page, unsubscribe and the sender', () => {
    const secret = resourceById<SecretProps>(logicalIdOf(built.stack.newsletter.secret));
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
    // Written out, not derived: a route that starts reading the key has to be added here on purpose.
    const expected = [handlerFor(newsletterApi.unsubscribePage), handlerFor(newsletterApi.unsubscribe), NEWSLETTER_SENDER];
    expect(expected.sort()).toEqual(['newsletter/send-campaign', 'newsletter/unsubscribe', 'newsletter/unsubscribe-page']);
    const readers = handlers.filter((handler) => grantsOf(handler).some((line) => line.includes(JSON.stringify(newsletterSecretArn()))));
    expect(readers.sort()).toEqual(expected.sort());
    for (const handler of readers) expect(grantsOf(handler, 'secretsmanager:')).toEqual(grants(SECRET_READ, [newsletterSecretArn()]));
  });

  test('the only "*" resource of any role is ListStreams, on start-campaign, and the acknowledgement covers no other role', () => {
    const wildcards = handlers.flatMap((handler) => grantsOf(handler).filter((line) => line.endsWith(' on "*"')).map((line) => `${handler}: ${line}`));
    expect(wildcards).toEqual([`${startCampaign()}: dynamodb:ListStreams on "*"`]);
    const { app, stack } = createApp({ context: testContext });
    stack.background.functionOf(NEWSLETTER_SENDER).addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
    const { violations } = new AwsSolutionsChecks().validateScope(app);
    expect(violations.map((violation) => violation.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });
});

describe('the sending breaker', () => {
  const breaker = () => backgroundFunctions.find((background) => background.trigger === 'reputation-alarms')!.handler;
  /** Where SES reviews an account, written out here rather than imported, so a change in infra/mail.ts shows. */
  const REVIEW_RATES = { 'Reputation.BounceRate': 0.05, 'Reputation.ComplaintRate': 0.001 };
  const sesAlarms = () => Object.entries(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm')).filter(([, { Properties }]) => Properties.Namespace === 'AWS/SES');
  const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

  test("alarms on the account's bounce and complaint rates, above where SES reviews an account, invoke the breaker", () => {
    const alarms = sesAlarms().map(([, { Properties }]) => Properties);
    expect(alarms.map((alarm) => [alarm.MetricName, alarm.Threshold]).sort()).toEqual(Object.entries(REVIEW_RATES).sort());
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Statistic: 'Maximum',
        Period: 3600,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [functionArnOf(breaker())],
      });
      // The account's own rates, the ones SES reviews: no configuration set dimension.
      expect(alarm.Dimensions).toBeUndefined();
      // What to do, down to the command that resumes sending on our configuration set.
      expect(alarm.AlarmDescription).toEqual({
        'Fn::Join': ['', [expect.stringMatching(/aws sesv2 put-configuration-set-sending-options --configuration-set-name $/), cfn(built.stack.mail.configurationSet.configurationSetName), ' --sending-enabled']],
      });
    }
  });

  test('only those alarms may invoke the breaker, each by its own ARN', () => {
    const permissions = Object.values(resourcesOf<PermissionProps>('AWS::Lambda::Permission'))
      .map(({ Properties }) => Properties)
      .filter(({ FunctionName }) => JSON.stringify(FunctionName) === JSON.stringify(functionArnOf(breaker())));
    const expected = sesAlarms().map(([alarmId]) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: functionArnOf(breaker()),
      Principal: 'lambda.alarms.cloudwatch.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::GetAtt': [alarmId, 'Arn'] },
    }));
    expect(permissions.sort(byJson)).toEqual(expected.sort(byJson));
  });

  test("the breaker may only pause sending on the portal's configuration set, and is told the set's name", () => {
    expect(grantsOf(breaker()).filter((line) => !line.startsWith('logs:'))).toEqual(
      grants(['ses:PutConfigurationSetSendingOptions'], [cfn(built.stack.mail.configurationSetArn)]),
    );
    expect(functionOf(breaker()).Properties.Environment.Variables.SES_CONFIGURATION_SET).toEqual(cfn(built.stack.mail.configurationSet.configurationSetName));
  });

  test("the breaker's failures raise an alarm: Lambda errors are watched on the sender and the breaker only", () => {
    expect(errorAlarmsOn(functionIdOf(breaker()))).toEqual([expect.objectContaining({ Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' })]);
    const watched = Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm')).filter(({ Properties }) => Properties.MetricName === 'Errors');
    expect(watched).toHaveLength(2);
    expect(built.stack.mail.alarms).toHaveLength(3);
  });
});

describe('account budget alarms', () => {
  /**
   * Each line the account functions log as a budget is spent, who writes it, and the alarm on its count: written out
   * here rather than imported, so a change in functions/accounts or infra/account-alarms.ts shows.
   */
  const checkers = () => [handlerFor(accountsApi.confirmSignup), handlerFor(accountsApi.resetPassword)];
  const requesters = () => [handlerFor(accountsApi.signup), handlerFor(accountsApi.resendCode), handlerFor(accountsApi.forgotPassword)];
  const signals = () => [
    { metric: 'CodeGuessBudgetSpent', message: 'code guess budget spent', writers: checkers(), period: 300, threshold: 0 },
    { metric: 'CodeRequestBudgetSpent', message: 'daily code request budget spent', writers: requesters(), period: 300, threshold: 0 },
    // Half of the default daily budget of wrong codes (2,000), which the deployed functions use.
    { metric: 'WrongCodes', message: 'wrong code', writers: checkers(), period: 86_400, threshold: 1_000 },
  ];
  const logGroupOf = (handler: string) => functionOf(handler).Properties.LoggingConfig.LogGroup;

  test('a metric filter counts each line on the log group of each function that writes it, and nowhere else', () => {
    const filters = Object.values(resourcesOf<MetricFilterProps>('AWS::Logs::MetricFilter')).map(({ Properties }) => Properties);
    const expected = signals().flatMap(({ metric, message, writers }) =>
      writers.map((writer) => ({
        FilterPattern: `{ $.message = "${message}" }`,
        LogGroupName: logGroupOf(writer),
        MetricTransformations: [{ MetricNamespace: `${built.stack.stackName}/Accounts`, MetricName: metric, MetricValue: '1' }],
      })),
    );
    const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(filters.sort(byJson)).toEqual(expected.sort(byJson));
  });

  test('an alarm on each count, with a description of what it means and what to do, and no action yet', () => {
    const alarms = Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm'))
      .map(({ Properties }) => Properties)
      .filter(({ Namespace }) => Namespace === `${built.stack.stackName}/Accounts`);
    expect(alarms.map(({ MetricName }) => MetricName).sort()).toEqual(signals().map(({ metric }) => metric).sort());
    for (const { metric, period, threshold } of signals()) {
      const alarm = alarms.find(({ MetricName }) => MetricName === metric)!;
      expect([metric, alarm]).toEqual([
        metric,
        expect.objectContaining({
          Statistic: 'Sum',
          Period: period,
          Threshold: threshold,
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        }),
      ]);
      expect(alarm.AlarmActions).toBeUndefined();
      expect(alarm.AlarmDescription).toEqual(expect.stringContaining('(README, Operations)'));
    }
  });

  test('every alarm of the stack is in the `alarms` of its construct, for whoever gives them an action', () => {
    const exposed = [...built.stack.background.alarms, ...built.stack.mail.alarms, ...built.stack.accountAlarms.alarms].map(logicalIdOf);
    expect(exposed.sort()).toEqual(Object.keys(resourcesOf('AWS::CloudWatch::Alarm')).sort());
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  // cdk-nag 3 is a policy validation plugin, not an aspect: its findings are not annotations but the synth's
  // validation report (and an exception from synth() under jest when one is an error).
  test('the synth validation report holds no unacknowledged finding', () => {
    const reportFile = join(built.assembly.directory, 'validation-report.json');
    const report: ValidationReport = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport)
      : { pluginReports: [] };
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations
        .filter((violation) => ['error', 'warning', 'fatal'].includes(violation.severity))
        .map((violation) => `${plugin.pluginName}: ${violation.ruleName} ${JSON.stringify(violation.violatingConstructs)}`),
    );
    expect(findings).toEqual([]);
  });

  test('finds no unacknowledged error or warning when run on the app directly', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(built.app);
    expect(violations.map((violation) => `${violation.ruleName} ${JSON.stringify(violation.violatingResources)}`)).toEqual([]);
  });

  test('no error or warning annotations on the stack', () => {
    const annotations = Annotations.fromStack(built.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('is registered by createApp: a non-compliant resource fails the synth', () => {
    const { app } = createApp({ context: testContext });
    new Bucket(new Stack(app, 'Probe'), 'UnloggedBucket', { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});

describe('settings and mail', () => {
  const withOrigins = (allowedOrigins: string | undefined, more: Record<string, unknown> = {}) =>
    createApp({ context: { ...testContext, allowedOrigins, ...more } });

  test('allowedOrigins has no default: a synth without it fails, saying what to pass', () => {
    const expected =
      "allowedOrigins must list the front-ends' origins, comma-separated, each exactly https://host or https://host:port " +
      '(no path, trailing slash, wildcard or http:); it is not set. Set it in cdk.json or pass it, for example ' +
      '-c allowedOrigins=https://media.example.org';
    for (const missing of [undefined, '', '  ']) expect(() => withOrigins(missing)).toThrow(expected);
    expect(cdkContext).not.toHaveProperty('allowedOrigins');
    expect(cdkContext).not.toHaveProperty('frontendUrl');
  });

  test.each([
    'http://media.example.org',
    'http://localhost:5173',
    'https://media.example.org/path',
    'https://media.example.org/',
    'https://*.example.org',
    '*',
    'https://Media.example.org',
    'https://media.example.org:443',
    'https://user@media.example.org',
    'https://media.example.org?x=1',
    'https://media.example.org:99999',
    'media.example.org',
  ])('allowedOrigins %j is refused, naming the origin that is not https', (allowedOrigins) => {
    expect(() => withOrigins(allowedOrigins)).toThrow(`(no path, trailing slash, wildcard or http:); not an https origin: "${allowedOrigins}". Set it`);
  });

  test('one origin that is not https refuses the whole list', () => {
    expect(() => withOrigins('https://media.example.org,http://localhost:5173')).toThrow('; not an https origin: "http://localhost:5173". Set it');
    expect(() => withOrigins('https://media.example.org,')).toThrow('; not an https origin: "". Set it');
  });

  test('a valid list is taken as given, and frontendUrl is the first origin unless set', () => {
    const { stack } = withOrigins(' https://media.example.org , https://10.0.0.7:8443 ');
    expect(stack.settings.allowedOrigins).toEqual(['https://media.example.org', 'https://10.0.0.7:8443']);
    expect(stack.settings.frontendUrl).toBe('https://media.example.org');
    expect(withOrigins('https://a.example.org,https://b.example.org', { frontendUrl: 'https://b.example.org/portal' }).stack.settings.frontendUrl).toBe(
      'https://b.example.org/portal',
    );
  });

  test.each(['http://media.example.org', 'https://elsewhere.example.org', 'media.example.org'])('frontendUrl %j is refused: https on an allowed origin only', (frontendUrl) => {
    expect(() => withOrigins('https://media.example.org', { frontendUrl })).toThrow(
      `frontendUrl: "${frontendUrl}" must be an https URL on one of the allowedOrigins (https://media.example.org)`,
    );
  });

  test('a malformed setting stops the synth with its name', () => {
    expect(() => createApp({ context: { ...testContext, logRetentionDays: 31 } })).toThrow(/logRetentionDays/);
    expect(() => createApp({ context: { ...testContext, senderDomain: 'press.example.org' } })).toThrow(/senderEmail/);
    for (const senderEmail of ['Press <press@example.org>', 'press@example.org, x@example.org', 'press@localhost']) {
      expect(() => createApp({ context: { ...testContext, senderEmail } })).toThrow(`senderEmail: "${senderEmail}" is not a plain email address`);
    }
    for (const codeTtlSeconds of [0, 90.5, 86_401, 'soon']) {
      expect(() => createApp({ context: { ...testContext, codeTtlSeconds } })).toThrow(/codeTtlSeconds/);
    }
    for (const downloadUrlTtlSeconds of [0, -5, 0.5, 90.5, 901, 3600, 'soon', 'Infinity']) {
      expect(() => createApp({ context: { ...testContext, downloadUrlTtlSeconds } })).toThrow(/downloadUrlTtlSeconds/);
    }
    for (const newsletterMaxSendRate of [0, -1, 1.5, 100_001, 'fast', 'Infinity']) {
      expect(() => createApp({ context: { ...testContext, newsletterMaxSendRate } })).toThrow(/newsletterMaxSendRate/);
    }
  });

  test('newsletterMaxSendRate accepts whole emails per second from 1 to 100000, 14 unless set, as the sender does', () => {
    for (const [value, expected] of [[1, 1], [100_000, 100_000], ['50', 50], ['', 14], [undefined, 14]] as const) {
      const { stack } = createApp({ context: { ...testContext, newsletterMaxSendRate: value } });
      expect([value, stack.settings.newsletterMaxSendRate]).toEqual([value, expected]);
    }
    // And it reaches the sender, and only the sender.
    const { template: faster } = synthesize({ ...testContext, newsletterMaxSendRate: 50 });
    for (const handler of handlers) {
      const rate = functionOf(handler, faster).Properties.Environment.Variables.NEWSLETTER_MAX_SEND_RATE;
      expect([handler, rate]).toEqual([handler, sendsNewsletter(handler) ? '50' : undefined]);
    }
  });

  test('downloadUrlTtlSeconds accepts whole seconds from 1 to 900, as download-video does', () => {
    for (const [value, expected] of [[1, 1], [900, 900], ['300', 300], [' 60 ', 60], ['', undefined], [undefined, undefined]] as const) {
      const { stack } = createApp({ context: { ...testContext, downloadUrlTtlSeconds: value } });
      expect([value, stack.settings.downloadUrlTtlSeconds]).toEqual([value, expected]);
    }
  });

  test('a sender domain becomes a domain identity, and grantSend allows SendEmail from it only', () => {
    const stack = new Stack();
    const mail = new Mail(stack, 'Mail', { sender: { domain: 'press.example.org', address: 'news@press.example.org' } });
    const role = new Role(stack, 'Sender', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    mail.grantSend(role);
    const mailTemplate = Template.fromStack(stack);
    mailTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'press.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    mailTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    const statements = Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy', mailTemplate)).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements).toHaveLength(1);
    const statement = statements[0]!;
    expect(actionsOf(statement)).toEqual(['ses:SendEmail']);
    expect(statement.Resource).toEqual([mail.identity.emailIdentityArn, mail.configurationSetArn].map((arn): unknown => stack.resolve(arn)));
    expect(JSON.stringify(statement.Resource)).not.toContain('*');
  });
});
