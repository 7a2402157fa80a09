/**
 * Starts one local stack (emulators + gateway) for the whole integration run, on free ports and a fresh data
 * folder, exactly as `npm start` does, and hands its endpoints file to the tests through the environment.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-test-'));
  const root = resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'local/start.ts'), '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, PORT: '0', WEB_PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN', ALLOWED_ORIGINS: 'https://portal.example.org', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`The local stack did not start in 60 s:\n${output}`)), 60_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Pressroom is ready')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`The local stack exited (${code}) while starting:\n${output}`));
    });
  });
  // The stack's own log (handler errors included) stays readable after the run.
  const log = createWriteStream(join(tmpdir(), 'pressroom-test-stack.log'));
  log.write(output);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  process.env.PRESSROOM_ENDPOINTS = join(dataDir, 'endpoints.json');
  (globalThis as { localStack?: { child: typeof child; dataDir: string } }).localStack = { child, dataDir };
}
