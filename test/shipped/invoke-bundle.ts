/**
 * One invocation of a bundle as Lambda runs it: its code copied into a task root of its own, outside the repository
 * (so a module left out of the bundle is not found in our node_modules, as it would not be on Lambda), and a fresh
 * Node process (node-runtime.mjs) with that folder as its working directory and only the function's environment.
 * The process's Node is this one's: the check runs under the functions' Node.js major (bundles.test.ts).
 */
import { fork } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface BundleInvocation {
  codeDir: string;
  /** `<file>.<export>`, as in the template. */
  handler: string;
  /** The process's whole environment, given the task root. */
  environment: (taskRoot: string) => Record<string, string>;
  /** Absent: the bundle is only loaded and its handler looked up, as a cold start does before the first event. */
  event?: unknown;
  /** The context's data; the runtime adds getRemainingTimeInMillis. */
  context: object;
  timeoutMs: number;
}

export interface BundleOutcome {
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
  /** What the process printed (its logs), for a failure's message. */
  output: string;
}

const RUNTIME = join(__dirname, 'node-runtime.mjs');

export async function invokeBundle(invocation: BundleInvocation): Promise<BundleOutcome> {
  const taskRoot = mkdtempSync(join(tmpdir(), 'pressroom-task-'));
  try {
    assertNoModulesAbove(taskRoot);
    cpSync(invocation.codeDir, taskRoot, { recursive: true });
    return await run(invocation, taskRoot);
  } finally {
    rmSync(taskRoot, { recursive: true, force: true });
  }
}

function run(invocation: BundleInvocation, taskRoot: string): Promise<BundleOutcome> {
  const child = fork(RUNTIME, [], {
    cwd: taskRoot,
    env: invocation.environment(taskRoot),
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((settled) => {
    let answer: Omit<BundleOutcome, 'output'> | undefined;
    // Lambda's own limit, and a little more for the process to start.
    const timer = setTimeout(() => {
      answer = { error: { name: 'Timeout', message: `no answer within the function's ${invocation.timeoutMs} ms` } };
      child.kill('SIGKILL');
    }, invocation.timeoutMs + 5_000);
    child.once('message', (message: Omit<BundleOutcome, 'output'>) => (answer ??= message));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      settled({ ...(answer ?? { error: { name: 'Exit', message: `the runtime exited (${signal ?? code}) without an answer` } }), output });
    });
    child.send({ handler: invocation.handler, event: invocation.event, context: invocation.context, timeoutMs: invocation.timeoutMs });
  });
}

/** The premise of the task root: no node_modules on the way up from it, where Node would look for a missing module. */
function assertNoModulesAbove(taskRoot: string): void {
  for (let folder = dirname(taskRoot); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'node_modules'))) throw new Error(`${folder}/node_modules would resolve what a bundle leaves out: set TMPDIR elsewhere`);
    if (dirname(folder) === folder) return;
  }
}
