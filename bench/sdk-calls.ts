/**
 * The AWS calls the handlers make, seen from inside: a middleware on the very client instances the handler modules
 * use (functions/common/aws/*), which records each command and asks DynamoDB for the capacity it consumed, and a
 * watch on `fetch` for the calls made as signed requests without a client (SES, Lambda, Secrets Manager, S3). What it
 * recorded it can replay through the same clients: the "raw SDK" baseline of a handler, with no middy around it.
 * Load this module only after the handlers' environment is set: importing the clients reads it.
 */
import * as cognitoCommands from '@aws-sdk/client-cognito-identity-provider';
import * as documentCommands from '@aws-sdk/lib-dynamodb';
import { cognito } from '../functions/common/aws/cognito';
import { dynamodb } from '../functions/common/aws/dynamodb';

export type Service = 'dynamodb' | 'cognito' | 's3' | 'ses' | 'lambda' | 'secretsmanager';

export interface SdkCall {
  service: Service;
  /** The low-level name the SDK gives the operation (`QueryCommand`, …), or a signed request's method and path. */
  command: string;
  /** The command's input, or a signed request's `fetch` arguments. */
  input: Record<string, unknown>;
  /** DynamoDB's consumed capacity units for this call, as the emulator reports them (none for a failed call). */
  capacityUnits: number;
  /** From the request's serialization to its parsed answer. */
  ms: number;
  /** The service refused it (a condition that did not hold, an error answer): AWS bills some of those too. */
  failed: boolean;
}

/** The document client names its commands after the low-level operation; replay needs the document command. */
const DOCUMENT_COMMAND: Record<string, string> = {
  GetItemCommand: 'GetCommand',
  PutItemCommand: 'PutCommand',
  UpdateItemCommand: 'UpdateCommand',
  DeleteItemCommand: 'DeleteCommand',
  QueryCommand: 'QueryCommand',
  ScanCommand: 'ScanCommand',
  BatchGetItemCommand: 'BatchGetCommand',
  BatchWriteItemCommand: 'BatchWriteCommand',
  TransactGetItemsCommand: 'TransactGetCommand',
  TransactWriteItemsCommand: 'TransactWriteCommand',
};

interface Sendable {
  send(command: unknown): Promise<unknown>;
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}
type CommandClass = new (input: unknown) => unknown;

const services: { service: Service; client: Sendable; commands: Record<string, unknown> }[] = [
  { service: 'dynamodb', client: dynamodb, commands: documentCommands },
  { service: 'cognito', client: cognito, commands: cognitoCommands },
];

/** The endpoints of the services called by signed requests, from the environment the handlers run with. */
const SIGNED_SERVICES: [Service, string | undefined][] = [
  ['s3', process.env.AWS_ENDPOINT_URL_S3],
  ['ses', process.env.AWS_ENDPOINT_URL_SESV2],
  ['lambda', process.env.AWS_ENDPOINT_URL_LAMBDA],
  ['secretsmanager', process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER],
];

/** A single operation answers with one ConsumedCapacity, a transaction or batch with one per table. */
function sumUnits(consumed: unknown): number {
  const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[];
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

let recording: SdkCall[] | undefined;

for (const { service, client } of services) {
  client.middlewareStack.add(
    (next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>, context: { commandName: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const calls = recording;
        if (!calls) return next(args);
        if (service === 'dynamodb') args.input.ReturnConsumedCapacity = 'TOTAL';
        const input = structuredClone(args.input);
        const started = performance.now();
        const record = (capacityUnits: number, failed: boolean) =>
          calls.push({ service, command: context.commandName, input, capacityUnits, ms: performance.now() - started, failed });
        try {
          const result = await next(args);
          record(sumUnits(result.output.ConsumedCapacity), false);
          return result;
        } catch (error) {
          // A condition that did not hold is part of some requests' normal way (a rate limit reached, a race lost).
          record(0, true);
          throw error;
        }
      },
    // Before serialization: the input is still the command's own (documents, not attribute values).
    { step: 'serialize', priority: 'high', name: 'benchRecorder' },
  );
}

const originalFetch = globalThis.fetch;
globalThis.fetch = async (target: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const calls = recording;
  const url = String(target instanceof Request ? target.url : target);
  const service = SIGNED_SERVICES.find(([, endpoint]) => endpoint && url.startsWith(endpoint))?.[0];
  if (!calls || !service) return originalFetch(target, init);
  const started = performance.now();
  const response = await originalFetch(target, init);
  // Timed to the answer's headers: its body is read by the caller, after this returns.
  calls.push({
    service,
    command: `${init?.method ?? 'GET'} ${new URL(url).pathname}`,
    input: { url, init },
    capacityUnits: 0,
    ms: performance.now() - started,
    failed: !response.ok,
  });
  return response;
};

/** Runs `work` and returns what it sent, in order (calls running in parallel are listed as they finished). */
export async function recordCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: SdkCall[] }> {
  const calls: SdkCall[] = [];
  recording = calls;
  try {
    return { result: await work(), calls };
  } finally {
    recording = undefined;
  }
}

/**
 * Sends the recorded calls again, one after another, through the handlers' own clients: the baseline. A call that
 * failed when recorded fails again, as expected.
 */
export async function replay(calls: readonly SdkCall[]): Promise<void> {
  for (const call of calls) {
    const entry = services.find((candidate) => candidate.service === call.service);
    if (!entry) {
      const { url, init } = call.input as { url: string; init: RequestInit };
      await (await originalFetch(url, init)).arrayBuffer();
      continue;
    }
    const name = call.service === 'dynamodb' ? DOCUMENT_COMMAND[call.command]! : call.command;
    const command = new (entry.commands[name] as CommandClass)(structuredClone(call.input));
    const sent = entry.client.send(command);
    await (call.failed ? sent.catch(() => undefined) : sent);
  }
}
