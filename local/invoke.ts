/**
 * `npm run invoke -- <function> <event.json>`: runs one function with a sample event against the running local
 * stack, as `sam local invoke` would, and prints what the function returned. <function> is a handler module of the
 * route table, e.g. `catalogue/list-articles`, or a background function, e.g. `newsletter/start-campaign`; the
 * event is an API Gateway request for the first and what the trigger sends for the others (events/ has one each).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../functions/routes';
import { lambdaContext, loadHandler, runBackground } from './lambda';
import { handlerEnvironment, runningStack } from './start';

const httpFunctions = new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER]);
const background = new Map(backgroundFunctions.map((fn) => [fn.handler, fn]));

async function main(): Promise<void> {
  const [name, eventFile] = process.argv.slice(2);
  if (!name || !eventFile || !(httpFunctions.has(name) || background.has(name))) {
    const functions = [...httpFunctions, ...background.keys()].sort();
    console.error(`Usage: npm run invoke -- <function> <event.json>\nFunctions: ${functions.join(', ')}`);
    process.exit(2);
  }
  const dataDir = process.env.PRESSROOM_HOME ?? join(process.cwd(), '.pressroom');
  const endpointsFile = join(dataDir, 'endpoints.json');
  if (!existsSync(endpointsFile)) {
    console.error(`No local stack found (${endpointsFile}); start one with npm start.`);
    process.exit(2);
  }
  const { endpoints, state, secretsFile } = runningStack(dataDir);
  Object.assign(process.env, handlerEnvironment(endpoints, state, secretsFile), { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' });
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as unknown;
  const fn = background.get(name);
  const request = event as APIGatewayProxyEventV2;
  const result = fn ? await runBackground(fn, event) : await loadHandler(name)(request, lambdaContext(name, request.requestContext.requestId));
  // A background function may return nothing, as Lambda's own invoke then prints `null`.
  console.log(JSON.stringify(result ?? null, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
