import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { SERVICE_NAME } from './business-metrics';

/** One structured JSON logger per function instance; level from POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/**
 * What every line an invocation logs carries, for every handler: Lambda's context from Powertools' middleware
 * (function name, `function_request_id`, `cold_start`, and `xray_trace_id` when tracing is on) and a
 * `correlation_id` that ties together the lines about one piece of work, across invocations and functions (an API
 * Gateway request id, a campaign id). Keys appended during the invocation are dropped when it ends.
 */
export function invocationLogging<E, R>(correlationIdOf: (event: E) => string | undefined): MiddlewareObj<E, R, Error, Context>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    {
      before: ({ event }) => {
        const correlationId = correlationIdOf(event);
        if (correlationId) logger.setCorrelationId(correlationId);
      },
    },
  ];
}

/** A handler that no HTTP route calls, with the invocation in every log line (`invocationLogging`). */
export function backgroundHandler<E, R>(correlationIdOf: (event: E) => string | undefined, handle: (event: E, context: Context) => Promise<R>) {
  return middy<E, R, Error, Context>().use(invocationLogging<E, R>(correlationIdOf)).handler(handle);
}
