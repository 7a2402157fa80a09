import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FALLBACK_HANDLER, routes } from '../functions/routes';
import { corsPolicy } from '../functions/common/cors';
import type { AccessTargets } from './access';
import { bindAccess, handlerAccess, verifiesCallers } from './access';
import { PressroomFunction, pascalCase } from './function';

export interface ApiProps {
  /** What the routes' accesses grant (the API's own URL is added here, for links that lead back to it). */
  targets: Omit<AccessTargets, 'publicApiUrl'>;
  allowedOrigins: readonly string[];
  throttle: Required<ThrottleSettings>;
  logRetention: RetentionDays;
}

/** One JSON line per request. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  ip: '$context.identity.sourceIp',
  integrationError: '$context.integrationErrorMessage',
});

const NO_AUTHORIZER_REASON =
  'Deliberately no API Gateway authorizer: the function verifies the Cognito access token itself (aws-jwt-verify, ' +
  'issuer, client id, token use, group for editor routes). An HTTP API authorizer answers 401 with its own body ' +
  '{"message":"Unauthorized"}, which breaks the contract\'s error shape {"error":{"code":"unauthorized",...}}.';

/**
 * The HTTP API, made from THE route table: one route and one Lambda integration per table entry, one function per
 * handler module, and a `$default` route to the fallback handler (404 for unknown paths, 405 for wrong methods).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The functions, by handler module (as in the route table). */
  readonly functions = new Map<string, PressroomFunction>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { portalName } = props.targets;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: portalName,
      description: `${portalName} API`,
      // The stage below is created explicitly, to give it access logs and throttling.
      createDefaultStage: false,
      // API Gateway answers preflights itself and puts these headers on every response, from the same policy the
      // handlers and the local gateway use.
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: corsPolicy.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...corsPolicy.allowHeaders],
        exposeHeaders: [...corsPolicy.exposeHeaders],
        maxAge: Duration.seconds(corsPolicy.maxAgeSeconds),
        allowCredentials: false,
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      throttle: props.throttle,
    });

    // The stage's URL names the API only (not its routes or functions): no circular reference.
    const targets: AccessTargets = { ...props.targets, publicApiUrl: this.url };
    for (const functionName of new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER])) {
      this.functions.set(functionName, this.createFunction(functionName, targets, props));
    }

    // No route has an API Gateway authorizer, on purpose: see NO_AUTHORIZER_REASON.
    for (const route of routes) {
      const { method, path, operationId } = route.operation;
      const [httpRoute] = this.httpApi.addRoutes({
        path,
        methods: [HttpMethod[method]],
        integration: new HttpLambdaIntegration(`${pascalCase(operationId)}Integration`, this.functionOf(route.handler)),
      });
      Validations.of(httpRoute!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          route.operation.auth === 'public'
            ? `${method} ${path} is public in the contract; nothing behind it needs a caller.`
            : NO_AUTHORIZER_REASON,
      });
    }

    const fallbackRoute = new HttpRoute(this, 'FallbackRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('FallbackIntegration', this.functionOf(FALLBACK_HANDLER)),
    });
    Validations.of(fallbackRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route only answers 404 or 405 in the contract\'s error shape; it reads no data.',
    });
  }

  /** The API's base URL (the `$default` stage has no path). */
  get url(): string {
    return this.stage.url;
  }

  private functionOf(functionName: string): PressroomFunction {
    const fn = this.functions.get(functionName);
    if (!fn) throw new Error(`No function for handler ${functionName}`);
    return fn;
  }

  /** One function per handler module, with what every route it serves needs (the fallback serves none). */
  private createFunction(functionName: string, targets: AccessTargets, props: ApiProps): PressroomFunction {
    const fn = new PressroomFunction(this, `${pascalCase(functionName)}Function`, {
      functionName,
      logRetention: props.logRetention,
      // Every handler adds CORS headers for these origins (functions/common/http.ts); pages show the portal's name.
      environment: { ALLOWED_ORIGINS: props.allowedOrigins.join(','), PORTAL_NAME: targets.portalName },
    });
    bindAccess(fn, handlerAccess(functionName), targets);
    if (verifiesCallers(functionName)) fn.addEnvironment('JWT_ISSUER', targets.accounts.issuer);
    return fn;
  }
}
