/**
 * Every function's handler module loads with exactly the environment the stack gives it: a handler that reads a
 * variable its function is not given would fail at its first cold start on AWS, after a green synth.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../../functions/routes';
import { createApp } from '../../infra/app';
import { testContext } from './context';
import { handlerModule } from '../../functions/handler-modules';

const { stack } = createApp({ context: testContext });
const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as {
  Properties: { Description?: string; Environment?: { Variables: Record<string, unknown> } };
}[];
const handlers = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER, ...backgroundFunctions.map((fn) => fn.handler)])];

describe('handler modules under their function’s environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each(handlers)('%s loads', (handler) => {
    const fn = functions.find((candidate) => candidate.Properties.Description === `functions/${handler}`);
    expect(fn).toBeDefined();
    // Only the names matter at load time: values are tokens in the template, so each gets a stand-in.
    const given = Object.keys(fn!.Properties.Environment?.Variables ?? {});
    const stripped = Object.fromEntries(Object.entries(saved).filter(([name]) => !/^(TABLE_|BUCKET_|USER_POOL|JWT_|MAIL_|SES_|CODE_|NEWSLETTER_|FRONTEND_|PUBLIC_|ALLOWED_|PORTAL_|SECRETS_)/.test(name)));
    process.env = { ...stripped, AWS_REGION: 'eu-west-1', ...Object.fromEntries(given.map((name) => [name, name.endsWith('_RATE') || name.endsWith('_SECONDS') ? '10' : 'https://stand-in.example'])) };
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(typeof (require(`../../functions/${handlerModule(handler)}`) as { handler: unknown }).handler).toBe('function');
    });
  });
});
