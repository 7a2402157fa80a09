import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// In a child process: the generator (openapi-typescript) is an ES module that jest's CommonJS cannot load.
it('the portal is typed by the contract the API serves today (else: npm run web:contract)', () => {
  const generated = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'local', 'web-contract.ts'), '--print'], { cwd: root, encoding: 'utf8' });
  expect(generated.status).toBe(0);
  expect(readFileSync(join(root, 'web', 'src', 'api', 'contract.ts'), 'utf8')).toBe(generated.stdout);
});
