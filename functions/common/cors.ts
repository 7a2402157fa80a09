/**
 * The CORS policy, in one place: API Gateway's preflight configuration (CDK), the local gateway's preflight
 * answers and the headers every handler adds all read it. Origins come from configuration; no cookies are used,
 * so credentials are never allowed.
 */
export const corsPolicy = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type'],
  exposeHeaders: ['retry-after'],
  maxAgeSeconds: 600,
} as const;

/**
 * The video bucket's CORS rule: browsers on the allowed origins PUT rendition parts to presigned URLs and read each
 * part's ETag to complete the upload. The bucket on AWS (infra/storage.ts) and the local emulator's get the same.
 */
export const uploadCorsRule = {
  allowedMethods: ['PUT'],
  // Presigned part URLs may sign a content type and the SDK's checksum headers.
  allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
  exposedHeaders: ['ETag'],
  maxAgeSeconds: corsPolicy.maxAgeSeconds,
} as const;

/** The headers a response carries for a request from `origin`; none when the origin is not allowed. */
export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  if (origin === undefined || !allowedOrigins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': corsPolicy.exposeHeaders.join(','),
    vary: 'Origin',
  };
}

export function preflightHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  const headers = corsHeaders(origin, allowedOrigins);
  if (Object.keys(headers).length === 0) return {};
  return {
    ...headers,
    'access-control-allow-methods': corsPolicy.allowMethods.join(','),
    'access-control-allow-headers': corsPolicy.allowHeaders.join(','),
    'access-control-max-age': String(corsPolicy.maxAgeSeconds),
  };
}
