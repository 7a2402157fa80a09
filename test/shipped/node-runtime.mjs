/**
 * What Lambda's Node.js runtime does for one invocation, in a fresh process whose working directory is the
 * function's task root: find the handler's file (.mjs, .js or .cjs, in that order), import it, call the export
 * with the event and a context, and report the result. Plain JavaScript, so nothing but Node loads the bundle.
 * Asked by invoke-bundle.ts over IPC: { handler, event?, context, timeoutMs }. Without an event it only loads.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

process.once('message', ({ handler, event, context, timeoutMs }) => {
  run(handler, event, context, timeoutMs).then(
    (result) => report({ result }),
    (error) => report({ error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: error?.stack } }),
  );
});

async function run(handler, event, context, timeoutMs) {
  const dot = handler.lastIndexOf('.');
  const [module, name] = [handler.slice(0, dot), handler.slice(dot + 1)];
  const file = ['.mjs', '.js', '.cjs'].map((extension) => join(process.cwd(), module + extension)).find((candidate) => existsSync(candidate));
  if (file === undefined) throw new Error(`No ${module}.mjs, .js or .cjs in the task root`);
  const exported = (await import(pathToFileURL(file).href))[name];
  if (typeof exported !== 'function') throw new Error(`${handler} is not a function`);
  if (event === undefined) return undefined;
  const deadline = Date.now() + timeoutMs;
  return exported(event, { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
}

/** The process ends once the answer is out: open sockets or timers of the bundle must not keep it alive. */
function report(message) {
  process.send(message, () => process.exit(0));
}
