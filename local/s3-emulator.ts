/**
 * Local S3 emulator: s3rver behind a front that verifies AWS Signature V4.
 *
 * s3rver checks the expiry of presigned URLs but not their signature, so a tampered URL would
 * work locally while real S3 answers 403. The front recomputes every signature (see
 * ./s3-signature) and only then streams the request to s3rver unchanged: same path, query and
 * Host header, no re-signing, no buffering.
 *
 * Run as a child process of the local stack launcher:
 *   node --import tsx local/s3-emulator.ts --port 4569 --directory .pressroom/s3
 *     [--credentials KEY:SECRET[,KEY:SECRET...]]   (or env S3_EMULATOR_CREDENTIALS)
 * Prints `READY {"port":<port>}` once listening; exits on SIGTERM/SIGINT or when the parent goes.
 */
import { fstatSync, mkdirSync } from 'node:fs';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream';
import { parseArgs } from 'node:util';
import { MultipartLedger } from './multipart-ledger';
import {
  DEFAULT_CREDENTIALS,
  errorXml,
  parseRequestTarget,
  verifyRequest,
  type CredentialMap,
  type RequestHeaders,
} from './s3-signature';

const HOST = '127.0.0.1';
const PARENT_POLL_MS = 1000;
const FORCED_EXIT_MS = 3000;

/** Headers that describe one connection, not the message; never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

// s3rver ships no type declarations; this is the part of its API we use.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
}) => S3rverServer;
const S3rver = createRequire(__filename)('s3rver') as S3rverConstructor;

interface Options {
  port: number;
  directory: string;
  credentials: CredentialMap;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4569' },
      directory: { type: 'string', default: '.pressroom/s3' },
      credentials: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a TCP port, got ${values.port}`);
  }
  const credentialList = values.credentials ?? process.env.S3_EMULATOR_CREDENTIALS;
  return {
    port,
    directory: values.directory,
    credentials: credentialList ? parseCredentialList(credentialList) : DEFAULT_CREDENTIALS,
  };
}

/** `KEY:SECRET,KEY2:SECRET2` → map. */
function parseCredentialList(list: string): CredentialMap {
  const credentials = new Map<string, string>();
  for (const pair of list.split(',')) {
    const separator = pair.indexOf(':');
    if (separator <= 0) throw new Error(`credentials must look like KEY:SECRET, got "${pair}"`);
    credentials.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
  }
  return credentials;
}

// ---------------------------------------------------------------------------------------------
// The verifying front

function createFront(upstreamPort: number, credentials: CredentialMap, agent: Agent): Server {
  const ledger = new MultipartLedger();
  const front = createServer((req, res) => void handle(req, res, false));
  // Answer `Expect: 100-continue` only after the signature checks out, as S3 does, so a refused
  // upload is refused before its body is sent.
  front.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => void handle(req, res, true));

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    try {
      const denial = await checkRequest(req, credentials);
      if (denial) {
        refuse(req, res, denial.code, denial.message);
        return;
      }
      if (expectsContinue) res.writeContinue();
      const { query } = parseRequestTarget(req.url ?? '/');
      const uploadId = typeof query.uploadId === 'string' ? query.uploadId : undefined;
      if (uploadId && req.method === 'POST') {
        await completeMultipart(req, res, uploadId);
        return;
      }
      const partNumber = Number(query.partNumber);
      forward(req, res, upstreamPort, agent, undefined, (status, headers) => {
        if (uploadId && req.method === 'PUT' && status === 200 && typeof headers.etag === 'string') ledger.recordPart(uploadId, partNumber, headers.etag);
      });
    } catch (error) {
      process.stderr.write(`s3-emulator: ${String(error)}\n`);
      refuse(req, res, 'InternalError', 'We encountered an internal error. Please try again.', 500);
    }
  }

  /** A completion is small XML: read it whole, check its parts against the ledger, then pass it on. */
  async function completeMultipart(req: IncomingMessage, res: ServerResponse, uploadId: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const refusal = ledger.checkCompletion(uploadId, body.toString('utf8'));
    if (refusal) {
      refuse(req, res, refusal.code, refusal.message, refusal.status);
      return;
    }
    forward(req, res, upstreamPort, agent, body, (status) => {
      if (status === 200) ledger.completeUpload(uploadId);
    });
  }

  return front;
}

