import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '../..');

describe('npm run invoke', () => {
  it('runs a handler with its sample event against the running local stack', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'local/invoke.ts', 'catalogue/list-articles', 'events/catalogue/list-articles.json'], {
      cwd: root,
      env: { ...process.env, PRESSROOM_HOME: dirname(process.env.PRESSROOM_ENDPOINTS!), NODE_NO_WARNINGS: '1' },
    });
    const result = JSON.parse(stdout) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    const page = JSON.parse(result.body) as { items: { tags: string[] }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.items.every((item) => item.tags.includes('deterrence'))).toBe(true);
    expect(page.nextCursor).not.toBeNull();
  }, 30_000);
});
