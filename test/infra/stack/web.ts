/** The web portal: private bucket behind CloudFront (OAC), its security headers, its files and /config.json. */
import { Aws } from 'aws-cdk-lib';
import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { contentSecurityPolicy, PAGE_POLICY_MARKER, PAGE_ROUTING_CODE, pagePolicy, withPagePolicyMarker } from '../../../infra/web';
import type { PolicyDocument, Ref, RoleProps, Statement } from '../synthesized';
import { built, cfn, deploymentRoleId, logicalIdOf, onlyResource, portalOrigin, resourceById, resourcesOf, template, variableOfEach } from '../synthesized';
import { rolePolicies } from '../grants';
import { sendsNewsletter } from '../route-table';

interface DeploymentProps {
  DestinationBucketName: Ref;
  SourceMarkers: Record<string, unknown>[];
  Prune: boolean;
  Exclude?: string[];
  Include?: string[];
  SystemMetadata: Record<string, string>;
}
interface DistributionProps {
  DistributionConfig: {
    DefaultRootObject: string;
    DefaultCacheBehavior: Record<string, unknown>;
    Origins: { S3OriginConfig: unknown; OriginAccessControlId: unknown }[];
    Logging?: { Bucket: unknown };
  };
}

const stack = () => built().stack;
const distributionId = () => logicalIdOf(stack().web.distribution);
const siteBucketId = () => logicalIdOf(stack().web.bucket);
const deployment = (id: 'Assets' | 'Pages') => resourceById<DeploymentProps>(logicalIdOf(stack().webContent.node.findChild(id).node.findChild('CustomResource')));

/** What the CloudFront Function does to a viewer request for `uri`. */
function routed(uri: string): string {
  // CloudFront's runtime is plain JavaScript: the same code, run in a fresh context.
  const sandbox: { event: unknown; result?: { uri: string } } = { event: { request: { uri } } };
  runInNewContext(`${PAGE_ROUTING_CODE}\nresult = handler(event);`, sandbox);
  return sandbox.result!.uri;
}