async function checkRequest(
  req: IncomingMessage,
  credentials: CredentialMap,
): Promise<{ code: string; message: string } | undefined> {
  // CORS preflights carry no credentials, on real S3 too.
  if (req.method === 'OPTIONS') return undefined;
  const { path, query } = parseRequestTarget(req.url ?? '/');
  const verdict = await verifyRequest(
    { method: req.method ?? 'GET', path, query, headers: headersForVerification(req.rawHeaders) },
    credentials,
  );
  return verdict.ok ? undefined : verdict;
}

/** Lower-case names, every repeat kept (the canonical form joins repeats with ","). */
function headersForVerification(rawHeaders: string[]): RequestHeaders {
  const grouped = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    grouped.set(name, [...(grouped.get(name) ?? []), rawHeaders[i + 1] as string]);
  }
  return Object.fromEntries(grouped);
}

function refuse(req: IncomingMessage, res: ServerResponse, code: string, message: string, status = 403): void {
  const body = errorXml(code, message);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    // The unread upload body makes the connection unusable for another request.
    ...(hasBody(req) ? { Connection: 'close' } : {}),
  });
  res.end(body);
  req.resume(); // discard whatever body arrives
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Streams the request (or the body already read) to s3rver and the answer back, with backpressure in both
 * directions; `onResponse` sees each answer's status and headers.
 */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstreamPort: number,
  agent: Agent,
  body?: Buffer,
  onResponse?: (status: number, headers: IncomingMessage['headers']) => void,
): void {
  const upstream = httpRequest({
    host: HOST,
    port: upstreamPort,
    method: req.method,
    path: req.url,
    // The client's Host header is kept: it is what was signed and what s3rver routes on.
    headers: withoutHeaders(req.rawHeaders, ['expect']),
    setHost: false,
    agent,
  });

  upstream.on('response', (upstreamRes) => {
    onResponse?.(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    res.writeHead(
      upstreamRes.statusCode ?? 502,
      upstreamRes.statusMessage,
      withoutHeaders(upstreamRes.rawHeaders, ['transfer-encoding']),
    );
    pipeline(upstreamRes, res, (error) => {
      if (error) upstream.destroy();
    });
  });

  if (body) {
    upstream.end(body);
    return;
  }
  pipeline(req, upstream, (error) => {
    if (!error) return;
    if (res.headersSent) res.destroy();
    else refuse(req, res, 'InternalError', `S3 emulator backend failed: ${error.message}`, 502);
  });
}

/** Raw header list minus hop-by-hop headers and the named ones. */
function withoutHeaders(rawHeaders: string[], extra: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const lowerName = name.toLowerCase();
    if (HOP_BY_HOP.has(lowerName) || extra.includes(lowerName)) continue;
    kept.push(name, rawHeaders[i + 1] as string);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Process lifecycle

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Calls `onGone` once the launcher is gone, so no orphan keeps the port. */
function watchParent(onGone: () => void): void {
  process.on('disconnect', onGone); // only fires when spawned with an IPC channel
  process.stdout.on('error', onGone); // EPIPE: nobody reads our output any more

  const parentPid = process.ppid;
  setInterval(() => {
    // Re-parenting goes to init (1) or to a subreaper; either way the pid changes.
    if (process.ppid !== parentPid || process.ppid === 1) onGone();
  }, PARENT_POLL_MS).unref();

  // A pipe/socket on stdin closes when the parent dies. A TTY or /dev/null is left alone:
  // reading a TTY would steal the terminal, and /dev/null ends at once.
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on('end', onGone).on('error', onGone).resume();
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  mkdirSync(options.directory, { recursive: true });

  const s3rver = new S3rver({ address: HOST, port: 0, directory: options.directory, silent: true });
  const { port: upstreamPort } = await s3rver.run();

  const agent = new Agent({ keepAlive: true });
  const front = createFront(upstreamPort, options.credentials, agent);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), FORCED_EXIT_MS).unref();
    void Promise.allSettled([closeServer(front), s3rver.close()]).then(() => process.exit(0));
    agent.destroy();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  watchParent(stop);

  const port = await listen(front, options.port);
  process.stdout.write(`READY ${JSON.stringify({ port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`s3-emulator failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
