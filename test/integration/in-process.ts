/**
 * For settings the running stack was not started with (a 2-second code lifetime, a 1-second download link):
 * the same handler modules, run in this process with those settings, against the same emulators.
 * Import this module before any handler module, and call `configure` at the top of the test file.
 */
import { dirname } from 'node:path';
import { handlerEnvironment, runningStack } from '../../local/start';
import { httpEvent, lambdaContext, loadHandler, runBackground } from '../../local/lambda';
import { backgroundFunctions, routes } from '../../functions/routes';

export function configure(overrides: Record<string, string>): void {
  const { endpoints, state, secretsFile } = runningStack(dirname(process.env.PRESSROOM_ENDPOINTS!));
  Object.assign(process.env, handlerEnvironment(endpoints, state, secretsFile), { POWERTOOLS_LOG_LEVEL: 'SILENT' }, overrides);
}

/** A module under functions/, loaded only now: modules read their settings at import, so after configure(). */
export function loadFunctionModule<T>(module: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`../../functions/${module}`) as T;
}

/** An HTTP handler with a request, or a background handler with the event as given (`direct`). */
export async function invoke<T = { error?: { code: string } }>(
  handler: string,
  request:
    | { method: string; path: string; routeKey: string; body?: unknown; token?: string; pathParameters?: Record<string, string>; from?: string }
    | { direct: unknown },
): Promise<{ statusCode: number; body: T; headers: Record<string, string> }> {
  if ('direct' in request) {
    await runBackground(backgroundFunctions.find((fn) => fn.handler === handler)!, request.direct, 'in-process');
    return { statusCode: 0, body: undefined as T, headers: {} };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const event = httpEvent({
    method: request.method,
    url: new URL(`http://local${request.path}`),
    headers,
    routeKey: request.routeKey,
    ...(request.body !== undefined && { body: Buffer.from(JSON.stringify(request.body)) }),
    ...(request.pathParameters && { pathParameters: request.pathParameters }),
    ...(request.from && { sourceIp: request.from }),
  });
  const result = await loadHandler(handler)(event, lambdaContext(handler, event.requestContext.requestId));
  return { statusCode: result.statusCode ?? 0, body: JSON.parse(result.body ?? '{}') as T, headers: (result.headers ?? {}) as Record<string, string> };
}

/** A handler of the route table with its route's method and path: `params` fill the path's `{names}`. */
export function invokeRoute<T = { error?: { code: string } }>(
  handler: string,
  request: { params?: Record<string, string>; body?: unknown; token?: string; /** the client's source address */ from?: string } = {},
) {
  const { method, path } = routes.find((route) => route.handler === handler)!.operation;
  return invoke<T>(handler, {
    method,
    path: path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.params![name]!)),
    routeKey: `${method} ${path}`,
    body: request.body,
    token: request.token,
    pathParameters: request.params,
    from: request.from,
  });
}
