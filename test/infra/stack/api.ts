/** The HTTP API: its routes and where they go, CORS, the stage's logs and throttling, and the outputs. */
import { Match } from 'aws-cdk-lib/assertions';
import { FALLBACK_HANDLER, routes } from '../../../functions/routes';
import { corsPolicy } from '../../../functions/common/cors';
import { cdkContext, EXAMPLE_ORIGINS } from '../context';
import type { FunctionProps, GetAtt, Ref, Resource } from '../synthesized';
import { onlyResource, portalOrigin, resourceById, resourcesOf, template } from '../synthesized';

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
    template().resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const route of apiRoutes()) {
      expect([undefined, 'NONE']).toContain(route.Properties.AuthorizationType);
    }
  });

  test('CORS preflight comes from the shared policy and the allowed origins', () => {
    const api = onlyResource<{ CorsConfiguration: unknown }>('AWS::ApiGatewayV2::Api');
    expect(api.Properties.CorsConfiguration).toEqual({
      // The portal's own distribution first, then the deploy's allowedOrigins.
      AllowOrigins: [portalOrigin(), ...EXAMPLE_ORIGINS],
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
      template().hasOutput(name, { Value: Match.anyValue() });
    }
  });
});
