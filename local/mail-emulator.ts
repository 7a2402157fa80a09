/**
 * Local SES: aws-ses-v2-local behind a front that adds the configuration sets it lacks, with their sending switch
 * (SES v2 CreateConfigurationSet, GetConfigurationSet, PutConfigurationSetSendingOptions), and refuses a send
 * through a paused set with SendingPausedException, as SES does. So the sending breaker (mail/pause-sending) and the
 * 503 it causes work on one machine as on AWS, and the README's command to resume works with `--endpoint-url`.
 * Everything else (sending, templates, the mail viewer) reaches aws-ses-v2-local unchanged. The sets are kept in
 * <directory>/configuration-sets.json: a pause lasts until someone lifts it, across restarts too.
 *
 * Run as a child process of the local stack launcher:
 *   node --import tsx local/mail-emulator.ts --port 3003 --directory .pressroom/data/mail
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import startSesEmulator from 'aws-ses-v2-local';

const HOST = '127.0.0.1';
const SET_PATH = /^\/v2\/email\/configuration-sets\/([^/]+)(\/sending)?$/;
const SENDING_PATHS = new Set(['/v2/email/outbound-emails', '/v2/email/outbound-bulk-emails']);
/** Headers that describe one hop's message, not its content: each side of the front sets its own. */
const OWN_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface Answer {
  status: number;
  /** SES v2's error name, in the header its clients read it from. */
  error?: string;
  body: object;
}

const failure = (status: number, error: string, message: string): Answer => ({ status, error, body: { message } });

/** Set name → whether sending through it is enabled. */
class ConfigurationSets {
  private readonly sets: Map<string, boolean>;

  constructor(private readonly file: string) {
    this.sets = new Map(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as [string, boolean][]) : []);
  }

  /** The answer to a configuration-set call, or undefined when the request is none (it goes to the emulator). */
  answer(method: string, path: string, body: Record<string, unknown>): Answer | undefined {
    if (method === 'POST' && path === '/v2/email/configuration-sets') {
      const name = body.ConfigurationSetName;
      if (typeof name !== 'string' || name === '') return failure(400, 'BadRequestException', 'ConfigurationSetName is required.');
      if (this.sets.has(name)) return failure(400, 'AlreadyExistsException', `Configuration set <${name}> already exists.`);
      return this.save(name, true);
    }
    const [, encodedName, sending] = SET_PATH.exec(path) ?? [];
    if (encodedName === undefined) return undefined;
    const name = decodeURIComponent(encodedName);
    const enabled = this.sets.get(name);
    if (enabled === undefined) return failure(404, 'NotFoundException', `Configuration set <${name}> does not exist.`);
    if (method === 'PUT' && sending) return this.save(name, body.SendingEnabled === true);
    if (method === 'GET' && !sending) return { status: 200, body: { ConfigurationSetName: name, SendingOptions: { SendingEnabled: enabled } } };
    return undefined;
  }

  /** SES's refusal of a send through a paused set; none for a send through no set or an enabled one. */
  refusal(path: string, body: Record<string, unknown>): Answer | undefined {
    const name = body.ConfigurationSetName;
    if (!SENDING_PATHS.has(path) || typeof name !== 'string' || this.sets.get(name) !== false) return undefined;
    return failure(400, 'SendingPausedException', `Sending is paused for configuration set <${name}>.`);
  }

  private save(name: string, enabled: boolean): Answer {
    this.sets.set(name, enabled);
    writeFileSync(this.file, JSON.stringify([...this.sets]));
    return { status: 200, body: {} };
  }
}

function parsedBody(body: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Passes the request on as it came (SES requests and the viewer's pages are small: buffered, not streamed). */
async function forward(upstream: string, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    // fetch sets the host, the length and the connection of its own request.
    if (value !== undefined && !OWN_HEADERS.has(name)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = request.method ?? 'GET';
  const answer = await fetch(`${upstream}${request.url ?? '/'}`, { method, headers, ...(method !== 'GET' && method !== 'HEAD' && { body }) });
  // The body is passed on decoded and whole: its original encoding and length no longer describe it.
  const kept = [...answer.headers].filter(([name]) => !OWN_HEADERS.has(name) && name !== 'content-encoding');
  response.writeHead(answer.status, Object.fromEntries(kept)).end(Buffer.from(await answer.arrayBuffer()));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, directory: { type: 'string' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !values.directory) throw new Error('Usage: mail-emulator.ts --port <port> --directory <folder>');
  const sets = new ConfigurationSets(join(values.directory, 'configuration-sets.json'));
  const emulator = await startSesEmulator({ host: HOST, port: 0 });
  const upstream = `http://${HOST}:${(emulator.address() as AddressInfo).port}`;

  const front = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = new URL(request.url ?? '/', upstream).pathname;
      const fields = parsedBody(body);
      const own = sets.answer(request.method ?? 'GET', path, fields) ?? sets.refusal(path, fields);
      if (own) {
        response.writeHead(own.status, { 'content-type': 'application/json', ...(own.error && { 'x-amzn-errortype': own.error }) }).end(JSON.stringify(own.body));
        return;
      }
      forward(upstream, request, body, response).catch((error: unknown) => {
        process.stderr.write(`mail-emulator: ${String(error)}\n`);
        if (!response.headersSent) response.writeHead(502).end();
      });
    });
  });
  await new Promise<void>((listening) => front.listen(port, HOST, listening));
  process.stdout.write(`mail-emulator: SES on http://${HOST}:${(front.address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`mail-emulator failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
