/**
 * The web portal on AWS: web/ built at synth, in a private bucket behind CloudFront, with its security headers and
 * a /config.json that tells it the API's address.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, Aws, DockerImage, Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IRole, Policy } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { nagResourceName } from './function';

const WEB_ROOT = join(__dirname, '..', 'web');

/**
 * Every path without a file extension is one of the portal's pages, routed in the browser: it gets index.html. A
 * missing file (an old asset, a typo) still gets the bucket's 403 rather than a page served as JavaScript, which a
 * 403/404 → index.html error response would do.
 */
export const PAGE_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  if (!/\\.[^/]*$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The content security policy every response carries. connect-src and media-src name the region's API Gateway and
 * S3 hosts rather than the API and the video bucket: those allow the distribution's origin in their CORS, so naming
 * them here would make the distribution and them depend on each other (a cycle CloudFormation refuses). index.html
 * narrows both to the exact API and bucket (PAGE_POLICY_MARKER).
 */
export function contentSecurityPolicy(region: string, urlSuffix: string): string {
  const apis = `https://*.execute-api.${region}.${urlSuffix}`;
  // As functions/common/aws/s3.ts presigns them: virtual-hosted, regional.
  const buckets = `https://*.s3.${region}.amazonaws.com`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${apis} ${buckets}`,
    `media-src ${buckets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The exact policy of the page's connections: the API (calls, uploads' bookkeeping) and the video bucket (presigned parts and playback). */
export function pagePolicy(apiUrl: string, videoBucketName: string): string {
  const bucket = `https://${videoBucketName}.s3.${Aws.REGION}.amazonaws.com`;
  return `connect-src 'self' ${apiUrl} ${bucket}; media-src ${bucket}`;
}

/**
 * Stands in the built index.html for pagePolicy(), which the deployment writes there at deploy time (CloudFormation
 * knows the API and the bucket only then). A second policy in a meta element can only narrow the header's.
 */
export const PAGE_POLICY_MARKER = '@@PRESSROOM_PAGE_POLICY@@';

/** Puts the page policy's meta element first in the head, before any script or stylesheet it governs. */
export function withPagePolicyMarker(html: string): string {
  if (!html.includes('<head>')) throw new Error('index.html has no <head> for the content security policy');
  return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY_MARKER}" />`);
}

export interface WebProps {
  /** How long CloudFront's and the site bucket's access logs are kept. */
  accessLogDays: number;
}

const NO_CUSTOM_DOMAIN_REASON =
  'The portal is served on the distribution\'s own *.cloudfront.net name, whose certificate is CloudFront\'s default: ' +
  'its security policy is fixed by CloudFront and cannot be raised to TLSv1.2 (that needs a custom domain with its ' +
  'own ACM certificate). Browsers negotiate TLS 1.2 or 1.3 with it; HTTP is redirected to HTTPS and HSTS is sent.';
const NO_GEO_RESTRICTION_REASON = 'The portal serves journalists wherever they are: no country is excluded.';
const NO_WAF_REASON =
  'The distribution serves static files only; what takes input is the API, throttled per route by API Gateway. A WAF ' +
  'web ACL (a monthly fee plus per-request charges) can be attached when traffic shows a need.';

/** The site's bucket and distribution. Its content is deployed by WebContent, once the API exists. */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    // CloudFront's standard logs are written with ACLs, hence not BUCKET_OWNER_ENFORCED as the other buckets. It
    // also receives the site bucket's server access logs, so it is a log destination (cdk-nag's S1 accepts that).
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogDays) }],
    });

    // Private: only the distribution reads it, through its origin access control.
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site/',
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Pressroom portal: HSTS, CSP, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Page URLs carry addresses and return paths; neither the API nor S3 needs to see them.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(Aws.REGION, Aws.URL_SUFFIX), override: true },
      },
    });

    const pageRouting = new CloudFrontFunction(this, 'PageRouting', {
      comment: 'Pressroom portal: extension-less paths are pages, served by index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(PAGE_ROUTING_CODE),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Pressroom web portal',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Honours each object's Cache-Control (WebContent sets them), compressed.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: pageRouting }],
      },
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR4', reason: NO_CUSTOM_DOMAIN_REASON },
      { id: 'AwsSolutions-CFR1', reason: NO_GEO_RESTRICTION_REASON },
      { id: 'AwsSolutions-CFR2', reason: NO_WAF_REASON },
    );
  }

  /** The portal's origin (https://<id>.cloudfront.net), known at deploy. */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

