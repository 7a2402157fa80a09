import { BUNDLE_ALIASES, REQUIRE_BANNER } from './bundling';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import type { Access, TableAccess, UserPoolAction } from '../functions/routes';
import type { ItemFamily } from '../functions/common/table';
import { SERVICE_NAME } from '../functions/common/business-metrics';
import { tableGrants } from './table-grants';
import { tableDesign, VIDEO_PREFIX } from './definitions';
import type { Mail } from './mail';
import type { Newsletter } from './newsletter';
import { handlerModule } from '../functions/handler-modules';

const PROJECT_ROOT = join(__dirname, '..');

/**
 * What each bucket access may do on the video objects (functions/routes.ts, Access.bucket). Written out rather than
 * taken from bucket.grantRead/grantPut, which add List*, GetBucket*, PutObjectLegalHold and more. `read` presigns
 * downloads. `upload` runs multipart uploads: CreateMultipartUpload, UploadPart (presigned) and
 * CompleteMultipartUpload are all authorized by s3:PutObject; HeadObject (the size check) by s3:GetObject;
 * DeleteObject drops an upload's own file of the wrong size and the file a completed upload replaced. On the
 * versioned bucket that only adds a delete marker: no *Version* action is granted, so no function can destroy a
 * version (infra/storage.ts).
 */
export const BUCKET_ACTIONS = {
  read: ['s3:GetObject'],
  upload: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject', 's3:DeleteObject'],
} as const satisfies Record<NonNullable<Access['bucket']>, readonly string[]>;

/** KMS actions S3 calls on the caller's behalf when the bucket has a customer managed key (SSE-KMS). */
export const BUCKET_KEY_ACTIONS = {
  read: ['kms:Decrypt'],
  // Writing encrypts under a new data key; a multipart upload also needs Decrypt (S3's documented pair for it).
  upload: ['kms:GenerateDataKey', 'kms:Decrypt'],
} as const satisfies Record<NonNullable<Access['bucket']>, readonly string[]>;

const XRAY_REASON =
  'Active tracing: Lambda sends the function\'s segments with xray:PutTraceSegments and xray:PutTelemetryRecords, ' +
  'which take no resource but "*" (X-Ray has no resource-level permissions for them). They write traces, and read ' +
  'nothing. The infra tests hold every "*" of a function role to these actions and dynamodb:ListStreams.';

/** Where the functions' business metrics go (functions/common/metrics.ts): the stack's name keeps two stacks apart. */
export const portalMetricsNamespace = (scope: Construct): string => `${Stack.of(scope).stackName}/Portal`;

const VIDEO_OBJECTS_REASON =
  'Object keys are per video, rendition and upload (videos/<videoId>/<rendition>/<upload>.<ext>), made at ' +
  'request time, so the video prefix is the narrowest bound; the actions are object-level only and nothing ' +
  'outside the prefix is granted.';

export interface PressroomFunctionProps {
  /** The function's name in the route table (`feature/name`); its code is `handlerModule(functionName)`. */
  functionName: string;
  logRetention: RetentionDays;
  environment?: Record<string, string>;
  /** How long one invocation may run; 10 seconds unless the handler needs more (a campaign's sender runs 15 minutes). */
  timeout?: Duration;
}

/** Where the newsletter's links lead (PressroomFunction.bindNewsletterMail). */
export interface NewsletterLinks {
  /** The front-end: article links (FRONTEND_URL). */
  frontendUrl: string;
  /** The API's base URL: unsubscribe links (PUBLIC_API_URL). */
  publicApiUrl: string;
}

/**
 * A Lambda function with the project's defaults: one esbuild bundle per handler module, arm64 (cheaper per ms than
 * x86 for the same work), its own log group, X-Ray active tracing, and a role that starts empty and only receives
 * what is bound to it.
 */