describe('web portal', () => {
  test('the site bucket is private: all public access blocked, TLS only, read by the distribution alone through OAC', () => {
    const site = resourceById<{ PublicAccessBlockConfiguration: unknown; OwnershipControls: unknown }>(siteBucketId());
    expect(site.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = Object.values(resourcesOf<{ Bucket: Ref; PolicyDocument: PolicyDocument }>('AWS::S3::BucketPolicy')).find(
      (candidate) => candidate.Properties.Bucket.Ref === siteBucketId(),
    )!;
    const allows = policy.Properties.PolicyDocument.Statement.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() as unknown } },
      }),
    ]);
    expect(JSON.stringify(allows[0]!.Condition)).toContain(distributionId());
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');

    template().hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const { DistributionConfig } = onlyResource<DistributionProps>('AWS::CloudFront::Distribution').Properties;
    // OAC, not the legacy origin access identity.
    expect(DistributionConfig.Origins).toEqual([
      expect.objectContaining({ S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: expect.anything() as unknown }),
    ]);
  });

  test('the distribution: HTTPS only, index.html at the root, pages routed by a function, headers policy, logged', () => {
    const { DistributionConfig } = onlyResource<DistributionProps>('AWS::CloudFront::Distribution').Properties;
    expect(DistributionConfig.DefaultRootObject).toBe('index.html');
    expect(DistributionConfig.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: { Ref: logicalIdOf(built().stack.web.node.findChild('SecurityHeaders')) },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalIdOf(stack().web.node.findChild('PageRouting')), 'FunctionARN'] } }],
    });
    expect(DistributionConfig.Logging?.Bucket).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack().web.logBucket), 'RegionalDomainName'] });
    template().hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: PAGE_ROUTING_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  test.each([
    ['/', '/index.html'],
    ['/articles/budget-2027', '/index.html'],
    ['/sign-in', '/index.html'],
    ['/assets/index-Cbg2ljAI.js', '/assets/index-Cbg2ljAI.js'],
    ['/config.json', '/config.json'],
    ['/favicon.ico', '/favicon.ico'],
  ])('the page routing function sends %j to %j', (uri, expected) => {
    expect(routed(uri)).toBe(expected);
  });

  test('security headers: HSTS, nosniff, DENY, no referrer, and the content security policy', () => {
    const { ResponseHeadersPolicyConfig } = onlyResource<{ ResponseHeadersPolicyConfig: { SecurityHeadersConfig: unknown } }>(
      'AWS::CloudFront::ResponseHeadersPolicy',
    ).Properties;
    expect(ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentSecurityPolicy: { ContentSecurityPolicy: cfn(contentSecurityPolicy(Aws.REGION, Aws.URL_SUFFIX)), Override: true },
    });
    expect(contentSecurityPolicy('eu-west-1', 'amazonaws.com').split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self' https://*.execute-api.eu-west-1.amazonaws.com https://*.s3.eu-west-1.amazonaws.com",
      'media-src https://*.s3.eu-west-1.amazonaws.com',
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "object-src 'none'",
    ]);
  });

  test("index.html narrows connections to the API and the video bucket, written at deploy", () => {
    const expected = cfn(pagePolicy(stack().api.url, stack().storage.videoBucket.bucketName));
    expect(deployment('Pages').Properties.SourceMarkers[0]).toEqual({ [PAGE_POLICY_MARKER]: expected });
    const text = JSON.stringify(expected);
    expect(text).toContain(`{"Ref":"${logicalIdOf(stack().api.httpApi)}"}`);
    expect(text).toContain(`{"Ref":"${logicalIdOf(stack().storage.videoBucket)}"}`);

    const html = withPagePolicyMarker('<!doctype html>\n<html>\n  <head>\n    <script type="module" src="/assets/a.js"></script>\n  </head>\n</html>');
    expect(html).toMatch(new RegExp(`<head>\\s*<meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY_MARKER}" />\\s*<script`));
    expect(() => withPagePolicyMarker('<html></html>')).toThrow(/no <head>/);
  });

  test('/config.json gives the API URL; pages revalidate, hashed assets are cached a year and deployed first', () => {
    const pages = deployment('Pages').Properties;
    expect(pages.DestinationBucketName).toEqual({ Ref: siteBucketId() });
    // Source.jsonData writes each token of {"apiUrl": <the API's URL>} as a marker filled in at deploy.
    expect(Object.values(pages.SourceMarkers[1]!)).toEqual([{ Ref: logicalIdOf(stack().api.httpApi) }, { Ref: 'AWS::Region' }, { Ref: 'AWS::URLSuffix' }]);
    expect(pages.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(pages.Exclude).toEqual(['assets/*']);
    expect(pages.Prune).toBe(true);

    const assets = deployment('Assets');
    expect(assets.Properties.DestinationBucketName).toEqual({ Ref: siteBucketId() });
    expect(assets.Properties).toMatchObject({ Exclude: ['*'], Include: ['assets/*'], Prune: false });
    expect(assets.Properties.SystemMetadata).toEqual({ 'cache-control': 'public, max-age=31536000, immutable' });
    const pagesResource = template().toJSON() as { Resources: Record<string, { DependsOn?: string[] }> };
    const pagesId = logicalIdOf(stack().webContent.node.findChild('Pages').node.findChild('CustomResource'));
    const assetsId = logicalIdOf(stack().webContent.node.findChild('Assets').node.findChild('CustomResource'));
    expect(pagesResource.Resources[pagesId]!.DependsOn).toContain(assetsId);
  });

  test("CDK's deployment handler reaches the site bucket and its assets, never the video bucket", () => {
    const statements: Statement[] = rolePolicies()
      .filter(({ roleIds }) => roleIds.includes(deploymentRoleId()))
      .flatMap((policy) => policy.statements);
    expect(JSON.stringify(statements)).toContain(siteBucketId());
    expect(JSON.stringify(statements)).not.toContain(logicalIdOf(stack().storage.videoBucket));
    const role = resourceById<RoleProps>(deploymentRoleId());
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(/service-role\/AWSLambdaBasicExecutionRole"\]\]\}\]$/);
  });

  test('the distribution is an allowed origin of the API, the bucket and the functions, and the portal\'s address is an output', () => {
    expect(stack().allowedOrigins[0]).toBe(stack().web.origin);
    expect(cfn(stack().web.origin)).toEqual(portalOrigin());
    template().hasOutput('PortalUrl', { Value: portalOrigin() });
  });

  test('FRONTEND_URL is the distribution unless frontendUrl is set', () => {
    const frontendUrl = 'https://media.example.org/news';
    for (const [handler, value] of variableOfEach('FRONTEND_URL', { frontendUrl })) {
      expect([handler, value]).toEqual([handler, sendsNewsletter(handler) ? frontendUrl : undefined]);
    }
  });
});
