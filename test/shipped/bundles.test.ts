/**
 * What ships, on the runtime it ships on: every function bundle that `npm run synth` left in cdk.out, loaded by the
 * Node.js major of its template's runtime, in a process of its own with its template's environment (the local
 * stack in place of what CloudFormation resolves at deploy), and invoked once with its sample event from events/.
 * `npm test` proves the sources; this proves what esbuild made of them with the stack's settings (the ESM
 * banner, the credential provider's alias, what is bundled), which nothing else loads before AWS does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../../functions/routes';
import { answerableCodes, ErrorBody } from '../../functions/common/operation';
import type { Issue } from '../../functions/common/schema';
import { lambdaContext } from '../../local/lambda';
import { emulatorEnvironment, handlerEnvironment, runningStack } from '../../local/start';
import { call, endpoints } from '../integration/client';
import { nodeMajorOf, shippedFunctions } from './cloud-assembly';
import { invokeBundle } from './invoke-bundle';
import { lambdaEnvironment } from './lambda-environment';

const ROOT = join(__dirname, '../..');
const shipped = shippedFunctions(join(ROOT, 'cdk.out'));

/**
 * What each function answers its sample event on a fresh local stack, in this order, where the event asks for a
 * session and gets one of the editor's: an HTTP function's status, or what a background function gets: `invoke`
 * with its sample event, or `load` only, where the local stack cannot serve what it calls. The 4xx are the
 * samples' placeholders and their reader Jane meeting the real thing.
 */
const EXPECTED: Record<string, { status: number } | { background: 'invoke' } | { background: 'load'; because: string }> = {
  'service/health': { status: 200 },
  'service/openapi': { status: 200 },
  // DELETE /articles: no such route.
  [FALLBACK_HANDLER]: { status: 405 },
  'catalogue/list-articles': { status: 200 },
  'catalogue/get-article': { status: 200 },
  'catalogue/get-video': { status: 200 },
  // Jane signs up: a code is mailed to her, and then...
  'accounts/signup': { status: 201 },
  // ...the sample's code is not hers,
  'accounts/confirm': { status: 400 },
  // another code within the minute is one too many,
  'accounts/resend-code': { status: 429 },
  // and she has no account to sign in to yet.
  'accounts/login': { status: 401 },
  'accounts/forgot-password': { status: 202 },
  'accounts/reset-password': { status: 400 },
  'accounts/refresh': { status: 200 },
  'accounts/logout': { status: 204 },
  'accounts/me': { status: 200 },
  'accounts/list-activity': { status: 200 },
  'accounts/list-sessions': { status: 200 },
  // The sample's session id names no session.
  'accounts/end-session': { status: 404 },
  // Ends the sessions of the sample's own sign-in and those before it; each sample signs in afresh.
  'accounts/end-all-sessions': { status: 204 },
  'accounts/export-account': { status: 200 },
  // The sample's password is a placeholder: the editor's account stays.
  'accounts/delete-account': { status: 401 },
  'downloads/download-video': { status: 200 },
  'downloads/list-downloads': { status: 200 },
  'editorial/create-article': { status: 201 },
  'editorial/list-drafts': { status: 200 },
  // The sample article is published: no longer a draft.
  'editorial/get-draft': { status: 404 },
  'editorial/get-article-history': { status: 200 },
  'editorial/update-article': { status: 200 },
  // The sample article is published already.
  'editorial/publish-article': { status: 409 },
  'editorial/add-video': { status: 201 },
  'editorial/start-rendition-upload': { status: 201 },
  // The sample's upload id is a placeholder, and so is the unsubscribe token below.
  'editorial/complete-rendition-upload': { status: 400 },
  'newsletter/unsubscribe-page': { status: 400 },
  'newsletter/unsubscribe': { status: 400 },
  'newsletter/set-subscription': { status: 200 },
  'newsletter/list-campaigns': { status: 200 },
  // The sample article's campaign, before its ArticlePublished event is handled below.
  'newsletter/get-campaign': { status: 404 },
  'newsletter/start-campaign': { background: 'invoke' },
  'newsletter/send-campaign': { background: 'invoke' },
  'newsletter/check-campaigns': { background: 'invoke' },
  'newsletter/ses-events': { background: 'invoke' },
  'accounts/token-scopes': { background: 'invoke' },
  'mail/pause-sending': {
    background: 'load',
    because: 'the local SES has no configuration sets to pause (test/unit/mail-breaker.test.ts calls a stand-in)',
  },
};

/** The placeholders of the sample events that a session fills in. */
const SESSION_PLACEHOLDERS = { accessToken: '<an access token from POST /auth/login>', refreshToken: '<a refresh token from POST /auth/login>' };

const stack = runningStack(dirname(process.env.PRESSROOM_ENDPOINTS!));
const local = {
  aws: emulatorEnvironment(stack.endpoints, stack.secretsFile),
  handlers: handlerEnvironment(stack.endpoints, stack.state, stack.secretsFile),
};

