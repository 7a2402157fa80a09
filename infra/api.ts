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
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Access, Route } from '../functions/routes';
import { FALLBACK_HANDLER, routes } from '../functions/routes';
import { corsPolicy } from '../functions/shared/cors';
import type { Accounts } from './accounts';
import { PressroomFunction } from './function';
import type { Mail } from './mail';

export interface ApiProps {
  table: ITable;
  /** The video bucket; functions get its video prefix only (Access.bucket). */
  videoBucket: IBucket;
  accounts: Accounts;
  mail: Mail;
  allowedOrigins: readonly string[];
  throttle: Required<ThrottleSettings>;
  logRetention: RetentionDays;
  portalName: string;
  /** How long our codes live; unset, the functions' own default (functions/accounts/verification.ts). */
  codeTtlSeconds?: number;
  /** How long presigned download links live; unset, the function's own default (functions/downloads/download-video.ts). */
  downloadUrlTtlSeconds?: number;
}

/** What one handler module needs, gathered over every route it serves. */
interface HandlerNeeds {
  access: Access;
  /** Some route of it is `user` or `editor`: the function verifies Cognito access tokens. */
  verifiesTokens: boolean;
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
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: props.portalName,
      description: `${props.portalName} API`,
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

    for (const [handlerModule, needs] of needsByHandler(routes)) {
      this.functions.set(handlerModule, this.createFunction(handlerModule, needs, props));
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

  private functionOf(handlerModule: string): PressroomFunction {
    const fn = this.functions.get(handlerModule);
    if (!fn) throw new Error(`No function for handler ${handlerModule}`);
    return fn;
  }

  private createFunction(handlerModule: string, needs: HandlerNeeds, props: ApiProps): PressroomFunction {
    const { accounts } = props;
    const { access, verifiesTokens } = needs;
    const fn = new PressroomFunction(this, `${pascalCase(handlerModule)}Function`, {
      handlerModule,
      logRetention: props.logRetention,
      // Every handler adds CORS headers for these origins (shared/http.ts).
      environment: { ALLOWED_ORIGINS: props.allowedOrigins.join(',') },
    });
    if (access.table) fn.bindTable(props.table, access.table);
    // Verifying tokens needs the pool and client ids but no IAM action: the JWKS is public.
    if (access.userPool || verifiesTokens) fn.bindUserPool(accounts.userPool, accounts.apiClient, access.userPool ?? []);
    if (verifiesTokens) fn.addEnvironment('JWT_ISSUER', accounts.issuer);
    if (access.mail) fn.bindMail(props.mail, props.portalName);
    if (access.codeSecret) {
      fn.bindSecret(accounts.codeSecret, 'CODE_SECRET_ARN');
      // Only when set: otherwise the functions' own default (verification.ts) is the one source of the lifetime.
      if (props.codeTtlSeconds !== undefined) fn.addEnvironment('CODE_TTL_SECONDS', String(props.codeTtlSeconds));
    }
    if (access.bucket) {
      fn.bindBucket(props.videoBucket, access.bucket);
      // Only functions that presign downloads read it, and only when set (else download-video.ts's default).
      if (access.bucket === 'read' && props.downloadUrlTtlSeconds !== undefined) {
        fn.addEnvironment('DOWNLOAD_URL_TTL_SECONDS', String(props.downloadUrlTtlSeconds));
      }
    }
    return fn;
  }
}

/** Gathers, per handler module, the widest access and auth of the routes it serves (the fallback serves none). */
function needsByHandler(table: readonly Route[]): Map<string, HandlerNeeds> {
  const needs = new Map<string, HandlerNeeds>([[FALLBACK_HANDLER, { access: {}, verifiesTokens: false }]]);
  for (const route of table) {
    const known = needs.get(route.handler) ?? { access: {}, verifiesTokens: false };
    needs.set(route.handler, {
      access: widestAccess(known.access, route.access),
      verifiesTokens: known.verifiesTokens || route.operation.auth !== 'public',
    });
  }
  return needs;
}

/**
 * What a function serving routes with accesses `a` and `b` needs: the wider table and bucket access, every pool
 * action, and mail or the code secret if either route needs it.
 */
export function widestAccess(a: Access, b: Access): Access {
  const table = widestTableAccess(a.table, b.table);
  const bucket = widestBucketAccess(a.bucket, b.bucket);
  // Sorted, so the policy does not change with the order of the route table.
  const actions = [...(a.userPool ?? []), ...(b.userPool ?? [])];
  const userPool = a.userPool || b.userPool ? [...new Set(actions)].sort() : undefined;
  return {
    ...(table && { table }),
    ...(userPool && { userPool }),
    ...((a.mail || b.mail) && { mail: true }),
    ...((a.codeSecret || b.codeSecret) && { codeSecret: true }),
    ...(bucket && { bucket }),
  };
}

function widestTableAccess(a: Access['table'], b: Access['table']): Access['table'] {
  if (a === 'readwrite' || b === 'readwrite') return 'readwrite';
  return a ?? b;
}

/** `upload` includes what `read` may do (s3:GetObject), so it is the wider. */
function widestBucketAccess(a: Access['bucket'], b: Access['bucket']): Access['bucket'] {
  if (a === 'upload' || b === 'upload') return 'upload';
  return a ?? b;
}

/** `service/not-implemented` → `ServiceNotImplemented`, for construct ids. */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
