/**
 * The CDK stack, asserted on its synthesized template. Expectations come from the shared definitions (route table,
 * table design, user pool definition, cdk.json), so a change there that the stack does not follow fails here.
 */
import { Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FALLBACK_HANDLER, routes } from '../../functions/routes';
import { corsPolicy } from '../../functions/shared/cors';
import { createApp } from '../../infra/app';
import { tableDesign, userPoolDefinition } from '../../infra/definitions';
import { TABLE_ACTIONS } from '../../infra/function';
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

/** The function serving `handler`, found by its description (functions/<handler>). */
function functionOf(handler: string): Resource<FunctionProps> {
  const matches = Object.values(resourcesOf<FunctionProps>('AWS::Lambda::Function')).filter(
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

  test('token settings only for handlers with a non-public route; allowed origins for all', () => {
    for (const handler of handlers) {
      const variables = functionOf(handler).Properties.Environment.Variables;
      expect(variables.ALLOWED_ORIGINS).toBe(cdkContext.allowedOrigins);
      const verifiesTokens = routesOf(handler).some((route) => route.operation.auth !== 'public');
      for (const name of ['USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'JWT_ISSUER']) {
        expect([handler, name, name in variables]).toEqual([handler, name, verifiesTokens]);
      }
      expect([handler, 'TABLE_NAME' in variables]).toEqual([handler, tableAccessOf(handler) !== undefined]);
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

  test('a handler without table access has no DynamoDB action, and no role uses an AWS managed policy', () => {
    const others = handlers.filter((handler) => tableAccessOf(handler) === undefined);
    expect(others).toContain(FALLBACK_HANDLER);
    for (const handler of others) {
      const actions = statementsOf(handler).flatMap(actionsOf);
      expect(actions.filter((action) => action.toLowerCase().startsWith('dynamodb:'))).toEqual([]);
      expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    }
    for (const role of Object.values(resourcesOf<RoleProps>('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
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
  });

  test('a sender domain becomes a domain identity, and grantSend allows sending from it only', () => {
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
    expect(actionsOf(statement).sort()).toEqual(['ses:SendBulkEmail', 'ses:SendEmail']);
    expect(statement.Resource).toHaveLength(2);
    expect(JSON.stringify(statement.Resource)).not.toContain('*');
  });
});