/** The sample event, with a session of its own where it asks for one (so that signing out ends no other's). */
async function sampleEvent(name: string): Promise<unknown> {
  let text = readFileSync(join(ROOT, 'events', `${name}.json`), 'utf8');
  if (Object.values(SESSION_PLACEHOLDERS).some((placeholder) => text.includes(placeholder))) {
    const session = await call<{ accessToken: string; refreshToken: string }>('POST', '/auth/login', {
      body: { email: endpoints.editor.email, password: endpoints.editor.password },
    });
    expect(session.status).toBe(200);
    for (const [field, placeholder] of Object.entries(SESSION_PLACEHOLDERS)) text = text.replaceAll(placeholder, session.body[field as keyof typeof SESSION_PLACEHOLDERS]);
  }
  return JSON.parse(text);
}

/**
 * What the bundle returned, and what its process printed; an error it threw (or failed to load with) fails the test
 * with that output.
 */
async function invoke(name: string, event: unknown): Promise<{ result: unknown; output: string }> {
  const fn = shipped.find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`${name} is not in cdk.out`);
  const timeoutMs = fn.timeoutSeconds * 1000;
  const outcome = await invokeBundle({
    codeDir: fn.codeDir,
    handler: fn.handler,
    environment: (taskRoot) => lambdaEnvironment(fn, local, taskRoot),
    event,
    context: lambdaContext(fn.name, randomUUID(), timeoutMs),
    timeoutMs,
  });
  if (outcome.error) throw new Error(`${name}: ${outcome.error.stack ?? outcome.error.message}\n--- its output ---\n${outcome.output}`);
  return { result: outcome.result, output: outcome.output };
}

/** Where an answer leaves the contract: the schema of its status, or the error shape and a code its operation may answer. */
function contractIssues(name: string, answer: APIGatewayProxyStructuredResultV2): Issue[] {
  const operation = routes.find((route) => route.handler === name)?.operation;
  const status = answer.statusCode ?? 0;
  const issues: Issue[] = [];
  if (status === 204) return answer.body ? [{ path: 'body', message: 'a 204 with a body' }] : [];
  const contentType = String(answer.headers?.['content-type'] ?? '');
  const spec = operation?.responses[status];
  if (spec?.contentType && !spec.contentType.includes('json')) {
    return contentType.startsWith(spec.contentType) ? [] : [{ path: 'content-type', message: `${contentType}, not ${spec.contentType}` }];
  }
  if (!contentType.startsWith('application/json')) return [{ path: 'content-type', message: `${contentType}, not JSON` }];
  const body = JSON.parse(answer.body ?? 'null') as unknown;
  if (status < 400) {
    if (!spec) return [{ path: '', message: `${status} is not a response of ${name}` }];
    spec.schema?.check(body, '', issues);
    return issues;
  }
  const error = ErrorBody.check(body, '', issues);
  // The `$default` route has no operation: API Gateway's own answers for a path or method nobody serves.
  const codes: readonly string[] = operation ? answerableCodes(operation) : ['not_found', 'method_not_allowed'];
  if (error && !codes.includes(error.error.code)) issues.push({ path: 'error.code', message: `${error.error.code} is not a code ${name} may answer` });
  return issues;
}

describe('the bundles in cdk.out', () => {
  it('are the route table’s functions, one Node.js runtime for all, whose major runs this check', () => {
    const declared = new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER, ...backgroundFunctions.map((fn) => fn.handler)]);
    expect(shipped.map((fn) => fn.name).sort()).toEqual([...declared].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...declared].sort());
    const majors = new Set(shipped.map((fn) => nodeMajorOf(fn.runtime)));
    expect(majors.size).toBe(1);
    expect(Number(process.versions.node.split('.')[0])).toBe([...majors][0]);
  });

  // Lambda runs them on arm64 (infra/function.ts), this check on whatever this machine is: JavaScript runs alike on
  // both, a native addon built here would not.
  it('hold no native addon', () => {
    const addons = shipped.flatMap((fn) => readdirSync(fn.codeDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.node')));
    expect(addons).toEqual([]);
  });

  describe.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    if ('status' in expected) {
      it(`answers its sample event ${expected.status}, in the contract`, async () => {
        const { result, output } = await invoke(name, await sampleEvent(name));
        const answer = result as APIGatewayProxyStructuredResultV2;
        if (answer.statusCode !== expected.status) {
          throw new Error(`${name} answered ${answer.statusCode} ${answer.body}\n--- its output ---\n${output}`);
        }
        expect(contractIssues(name, answer)).toEqual([]);
      });
    } else if (expected.background === 'invoke') {
      it('handles its sample event', async () => {
        await invoke(name, await sampleEvent(name));
      });
    } else {
      it(`loads (not invoked: ${expected.because})`, async () => {
        await invoke(name, undefined);
      });
    }
  });
});
