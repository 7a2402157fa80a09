import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { uploadCorsRule } from '../functions/common/cors';

export interface StorageProps {
  /** Browsers on these origins upload rendition parts straight to the bucket with presigned PUT URLs. */
  allowedOrigins: readonly string[];
  /** How long the bucket's server access logs are kept. */
  accessLogDays: number;
}

/**
 * How long a file that was replaced or deleted stays restorable as a noncurrent version: a month to notice an
 * accidental or malicious overwrite (holidays included), while a replaced 500 GB master costs about $12 more.
 */
export const NONCURRENT_VERSION_DAYS = 30;

/** The private video bucket: objects only ever leave or enter it through presigned URLs issued by the API. */
export class Storage extends Construct {
  readonly videoBucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 server access logging can only deliver to a bucket encrypted with S3-managed keys.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogDays) }],
    });
    // Not logged itself: it is the log destination (cdk-nag's S1 accepts that without an acknowledgement).

    this.videoBucket = new Bucket(this, 'Videos', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Broadcast masters are the portal's most expensive content to replace.
      removalPolicy: RemovalPolicy.RETAIN,
      // An overwrite or delete keeps the previous version. The functions may add a delete marker but hold no
      // *Version* action (infra/function.ts), so none of them can destroy a version.
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'videos/',
      lifecycleRules: [
        // An upload of hundreds of GB that is never completed would otherwise be billed for its parts forever.
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Replaced and deleted files are kept that long, then go; so do delete markers that no longer hide one.
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          expiredObjectDeleteMarker: true,
        },
      ],
      cors: [
        {
          allowedOrigins: [...props.allowedOrigins],
          allowedMethods: uploadCorsRule.allowedMethods.map((method) => HttpMethods[method]),
          allowedHeaders: [...uploadCorsRule.allowedHeaders],
          exposedHeaders: [...uploadCorsRule.exposedHeaders],
          maxAge: uploadCorsRule.maxAgeSeconds,
        },
      ],
    });
  }
}
