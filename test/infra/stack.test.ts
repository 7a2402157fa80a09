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
import * as accountsApi from '../../functions/accounts/api';
import * as downloadsApi from '../../functions/downloads/api';
import * as editorialApi from '../../functions/editorial/api';
import type { Route } from '../../functions/routes';
import { FALLBACK_HANDLER, routes } from '../../functions/routes';
import { corsPolicy } from '../../functions/shared/cors';
import { widestAccess } from '../../infra/api';
import { createApp } from '../../infra/app';
import { tableDesign, userPoolDefinition, VIDEO_PREFIX } from '../../infra/definitions';
import { PressroomFunction, TABLE_ACTIONS } from '../../infra/function';
import { Mail } from '../../infra/mail';

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
}
type TokenName = 'AccessToken' | 'IdToken' | 'RefreshToken';
type ClientProps = {
  GenerateSecret: boolean;
  PreventUserExistenceErrors: string;
  EnableTokenRevocation: boolean;
  ExplicitAuthFlows: string[];
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
interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: unknown }[] }[];
}

interface CdkContext extends Record<string, unknown> {
  allowedOrigins: string;
  senderEmail: string;
  portalName: string;
  apiThrottleRate: number;
  apiThrottleBurst: number;
  logRetentionDays: number;
}
const cdkContext = (JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')) as { context: CdkContext }).context;
/** Bundling every function with esbuild takes most of a synth; the template does not need the bundles. */
const testContext = { ...cdkContext, 'aws:cdk:bundling-stacks': [] };

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
const resourceById = <P>(id: string) => (template.toJSON() as { Resources: Record<string, Resource<P>> }).Resources[id]!;
const onlyResource = <P>(type: string): Resource<P> => {
  const found = Object.values(resourcesOf<P>(type));
  expect(found).toHaveLength(1);
  return found[0]!;
};

const handlers = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER])];
const routesOf = (handler: string) => routes.filter((route) => route.handler === handler);
const tableAccessOf = (handler: string) => routesOf(handler).find((route) => route.access.table)?.access.table;
const allowedOrigins = cdkContext.allowedOrigins.split(',');
/** What a handler's routes need, from the route table (the stack must follow it). */
const verifiesTokens = (handler: string) => routesOf(handler).some((route) => route.operation.auth !== 'public');
const usesUserPool = (handler: string) => routesOf(handler).some((route) => route.access.userPool);
const userPoolActionsOf = (handler: string) => [...new Set(routesOf(handler).flatMap((route) => route.access.userPool ?? []))];
const sendsMail = (handler: string) => routesOf(handler).some((route) => route.access.mail);
const readsCodeSecret = (handler: string) => routesOf(handler).some((route) => route.access.codeSecret);
/** The widest bucket access of a handler's routes: `upload` covers `read`. */
const bucketAccessOf = (handler: string) => {
  const accesses = routesOf(handler).map((route) => route.access.bucket);
  return accesses.includes('upload') ? 'upload' : accesses.includes('read') ? 'read' : undefined;
};
/** The handler module of an operation, as the route table says. */
const handlerFor = (operation: Route['operation']) => routes.find((route) => route.operation === operation)!.handler;

