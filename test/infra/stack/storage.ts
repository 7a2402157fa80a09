/** The table, the buckets, and who may do what in the video bucket. */
import { App, Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as downloadsApi from '../../../functions/downloads/operations';
import * as editorialApi from '../../../functions/editorial/operations';
import { createApp } from '../../../infra/app';
import { tableDesign } from '../../../infra/definitions';
import { PressroomFunction } from '../../../infra/function';
import { cdkContext, EXAMPLE_ORIGINS, testContext } from '../context';
import { actionsOf, grant, grants, grantsOf, rolePolicies, S3_ACTIONS, videoObjects } from '../grants';
import { bucketAccessOf, handlerFor, handlers } from '../route-table';
import type { PolicyDocument, PolicyProps, Ref } from '../synthesized';
import { built, deploymentRoleId, functionOf, logicalIdOf, portalOrigin, resourceById, resourcesOf, roleOf, template, variableOfEach } from '../synthesized';

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

describe('data', () => {
  test('one table with the shared design: keys, index, TTL, stream, PITR, on demand, protected and retained', () => {
    template().resourceCountIs('AWS::DynamoDB::Table', 1);
    template().hasResource('AWS::DynamoDB::Table', {
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
    const videosId = logicalIdOf(built().stack.storage.videoBucket);
    const logsId = logicalIdOf(built().stack.storage.accessLogBucket);
    const videos = resourceById<BucketProps>(videosId);
    expect(videos.DeletionPolicy).toBe('Retain');
    expect(videos.Properties.PublicAccessBlockConfiguration).toEqual(allPublicAccessBlocked);
    expect(videos.Properties.BucketEncryption).toEqual(s3Managed);
    expect(videos.Properties.LoggingConfiguration?.DestinationBucketName).toEqual({ Ref: logsId });
    expect(videos.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }),
    );
    expect(videos.Properties.CorsConfiguration?.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: [portalOrigin(), ...EXAMPLE_ORIGINS], ExposedHeaders: ['ETag'] }),
    ]);
    expectTlsOnly(videosId);
  });

  test('the video bucket is versioned: a replaced or deleted file stays restorable 30 days, then goes, with its delete marker', () => {
    const videos = resourceById<BucketProps>(logicalIdOf(built().stack.storage.videoBucket));
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
    const logsId = logicalIdOf(built().stack.storage.accessLogBucket);
    const logs = resourceById<BucketProps>(logsId);
    expect(logs.Properties.PublicAccessBlockConfiguration).toEqual(allPublicAccessBlocked);
    expect(logs.Properties.BucketEncryption).toEqual(s3Managed);
    expect(logs.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: cdkContext.logRetentionDays, Status: 'Enabled' }),
    );
    expectTlsOnly(logsId);
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
    // Every role of the stack, not only the functions': whoever holds an S3 (or `*`) action is a bucket handler, or
    // CDK's handler that deploys the portal's files, which has nothing on the video bucket (stack/web.ts).
    const holders = new Set<string>();
    for (const { roleIds, statements } of rolePolicies()) {
      if (statements.some((statement) => actionsOf(statement).some((action) => /^s3:|^\*$/i.test(action)))) {
        roleIds.forEach((roleId) => holders.add(roleId));
      }
    }
    expect([...holders].sort()).toEqual([...handlers.filter(bucketAccessOf).map(roleOf), deploymentRoleId()].sort());
  });

  test('no role may touch object versions, so a compromised function can at worst add a delete marker', () => {
    // CDK's deployment handler may replace the portal's files, and only those (stack/web.ts).
    const allowed = rolePolicies()
      .filter(({ roleIds }) => !roleIds.includes(deploymentRoleId()))
      .flatMap(({ statements }) => statements)
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
    for (const [handler, ttl] of variableOfEach('DOWNLOAD_URL_TTL_SECONDS', { downloadUrlTtlSeconds: 120 })) {
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
