/**
 * `npm start`: the whole portal on one machine. Starts the emulators, creates the resources from the shared
 * definitions, seeds the sample content and an editor, serves the route table, and writes .pressroom/endpoints.json.
 * Ctrl-C or SIGTERM stops every child. `npm start -- --fresh` starts from empty data.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { NEWSLETTER_TEMPLATE } from '../functions/newsletter/template';
import { backgroundFunctions, NEWSLETTER_SENDER } from '../functions/routes';
import { listEnv } from '../functions/common/config';
import type { EmulatorName, RunningEmulator } from './emulators';
import { freePort, reapStaleChildren, recordChildren, startEmulator, stopAllChildren, stopChild } from './emulators';
import { startGateway } from './gateway';
import { runBackground } from './lambda';
import { startLambdaEndpoint } from './lambda-endpoint';
import { allowBrowserUploads, createEditor, ensureBucket, ensureConfigurationSet, ensureEmailTemplate, ensureTable, ensureUserPool, randomPassword } from './provision';
import { seedSampleContent } from './seed';
import { startWebServer } from './web-server';
import type { WebServer } from './web-server';
import type { StreamPoller } from './stream-poller';
import { lambdaStreamEvent, pollTableStream } from './stream-poller';

export interface Endpoints {
  api: string;
  /** The portal's pages. */
  web: string;
  /** The Lambda Invoke API of the background functions (the newsletter's sender). */
  lambda: string;
  mail: string;
  s3: string;
  dynamodb: string;
  cognito: string;
  editor: { email: string; password: string };
}

/** What must survive a restart: the pool's ids (cognito-local makes new ones) and the editor's password. */
export interface SavedState {
  userPoolId: string;
  userPoolClientId: string;
  editor: { email: string; password: string };
}

export interface LocalStack {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

const TABLE_NAME = 'pressroom';
const BUCKET_NAME = 'pressroom-videos';
const EDITOR_EMAIL = 'editor@pressroom.local';
/** The emulators accept any credentials but s3rver's; these are its defaults, and nothing secret. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const REGION = 'us-east-1';
const DEFAULT_ORIGINS = 'http://localhost:5173,http://127.0.0.1:5173';
const EMULATORS: readonly EmulatorName[] = ['dynamodb', 'cognito', 'mail', 's3'];
/** What a running stack keeps in its data folder for other processes (`npm run invoke`, the tests). */
const STACK_FILES = { endpoints: 'endpoints.json', state: 'state.json', secrets: 'secrets.json' } as const;

/** The function the table's stream drives (on AWS, through an event source mapping with the same filter in code). */
const STREAM_FUNCTION = backgroundFunctions.find((fn) => fn.trigger === 'published-events')!;

/** The SES configuration set the portal sends through and the breaker pauses; another may be named to pause it alone. */
const configurationSetName = (): string => process.env.SES_CONFIGURATION_SET ?? 'pressroom';

/** The settings a user may give `npm start` in its environment, handed on to the handlers when set. */
const passThrough = (...names: string[]): Record<string, string> =>
  Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));

/**
 * Secrets made at first start, as Secrets Manager makes them at deploy: random, never in the repository.
 * Kept under .pressroom/ so codes already sent stay valid across a restart.
 */
export function ensureSecrets(file: string): void {
  if (existsSync(file)) return;
  const secret = () => randomBytes(32).toString('base64');
  writeFileSync(file, JSON.stringify({ codes: secret(), newsletter: secret() }, null, 2), { mode: 0o600 });
}

type LocalUrls = Record<EmulatorName | 'api' | 'lambda' | 'web', string>;

/**
 * What stands in for AWS itself, whatever the function: the region and credentials Lambda gives every function, the
 * emulators in place of AWS's endpoints, and the secrets file in place of Secrets Manager (functions/common/secrets.ts).
 */
export function emulatorEnvironment(urls: LocalUrls, secretsFile: string): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: urls.cognito,
    AWS_ENDPOINT_URL_SESV2: urls.mail,
    AWS_ENDPOINT_URL_S3: urls.s3,
    AWS_ENDPOINT_URL_LAMBDA: urls.lambda,
    // s3rver stores streamed uploads corrupted when the SDK adds its default checksums.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    SECRETS_FILE: secretsFile,
  };
}

