/**
 * `npm run invoke -- <function> <event.json>`: runs one handler with a sample event against the running local
 * stack, as `sam local invoke` would, and prints what the function returned.
 * <function> is a handler module of the route table, e.g. `catalogue/list-articles`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { FALLBACK_HANDLER, routes } from '../functions/routes';
import { lambdaContext, loadHandler } from './lambda';
import { handlerEnvironment, runningStack } from './start';

async function main(): Promise<void> {
  const [name, eventFile] = process.argv.slice(2);
  const functions = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER])].sort();
  if (!name || !eventFile || !functions.includes(name)) {
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
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as APIGatewayProxyEventV2;
  const result = await loadHandler(name)(event, lambdaContext(name, event.requestContext.requestId));
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