/** The function serving `handler`, found by its description (functions/<handler>). */
function functionOf(handler: string, from: Template = template): Resource<FunctionProps> {
  const matches = Object.values(resourcesOf<FunctionProps>('AWS::Lambda::Function', from)).filter(
    (resource) => resource.Properties.Description === `functions/${handler}`,
  );
  expect(matches).toHaveLength(1);
  return matches[0]!;
}

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
const mailResources = () => [built.stack.mail.identity.emailIdentityArn, built.stack.mail.configurationSetArn].map(cfn);
const SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
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
      expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: allowedOrigins, ExposedHeaders: ['ETag'] }),
    ]);
    expectTlsOnly(videosId);
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

  test('the user pool follows the shared password policy, verifies nothing itself and is protected', () => {
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
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(false);
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
      AllowOrigins: allowedOrigins,
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
      expect(Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs22.x', MemorySize: 1024, Timeout: 10 });
      expect(resourceById(Properties.LoggingConfig.LogGroup.Ref).Type).toBe('AWS::Logs::LogGroup');
    }
  });

  test('each function is told exactly the names its code reads, from its routes in the route table', () => {
    for (const handler of handlers) {
      const variables = functionOf(handler).Properties.Environment.Variables;
      const expected = [
        'NODE_OPTIONS',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_LOG_LEVEL',
        'ALLOWED_ORIGINS',
        ...(tableAccessOf(handler) ? ['TABLE_NAME'] : []),
        // Verifying a token reads the client id too; a public route that calls the pool needs no issuer.
        ...(usesUserPool(handler) || verifiesTokens(handler) ? ['USER_POOL_ID', 'USER_POOL_CLIENT_ID'] : []),
        ...(verifiesTokens(handler) ? ['JWT_ISSUER'] : []),
        ...(sendsMail(handler) ? ['MAIL_FROM', 'SES_CONFIGURATION_SET', 'PORTAL_NAME'] : []),
        ...(readsCodeSecret(handler) ? ['CODE_SECRET_ARN'] : []),
        ...(bucketAccessOf(handler) ? ['BUCKET_NAME'] : []),
      ];
      expect([handler, Object.keys(variables).sort()]).toEqual([handler, expected.sort()]);
      expect(variables.ALLOWED_ORIGINS).toBe(cdkContext.allowedOrigins);
      if (sendsMail(handler)) {
        expect(variables).toMatchObject({ MAIL_FROM: cdkContext.senderEmail, PORTAL_NAME: cdkContext.portalName });
        expect(variables.SES_CONFIGURATION_SET).toEqual(cfn(built.stack.mail.configurationSet.configurationSetName));
      }
      if (readsCodeSecret(handler)) expect(variables.CODE_SECRET_ARN).toEqual(codeSecretArn());
      if (bucketAccessOf(handler)) expect(variables.BUCKET_NAME).toEqual({ Ref: videoBucketId() });
    }
  });

  test('a handler with table read access may only read, on the table and its index', () => {
    const readers = handlers.filter((handler) => tableAccessOf(handler) === 'read');
    expect(readers.length).toBeGreaterThan(0);
    const tableArn = { 'Fn::GetAtt': [logicalIdOf(built.stack.data.table), 'Arn'] };
    for (const handler of readers) {
      const dynamodbStatements = statementsOf(handler).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
      );
      expect(dynamodbStatements).toHaveLength(1);
      const statement = dynamodbStatements[0]!;
      expect(actionsOf(statement).sort()).toEqual([...TABLE_ACTIONS.read].sort());
      for (const write of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'Scan', '*']) {
        expect(actionsOf(statement)).not.toContain(`dynamodb:${write}`);
      }
      expect(statement.Resource).toEqual([
        tableArn,
        ...tableDesign.indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]] })),
      ]);
    }
  });

  test('each role allows exactly the actions its routes call, and no role uses an AWS managed policy', () => {
    expect(handlers).toContain(FALLBACK_HANDLER);
    for (const handler of handlers) {
      const table = tableAccessOf(handler);
      const bucket = bucketAccessOf(handler);
      const expected = [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        ...(table ? TABLE_ACTIONS[table] : []),
        ...userPoolActionsOf(handler).map((action) => `cognito-idp:${action}`),
        ...(sendsMail(handler) ? ['ses:SendEmail'] : []),
        ...(readsCodeSecret(handler) ? SECRET_READ : []),
        ...(bucket ? S3_ACTIONS[bucket] : []),
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

  test('only handlers that mail may send, and only SendEmail from our identity through our configuration set', () => {
    for (const handler of handlers) {
      const expected = sendsMail(handler) ? grants(['ses:SendEmail'], mailResources()) : [];
      expect([handler, grantsOf(handler, 'ses:')]).toEqual([handler, expected]);
    }
  });

  test('no role but those of handlers that issue or redeem codes can read the code secret, and none can change it', () => {
    const secret = JSON.stringify(codeSecretArn());
    const roleOf = (handler: string) => functionOf(handler).Properties.Role['Fn::GetAtt'][0];
    const readers = new Set<string>();
    const inspect = (roleIds: string[], statements: Statement[]) => {
      for (const statement of statements) {
        const actions = actionsOf(statement);
        const touchesSecrets = actions.some((action) => /^secretsmanager:|^\*$/i.test(action));
        if (!touchesSecrets && !JSON.stringify(statement.Resource).includes(secret)) continue;
        expect(actions.sort()).toEqual(SECRET_READ);
        expect(statement.Resource).toEqual(codeSecretArn());
        roleIds.forEach((roleId) => readers.add(roleId));
      }
    };
    for (const policy of Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy'))) {
      inspect(policy.Properties.Roles.map((ref) => ref.Ref), policy.Properties.PolicyDocument.Statement);
    }
    for (const [roleId, role] of Object.entries(resourcesOf<RoleProps>('AWS::IAM::Role'))) {
      inspect([roleId], (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement));
    }
    const expected = handlers.filter(readsCodeSecret).map(roleOf);
    expect(expected.length).toBeGreaterThan(0);
    expect([...readers].sort()).toEqual(expected.sort());
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
    expect(widestAccess({ table: 'read', userPool: ['AdminGetUser'] }, { table: 'readwrite', userPool: ['AdminDeleteUser'] })).toEqual({
      table: 'readwrite',
      userPool: ['AdminDeleteUser', 'AdminGetUser'],
    });
    expect(widestAccess({ userPool: ['AdminGetUser'], mail: true }, { userPool: ['AdminGetUser'] })).toEqual({
      userPool: ['AdminGetUser'],
      mail: true,
    });
    // An empty list still means "talks to the pool": the function needs its ids.
    expect(widestAccess({}, { userPool: [], codeSecret: true })).toEqual({ userPool: [], codeSecret: true });
    expect(widestAccess({ mail: false }, {})).toEqual({});
    // Uploading includes reading (s3:GetObject): the wider wins, in either order.
    expect(widestAccess({ bucket: 'read' }, { bucket: 'upload' })).toEqual({ bucket: 'upload' });
    expect(widestAccess({ bucket: 'upload', table: 'read' }, { bucket: 'read' })).toEqual({ bucket: 'upload', table: 'read' });
    expect(widestAccess({}, { bucket: 'read' })).toEqual({ bucket: 'read' });
    expect(widestAccess({ bucket: 'read' }, {})).toEqual({ bucket: 'read' });
  });
});

describe('accounts functions', () => {
  const signup = () => handlerFor(accountsApi.signup);

  test('signup may look up and delete users, send from our identity, and read the code secret, and no more', () => {
    expect(grantsOf(signup(), 'cognito-idp:')).toEqual(grants(['cognito-idp:AdminDeleteUser', 'cognito-idp:AdminGetUser'], [poolArn()]));
    expect(grantsOf(signup(), 'ses:')).toEqual(grants(['ses:SendEmail'], mailResources()));
    expect(grantsOf(signup(), 'secretsmanager:')).toEqual(grants(SECRET_READ, [codeSecretArn()]));
  });

  test('refresh calls only public Cognito APIs: no Cognito or secret grant, but the client id', () => {
    const refresh = handlerFor(accountsApi.refresh);
    expect(grantsOf(refresh, 'cognito-idp:')).toEqual([]);
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
      const fn = new PressroomFunction(stack, id, { handlerModule: 'service/health', logRetention: RetentionDays.ONE_DAY });
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
  test('a malformed setting stops the synth with its name', () => {
    expect(() => createApp({ context: { ...testContext, allowedOrigins: 'https://press.example.org/app' } })).toThrow(/allowedOrigins/);
    expect(() => createApp({ context: { ...testContext, logRetentionDays: 31 } })).toThrow(/logRetentionDays/);
    expect(() => createApp({ context: { ...testContext, senderDomain: 'press.example.org' } })).toThrow(/senderEmail/);
    for (const codeTtlSeconds of [0, 90.5, 86_401, 'soon']) {
      expect(() => createApp({ context: { ...testContext, codeTtlSeconds } })).toThrow(/codeTtlSeconds/);
    }
    for (const downloadUrlTtlSeconds of [0, -5, 0.5, 90.5, 901, 3600, 'soon', 'Infinity']) {
      expect(() => createApp({ context: { ...testContext, downloadUrlTtlSeconds } })).toThrow(/downloadUrlTtlSeconds/);
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