/** The environment the handlers see, locally (gateway, `npm run invoke`); the Lambda functions get the same names from CDK. */
export function handlerEnvironment(urls: LocalUrls, pool: { userPoolId: string; userPoolClientId: string }, secretsFile: string): Record<string, string> {
  return {
    ...emulatorEnvironment(urls, secretsFile),
    TABLE_NAME,
    BUCKET_NAME,
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.userPoolClientId,
    // cognito-local signs its tokens as this issuer; trusted only here.
    JWT_ISSUER: `${urls.cognito}/${pool.userPoolId}`,
    // The local portal's own origin is always allowed, as the deployed site's is (infra/web.ts).
    ALLOWED_ORIGINS: [process.env.ALLOWED_ORIGINS ?? DEFAULT_ORIGINS, urls.web].join(','),
    MAIL_FROM: 'no-reply@pressroom.local',
    SES_CONFIGURATION_SET: configurationSetName(),
    PORTAL_NAME: process.env.PORTAL_NAME ?? 'Pressroom',
    // The emulators answer in milliseconds, so a shorter floor still hides which path a request took.
    RESPONSE_FLOOR_MS: process.env.RESPONSE_FLOOR_MS ?? '250',
    FRONTEND_URL: process.env.FRONTEND_URL ?? urls.web,
    PUBLIC_API_URL: urls.api,
    NEWSLETTER_SENDER_FUNCTION: NEWSLETTER_SENDER,
    NEWSLETTER_TEMPLATE: NEWSLETTER_TEMPLATE.name,
    // Well above SES's default 14/s, so a demo campaign arrives within seconds; any rate can be set.
    NEWSLETTER_MAX_SEND_RATE: process.env.NEWSLETTER_MAX_SEND_RATE ?? '200',
    // Everyone on one machine comes from loopback, one network: its hourly share is as large as the day's budget.
    CODE_REQUESTS_PER_NETWORK_PER_HOUR: process.env.CODE_REQUESTS_PER_NETWORK_PER_HOUR ?? '5000',
    CODE_GUESSES_PER_NETWORK_PER_DAY: process.env.CODE_GUESSES_PER_NETWORK_PER_DAY ?? '2000',
    ...passThrough('CODE_TTL_SECONDS', 'DOWNLOAD_URL_TTL_SECONDS', 'CODE_REQUESTS_PER_DAY', 'CODE_GUESS_BUDGET_PER_DAY'),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
    // As Lambda sets it: Powertools marks the first invocation of each handler module (loadHandler) as a cold start.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    // Business metrics (functions/common/metrics.ts) are for CloudWatch, which is not here; set it to false to see them.
    POWERTOOLS_METRICS_NAMESPACE: 'Pressroom/Local',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
}

/** What a local stack running from `dataDir` wrote there for other processes: its endpoints, its pool and its secrets file. */
export function runningStack(dataDir: string): { endpoints: Endpoints; state: SavedState; secretsFile: string } {
  const read = <T>(file: string) => JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as T;
  return { endpoints: read<Endpoints>(STACK_FILES.endpoints), state: read<SavedState>(STACK_FILES.state), secretsFile: join(dataDir, STACK_FILES.secrets) };
}

export async function startLocalStack(options: { port: number; webPort: number; dataDir: string; fresh: boolean }): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const pidFile = join(dataDir, 'children.json');
  const stateFile = join(dataDir, STACK_FILES.state);
  // Before --fresh wipes the folder: the pid file is how leftovers of a killed launcher are found.
  reapStaleChildren(pidFile);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const apiPort = await freePort(options.port);
  const children: RunningEmulator[] = [];
  const servers: Server[] = [];
  let web: WebServer | undefined;
  let poller: StreamPoller | undefined;
  const stop = async () => {
    poller?.stop();
    await Promise.all([web?.close(), ...servers.map((server) => new Promise<void>((closed) => server.close(() => closed())))]);
    await Promise.all(children.map((emulator) => stopChild(emulator.child)));
    writeFileSync(pidFile, '[]');
  };
  const reportError = (where: string) => (error: unknown) => console.error(`${where} failed:`, error);

  try {
    // Emulators take the ports after the API's when free, so their URLs stay the same from one start to the next.
    const ports = await Promise.all(EMULATORS.map((_, index) => freePort(options.port === 0 ? 0 : apiPort + index + 1)));
    const started = await Promise.all(
      EMULATORS.map(async (name, index) => {
        const emulator = await startEmulator(name, ports[index]!, join(dataDir, 'data'), join(dataDir, 'logs'));
        children.push(emulator);
        recordChildren(pidFile, children.map((child) => child.child));
        return emulator;
      }),
    );
    const emulators = Object.fromEntries(started.map((emulator) => [emulator.name, emulator])) as Record<EmulatorName, RunningEmulator>;

    const clientConfig = { region: REGION, credentials: LOCAL_CREDENTIALS };
    const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: emulators.dynamodb.url });
    const cognito = new CognitoIdentityProviderClient({ ...clientConfig, endpoint: emulators.cognito.url });
    const s3 = new S3Client({
      ...clientConfig,
      endpoint: emulators.s3.url,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });

    const saved = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as SavedState) : undefined;
    const [pool] = await Promise.all([ensureUserPool(cognito, saved), ensureTable(dynamodb, TABLE_NAME), ensureBucket(s3, BUCKET_NAME)]);
    let editor = saved?.userPoolId === pool.userPoolId ? saved.editor : undefined;
    if (!editor) {
      editor = { email: EDITOR_EMAIL, password: randomPassword() };
      await createEditor(cognito, pool.userPoolId, editor.email, editor.password);
    }
    writeFileSync(stateFile, JSON.stringify({ ...pool, editor } satisfies SavedState, null, 2), { mode: 0o600 });
    await seedSampleContent({ dynamodb, s3, tableName: TABLE_NAME, bucketName: BUCKET_NAME });

    const ses = new SESv2Client({ ...clientConfig, endpoint: emulators.mail.url });
    await Promise.all([ensureEmailTemplate(ses, NEWSLETTER_TEMPLATE), ensureConfigurationSet(ses, configurationSetName())]);

    // Handlers read their configuration when first loaded: the environment is complete before any request.
    const lambdaEndpoint = await startLambdaEndpoint({ port: await freePort(), onError: (name, error) => reportError(name)(error) });
    servers.push(lambdaEndpoint.server);
    const api = `http://127.0.0.1:${apiPort}`;
    web = await startWebServer({ port: await freePort(options.webPort), apiUrl: api });
    const urls = {
      ...(Object.fromEntries(started.map((emulator) => [emulator.name, emulator.url])) as Record<EmulatorName, string>),
      api,
      lambda: lambdaEndpoint.url,
      web: web.url,
    };
    const secretsFile = join(dataDir, STACK_FILES.secrets);
    ensureSecrets(secretsFile);
    Object.assign(process.env, handlerEnvironment(urls, pool, secretsFile));
    // The portal's origin is known only now that its server is up.
    await allowBrowserUploads(s3, BUCKET_NAME, listEnv('ALLOWED_ORIGINS'));
    const gateway = await startGateway({ port: apiPort, allowedOrigins: listEnv('ALLOWED_ORIGINS') });
    servers.push(gateway.server);
    poller = await pollTableStream({
      dynamodb,
      streams: new DynamoDBStreamsClient({ ...clientConfig, endpoint: emulators.dynamodb.url }),
      tableName: TABLE_NAME,
      deliver: (records) => runBackground(STREAM_FUNCTION, lambdaStreamEvent(records)),
      onError: reportError('the table stream'),
    });

    const endpoints: Endpoints = {
      api: gateway.url,
      web: web.url,
      lambda: lambdaEndpoint.url,
      mail: emulators.mail.url,
      s3: emulators.s3.url,
      dynamodb: emulators.dynamodb.url,
      cognito: emulators.cognito.url,
      editor,
    };
    writeFileSync(join(dataDir, STACK_FILES.endpoints), JSON.stringify(endpoints, null, 2) + '\n', { mode: 0o600 });
    return { endpoints, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const args = process.argv.slice(2);
  const dataDirIndex = args.indexOf('--data-dir');
  const dataDir = dataDirIndex >= 0 ? args[dataDirIndex + 1]! : join(process.cwd(), '.pressroom');
  const port = Number(process.env.PORT ?? 3000);
  const webPort = Number(process.env.WEB_PORT ?? 5173);
  const started: { stack?: LocalStack } = {};
  let stopping = false;
  // Listening from the first moment: a signal while the emulators start stops those already running, too.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    (started.stack ? started.stack.stop() : stopAllChildren()).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  started.stack = await startLocalStack({ port, webPort, dataDir, fresh: args.includes('--fresh') });
  const { endpoints } = started.stack;
  console.log(
    [
      `Pressroom is ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
      `  Portal         ${endpoints.web.replace('127.0.0.1', 'localhost')}/`,
      `  API            ${endpoints.api}   (try ${endpoints.api}/articles, ${endpoints.api}/openapi.json)`,
      `  Mail viewer    ${endpoints.mail}/   (sent emails as JSON: ${endpoints.mail}/store)`,
      `  S3             ${endpoints.s3}`,
      `  DynamoDB       ${endpoints.dynamodb}`,
      `  Cognito        ${endpoints.cognito}`,
      `  Lambda invoke  ${endpoints.lambda}   (background functions: the newsletter sender)`,
      `  Editor         ${endpoints.editor.email} / ${endpoints.editor.password}`,
      `  Endpoints file ${join(dataDir, STACK_FILES.endpoints)}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('The local stack could not start:', error);
    process.exit(1);
  });
}
