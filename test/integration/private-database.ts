/**
 * A DynamoDB Local of a test file's own, started by the stack's launcher with its data on disk, holding the stack's
 * table: for tests that kill the database, or whose heavy writing must not slow the shared one down.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../local/emulators';
import { freePort, startEmulator, stopChild } from '../../local/emulators';
import { ensureTable } from '../../local/provision';
import { killOutright } from './tap';

export const TABLE = 'pressroom';

export interface PrivateDatabase {
  url: string;
  client: DynamoDBClient;
  /** The running process; a new one after `restart`. */
  process: () => RunningEmulator['child'];
  /** A crash: SIGKILL. */
  kill: () => Promise<void>;
  /** Starts it again on the same port and data. */
  restart: () => Promise<void>;
  /** Stops it and deletes its data. */
  remove: () => Promise<void>;
}

export async function startPrivateDatabase(): Promise<PrivateDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-database-'));
  const port = await freePort();
  const start = () => startEmulator('dynamodb', port, dataDir, join(dataDir, 'logs'));
  let running = await start();
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: running.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  return {
    url: running.url,
    client,
    process: () => running.child,
    kill: () => killOutright(running.child),
    restart: async () => {
      // A second one on the same port would fail to bind while the first still answered in its place.
      if (running.child.exitCode === null && running.child.signalCode === null) throw new Error('DynamoDB Local is still running');
      running = await start();
    },
    remove: async () => {
      await stopChild(running.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
