/** The operations as GET /openapi.json describes them: parameters, bodies, and what each status may carry. */
import type { JsonSchema } from '../../../functions/common/schema';
import { codesOf } from '../declared-errors';

export interface ParameterDoc {
  name: string;
  in: 'path' | 'query';
  schema: JsonSchema;
}

interface OperationDoc {
  parameters?: ParameterDoc[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
  'x-required-group'?: string;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** What a status may carry: the content type of a success, the error codes of an error. */
interface Expected {
  contentType?: string;
  codes?: ReadonlySet<string>;
}

export type Responses = ReadonlyMap<number, Expected>;

export interface DocumentedOperation {
  label: string;
  method: string;
  template: string;
  auth: 'public' | 'user' | 'editor';
  pathParameters: ParameterDoc[];
  queryParameters: ParameterDoc[];
  /** The JSON body schema; undefined when the operation takes no JSON body. */
  jsonBody?: JsonSchema;
  /** Takes some body other than JSON (a form), whose content it does not check. */
  otherBody: boolean;
  responses: Responses;
}

/** Replaces every `$ref` with the schema it names, so the arbitraries see plain schemas. */
function inline<T>(value: T, schemas: Record<string, JsonSchema>): T {
  if (Array.isArray(value)) return value.map((item: unknown) => inline(item, schemas)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const { $ref } = value as { $ref?: unknown };
  if (typeof $ref === 'string') return inline(schemas[$ref.replace('#/components/schemas/', '')], schemas) as T;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, inline(child as unknown, schemas)])) as T;
}

export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, described]) => {
      const operation = inline(described, document.components.schemas);
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      return {
        label: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        auth: !operation.security ? 'public' : operation['x-required-group'] === 'editors' ? 'editor' : 'user',
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        jsonBody: content['application/json']?.schema,
        otherBody: Object.keys(content).some((type) => type !== 'application/json'),
        responses: new Map(
          Object.entries(operation.responses).map(([status, response]) => [
            Number(status),
            { contentType: Object.keys(response.content ?? {})[0], codes: codesOf(response.description) },
          ]),
        ),
      } satisfies DocumentedOperation;
    }),
  );
}

/** The answers of no operation in particular: its own route's, another route's, or the fallback's (404, 405). */
export function anyRoute(operations: readonly DocumentedOperation[]): Responses {
  const merged = new Map<number, { contentType?: string; codes: Set<string> }>([
    [404, { codes: new Set(['not_found']) }],
    [405, { codes: new Set(['method_not_allowed']) }],
  ]);
  for (const { responses } of operations) {
    for (const [status, { codes }] of responses) {
      const entry = merged.get(status) ?? { codes: new Set<string>() };
      codes?.forEach((code) => entry.codes.add(code));
      merged.set(status, entry);
    }
  }
  return merged;
}
