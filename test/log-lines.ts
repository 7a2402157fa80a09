/** Reading what a handler logs, for the tests of its log lines and metrics. */

export type LogLine = Record<string, unknown>;

/** The JSON lines written while `work` runs (Powertools writes to standard output and error itself, not through console). */
export async function jsonLinesWrittenBy(work: () => Promise<unknown>): Promise<LogLine[]> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}