export interface WebContentProps {
  web: Web;
  apiUrl: string;
  videoBucket: IBucket;
}

const DEPLOYMENT_ROLE_REASON =
  'CDK\'s BucketDeployment handler, with the grants CDK writes for it: the AWS managed basic execution policy for ' +
  'its logs, reading the CDK asset bucket\'s objects and syncing the site bucket\'s objects (whose keys are the ' +
  'build\'s file names). It deploys the portal only.';
const DEPLOYMENT_RUNTIME_REASON = 'CDK\'s BucketDeployment handler; its runtime is chosen by aws-cdk-lib and moves with it.';

/**
 * What the site serves: the build's hashed assets (cached for a year: a change is a new name), and index.html and
 * /config.json (revalidated on every load, so a deploy shows at once without an invalidation).
 */
export class WebContent extends Construct {
  /** The role of CDK's deployment handler: the one role outside the functions that holds S3 actions (on the site). */
  readonly handlerRole: IRole;

  constructor(scope: Construct, id: string, props: WebContentProps) {
    super(scope, id);
    const site = withMarkers(siteBuild(), { [PAGE_POLICY_MARKER]: pagePolicy(props.apiUrl, props.videoBucket.bucketName) });
    const destinationBucket = props.web.bucket;

    const assets = new BucketDeployment(this, 'Assets', {
      sources: [site],
      destinationBucket,
      exclude: ['*'],
      include: ['assets/*'],
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      // A page loaded before a deploy may still fetch its old chunks.
      prune: false,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [site, Source.jsonData('config.json', { apiUrl: props.apiUrl })],
      destinationBucket,
      // Excluded files are neither uploaded nor pruned: the assets deployment owns them.
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
    });
    // A new index.html must never name assets that are not there yet.
    pages.node.addDependency(assets);

    // Both deployments share CDK's one handler function (its role is under it). Its wildcards are acknowledged one
    // by one, as they stand once both deployments granted theirs, so any later one is still reported.
    this.handlerRole = assets.handlerRole;
    const handler = assets.handlerRole.node.scope!;
    Validations.of(handler).acknowledge(
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: DEPLOYMENT_ROLE_REASON },
      ...wildcardsOf(assets.handlerRole).map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: DEPLOYMENT_ROLE_REASON })),
      { id: 'AwsSolutions-L1', reason: DEPLOYMENT_RUNTIME_REASON },
    );
  }
}

/**
 * web/ built by Vite at synth into the asset's folder (never web/dist), with the page policy's marker put in
 * index.html. Hashed by output, as the build also reads outside web/ (the API's password rules, packages). A synth
 * that skips bundling (the infra tests) takes web/ as it is.
 */
function siteBuild(): ISource {
  return Source.asset(WEB_ROOT, {
    exclude: ['dist'],
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never used, as the local build throws rather than fall back to Docker.
      image: DockerImage.fromRegistry('node:20'),
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync('npx', ['vite', 'build', WEB_ROOT, '--outDir', outputDir, '--emptyOutDir'], {
            stdio: ['ignore', process.stderr, process.stderr],
          });
          const index = join(outputDir, 'index.html');
          writeFileSync(index, withPagePolicyMarker(readFileSync(index, 'utf8')));
          return true;
        },
      },
    },
  });
}

/** `source` with deploy-time values put in place of `markers` in its files (as Source.data does for its one file). */
function withMarkers(source: ISource, markers: Record<string, string>): ISource {
  return {
    bind: (scope, context) => {
      const config = source.bind(scope, context);
      return { ...config, markers: { ...config.markers, ...markers } };
    },
  };
}

/** The wildcard actions and resources of a role's default policy, named as cdk-nag's IAM5 findings name them. */
function wildcardsOf(role: IRole): string[] {
  const policy = role.node.findChild('DefaultPolicy') as Policy;
  const { Statement } = Stack.of(role).resolve(policy.document) as { Statement: { Action: unknown; Resource: unknown }[] };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  const findings = Statement.flatMap(({ Action, Resource }) => [
    ...list(Action).map((action) => `Action::${String(action)}`),
    ...list(Resource).map((resource) => `Resource::${nagResourceName(resource)}`),
  ]);
  return [...new Set(findings.filter((finding) => finding.includes('*')))];
}
