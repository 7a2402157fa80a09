import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { localStack?: { child: ChildProcess; dataDir: string } }).localStack;
  if (!stack) return;
  const exited = new Promise((done) => stack.child.once('exit', done));
  stack.child.kill('SIGTERM');
  await exited;
  rmSync(stack.dataDir, { recursive: true, force: true });
}
