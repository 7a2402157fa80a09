import { routes } from '../routes';
import { STATUS_OF_CODE } from '../common/error-responses';
import { answerableCodes, ErrorBody } from '../common/operation';
import type { Operation } from '../common/operation';
import type { JsonSchema } from '../common/schema';
import { documented } from '../common/schema';

const COMMON_ERRORS: Record<number, string> = {
  400: 'The request is not valid',
  401: 'A valid access token is required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone',
  413: 'The body is larger than 64 KiB',
  415: 'The body is not application/json',
  429: 'Too many requests; see Retry-After',
  500: 'Something went wrong on our side',
  503: 'A dependency is unavailable; see Retry-After',
};

/** The codes an operation may answer, by status. */
function errorCodesByStatus(operation: Operation): Record<number, string[]> {
  const byStatus: Record<number, string[]> = {};
  for (const code of answerableCodes(operation)) (byStatus[STATUS_OF_CODE[code]] ??= []).push(code);
  return byStatus;
}

function parameters(operation: Operation, components: Record<string, JsonSchema>) {
  const list = (where: 'path' | 'query', schema: Operation['params']) =>
    Object.entries(schema?.shape ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (schema!.json.required as string[] | undefined)?.includes(name) === true,
      schema: documented(property, components),
    }));
  return [...list('path', operation.params), ...list('query', operation.query)];
}

function describeOperation(operation: Operation, components: Record<string, JsonSchema>) {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    const headers = spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
    responses[status] = {
      description: spec.description,
      ...(headers && { headers }),
      ...(spec.schema && { content: { [spec.contentType ?? 'application/json']: { schema: documented(spec.schema, components) } } }),
      ...(!spec.schema && spec.contentType && { content: { [spec.contentType]: { schema: { type: 'string' } } } }),
    };
  }
  const errorRef = documented(ErrorBody, components);
  for (const [status, codes] of Object.entries(errorCodesByStatus(operation))) {
    const retryable = status === '429' || status === '503';
    responses[status] = {
      description: `${COMMON_ERRORS[Number(status)] ?? 'Error'}. Codes: ${codes.join(', ')}.`,
      ...(retryable && { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } }),
      content: { 'application/json': { schema: errorRef } },
    };
  }
  const parameterList = parameters(operation, components);
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    ...(parameterList.length > 0 && { parameters: parameterList }),
    ...(operation.body && {
      requestBody: { required: true, content: { 'application/json': { schema: documented(operation.body, components) } } },
    }),
    ...(operation.formPost && {
      requestBody: {
        required: false,
        content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { 'List-Unsubscribe': { const: 'One-Click' } } } } },
      },
    }),
    ...(operation.auth !== 'public' && { security: [{ bearer: [] }] }),
    ...(operation.auth === 'editor' && { 'x-required-group': 'editors' }),
    responses,
  };
}

/** The OpenAPI 3.1 document of the whole contract, made from the route table and its schemas. */
export function openApiDocument() {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { operation } of routes) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = describeOperation(operation, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pressroom API',
      version: '1.0.0',
      description:
        'Backend of a media portal: news articles with broadcast-quality videos, accounts confirmed by emailed codes, ' +
        'short-lived download links and a newsletter. Every error is {"error": {"code", "message", "details?"}}. ' +
        'Lists take `limit` (1..50, default 20) and an opaque `cursor`, and answer `nextCursor` (null on the last page).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map(({ operation }) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito access token from /auth/login.' } },
    },
  };
}
