import { CreateConfigurationSetCommand, GetConfigurationSetCommand, PutConfigurationSetSendingOptionsCommand, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../../functions/routes';
import { reader, subscribed } from './campaign-fixtures';
import { call, endpoints } from './client';
import { editor } from './editor-fixtures';

const run = promisify(execFile);
const root = join(__dirname, '../..');
const PORTAL_CONFIGURATION_SET = 'pressroom';

/** `npm run invoke -- <function> <event>` against the test stack; `env` is added to the handlers' environment. */
async function invoke(fn: string, eventFile: string, env: Record<string, string> = {}): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'local/invoke.ts', fn, eventFile], {
    cwd: root,
    env: { ...process.env, PRESSROOM_HOME: dirname(process.env.PRESSROOM_ENDPOINTS!), NODE_NO_WARNINGS: '1', POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
  });
  return JSON.parse(stdout) as unknown;
}

/** A sample event of events/, changed by `edit`, in a file of its own. */
function sampleEvent(name: string, edit: (text: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pressroom-event-')), 'event.json');
  writeFileSync(file, edit(readFileSync(join(root, 'events', `${name}.json`), 'utf8')));
  return file;
}

const ses = new SESv2Client({ region: 'us-east-1', endpoint: endpoints.mail, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const sendThrough = (configurationSet: string) =>
  ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'no-reply@pressroom.local',
      Destination: { ToAddresses: ['someone@example.org'] },
      ConfigurationSetName: configurationSet,
      Content: { Simple: { Subject: { Data: 'Breaker check' }, Body: { Text: { Data: 'Is sending paused?' } } } },
    }),
  );
const sendingEnabled = async (configurationSet: string) =>
  (await ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: configurationSet }))).SendingOptions?.SendingEnabled;

describe('npm run invoke', () => {
  it('runs a handler with its sample event against the running local stack', async () => {
    const result = (await invoke('catalogue/list-articles', 'events/catalogue/list-articles.json')) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    const page = JSON.parse(result.body) as { items: { tags: string[] }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.items.every((item) => item.tags.includes('deterrence'))).toBe(true);
    expect(page.nextCursor).not.toBeNull();
  });

  it('names every function, the background ones too, when it is given one it does not know', async () => {
    const refused = await invoke('newsletter/no-such-function', 'events/newsletter/send-campaign.json').catch((error: unknown) => error);
    const { code, stderr } = refused as { code: number; stderr: string };
    expect(code).toBe(2);
    const named = /Functions: (.*)/.exec(stderr)![1]!.split(', ');
    const every = [...routes.map((route) => route.handler), FALLBACK_HANDLER, ...backgroundFunctions.map((fn) => fn.handler)];
    expect(named.sort()).toEqual([...new Set(every)].sort());
  });

  it('runs the token trigger: the access token loses the scope that would open Cognito itself', async () => {
    const event = (await invoke('accounts/token-scopes', 'events/accounts/token-scopes.json')) as { response: unknown };
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: ['aws.cognito.signin.user.admin'] } } });
  });

  it('runs the bounce handler on an SES event: the bounced reader is unsubscribed', async () => {
    const bounced = await reader(true);
    expect(await invoke('newsletter/ses-events', sampleEvent('newsletter/ses-events', (text) => text.replaceAll('reader@example.org', bounced.email)))).toBeNull();
    expect(await subscribed(bounced.token)).toBe(false);
  });

  it('runs the stream reader on its sample record, which starts the article’s campaign, and the sender on a campaign that is gone', async () => {
    const sample = JSON.parse(readFileSync(join(root, 'events/newsletter/start-campaign.json'), 'utf8')) as { Records: { dynamodb: { NewImage: { articleId: { S: string } } } }[] };
    const articleId = sample.Records[0]!.dynamodb.NewImage.articleId.S;
    expect(await invoke('newsletter/start-campaign', 'events/newsletter/start-campaign.json')).toBeNull();
    const token = await editor();
    const campaigns: { articleId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { articleId: string }[]; nextCursor: string | null } } = await call('GET', `/newsletters?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { token });
      campaigns.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(campaigns.filter((campaign) => campaign.articleId === articleId)).toHaveLength(1);
    // A run for a campaign that no longer exists has nothing to send.
    expect(await invoke('newsletter/send-campaign', 'events/newsletter/send-campaign.json')).toBeNull();
  });

  it('runs the sending breaker on its alarm: sending through the configuration set is paused until someone resumes it', async () => {
    // A configuration set of this test's own: pausing the portal's would stop the mail of the tests running beside it.
    const configurationSet = `invoke-${randomUUID().slice(0, 8)}`;
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: configurationSet }));
    expect((await sendThrough(configurationSet)).MessageId).toBeDefined();

    expect(await invoke('mail/pause-sending', 'events/mail/pause-sending.json', { SES_CONFIGURATION_SET: configurationSet })).toBeNull();
    expect(await sendingEnabled(configurationSet)).toBe(false);
    await expect(sendThrough(configurationSet)).rejects.toMatchObject({ name: 'SendingPausedException', $metadata: { httpStatusCode: 400 } });
    expect(await sendingEnabled(PORTAL_CONFIGURATION_SET)).toBe(true);
    await expect(sendingEnabled(`never-made-${configurationSet}`)).rejects.toMatchObject({ name: 'NotFoundException' });

    // What the README's Operations section tells a person to run once the cause is found.
    await ses.send(new PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: configurationSet, SendingEnabled: true }));
    expect((await sendThrough(configurationSet)).MessageId).toBeDefined();
  });
});