export class PressroomFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PressroomFunctionProps) {
    const { functionName, logRetention, environment, timeout = Duration.seconds(10) } = props;
    // Created beside the function (a subclass cannot create children before super()). An explicit role keeps the
    // AWS managed AWSLambdaBasicExecutionRole out: that policy lets a function write to any log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs functions/${functionName}`,
    });
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: logRetention });
    super(scope, id, {
      description: `functions/${functionName}`,
      entry: join(PROJECT_ROOT, 'functions', `${handlerModule(functionName)}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      // Lambda gives CPU in proportion to memory: at 1024 MB a cold start (parsing a bundle of several hundred KB,
      // TLS to DynamoDB and to Cognito's JWKS) takes a fraction of what it takes at 128 MB, and the cost per
      // request stays about the same because each request finishes that much sooner.
      memorySize: 1024,
      timeout,
      role,
      logGroup,
      // Lambda samples requests and traces each invocation (its cold start as Initialization), and the trace id is in
      // every log line. No Powertools Tracer: measured with these bundling settings, it adds 124 KB to a bundle and
      // 41 ms to its import (median of 31 fresh processes, 37.7 -> 78.5 ms over the logger), for subsegments of the
      // AWS calls, whose durations the traces' gaps and the services' own metrics already show.
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: portalMetricsNamespace(scope),
        ...environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not a copy of every source file: a smaller map is faster to load.
        sourcesContent: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: REQUIRE_BANNER,
        // Bundle the AWS SDK too: its version is the one the lock file pins and the tests ran, not the runtime's.
        externalModules: [],
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([module, replacement]) => [`--alias:${module}`, replacement])),
      },
    });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY_REASON });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is a supported Lambda runtime (into 2027) and the bundle targets node22, which nodejs24.x also ' +
        'runs; the project is developed and tested on Node 22 (npm ci installs it), and its bundles are loaded on it ' +
        'before they ship (npm run test:shipped), so it moves to nodejs24.x with its toolchain, ' +
        'not ahead of it.',
    });
  }

  /**
   * Lets the function read the item families `access` reads, write those it writes and delete items of those it
   * erases, and no other item (reads on the table and its indexes, the rest on the table), and tells it the
   * table's name.
   */
  bindTable(table: ITable, access: TableAccess): void {
    const indexArns = tableDesign.indexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
    for (const grant of tableGrants(access)) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: [...grant.actions],
          resources: [table.tableArn, ...(grant.onIndexes ? indexArns : [])],
          conditions: leadingKeysCondition(grant.families),
        }),
      );
    }
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * Grants exactly these admin actions on the pool (the public APIs, SignUp or InitiateAuth, need no grant), and
   * tells the function the pool and client ids (functions/common/aws/cognito.ts and auth.ts read both).
   */
  bindUserPool(pool: IUserPool, client: IUserPoolClient, actions: readonly UserPoolAction[]): void {
    if (actions.length > 0) pool.grant(this, ...actions.map((action) => `cognito-idp:${action}`));
    this.addEnvironment('USER_POOL_ID', pool.userPoolId);
    this.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
  }

  /**
   * Grants exactly the object actions of `access` on the objects under the video prefix (not the bucket, not other
   * keys), and tells the function the bucket's name. SSE-S3 needs no key grant; a customer managed key gets the
   * KMS actions S3 uses for that access. An AWS managed key (aws/s3) needs none: its policy trusts S3 callers.
   */
  bindBucket(bucket: IBucket, access: NonNullable<Access['bucket']>): void {
    const videoObjects = bucket.arnForObjects(`${VIDEO_PREFIX}*`);
    this.addToRolePolicy(new PolicyStatement({ actions: [...BUCKET_ACTIONS[access]], resources: [videoObjects] }));
    bucket.encryptionKey?.grant(this, ...BUCKET_KEY_ACTIONS[access]);
    this.addEnvironment('BUCKET_NAME', bucket.bucketName);
    // The policy lives on the role (created beside the function, not under it): acknowledged there, and for this
    // one resource only, so any other wildcard on the role is still reported.
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceName(Stack.of(this).resolve(videoObjects))}]`,
      reason: VIDEO_OBJECTS_REASON,
    });
  }

  /** Lets the function send from the portal's identity through its configuration set, and tells it both. */
  bindMail(mail: Mail, portalName: string): void {
    mail.grantSend(this);
    this.addMailEnvironment(mail, portalName);
  }

  /**
   * Lets the function send the newsletter (SES SendBulkEmail with the newsletter template, from the portal's
   * identity through its configuration set, and nothing else), and tells it the template, the sender, where links
   * lead and how fast to send (functions/newsletter/campaign-run.ts).
   */
  bindNewsletterMail(newsletter: Newsletter, mail: Mail, portalName: string, links: NewsletterLinks): void {
    newsletter.grantSendBulk(this);
    this.addMailEnvironment(mail, portalName);
    this.addEnvironment('NEWSLETTER_TEMPLATE', newsletter.templateName);
    this.addEnvironment('NEWSLETTER_MAX_SEND_RATE', String(newsletter.maxSendRate));
    this.addEnvironment('FRONTEND_URL', links.frontendUrl);
    this.addEnvironment('PUBLIC_API_URL', links.publicApiUrl);
    // The template has a fixed name, not a reference: it must exist before the function first sends.
    this.node.addDependency(newsletter.template);
  }

  /** Lets the function pause sending on the portal's configuration set (nothing else), and tells it the set's name. */
  bindMailPause(mail: Mail): void {
    mail.grantPauseSending(this);
    this.addEnvironment('SES_CONFIGURATION_SET', mail.configurationSet.configurationSetName);
  }

  /** Lets the function read the secret's value (not change it), and tells it the secret's ARN in `variable`. */
  bindSecret(secret: ISecret, variable: string): void {
    secret.grantRead(this);
    this.addEnvironment(variable, secret.secretArn);
  }

  /** What functions/common/mail.ts reads: the From address, the configuration set and the portal's name. */
  private addMailEnvironment(mail: Mail, portalName: string): void {
    this.addEnvironment('MAIL_FROM', mail.fromAddress);
    this.addEnvironment('SES_CONFIGURATION_SET', mail.configurationSet.configurationSetName);
    this.addEnvironment('PORTAL_NAME', portalName);
  }
}

/**
 * Only items whose partition key (an index's, for a Query of it) is in one of `families`. ForAllValues holds for
 * a request with no key at all, so Null requires one: every granted action carries a key, but a key-less action
 * added by mistake (Scan) must not read the whole table through this statement.
 */
function leadingKeysCondition(families: readonly ItemFamily[]) {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...families] },
    Null: { 'dynamodb:LeadingKeys': 'false' },
  };
}

/** `newsletter/send-campaign` → `NewsletterSendCampaign`, for construct ids. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/**
 * How cdk-nag writes a resolved ARN in a finding (`<LogicalId.Arn>/videos/*`), so an acknowledgement can name the
 * exact resource rather than every wildcard of the rule.
 */
export function nagResourceName(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (resolved && typeof resolved === 'object') {
    const node = resolved as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(nagResourceName).join(delimiter);
    }
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [logicalId, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${nagResourceName(logicalId)}.${nagResourceName(attribute)}>`;
    }
    if ('Ref' in node) return `<${nagResourceName(node.Ref)}>`;
    if (typeof node['Fn::Sub'] === 'string') return nagResourceName(node['Fn::Sub']);
  }
  throw new Error(`Cannot name ${JSON.stringify(resolved)} as cdk-nag does`);
}
