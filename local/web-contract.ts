/**
 * Writes the portal's (web/) types of the API (src/api/contract.ts) from the same OpenAPI document the API serves, so
 * the portal cannot call a route or read a field the contract does not have. Run `npm run web:contract` after a
 * change to an operation; a unit test fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPI3 } from 'openapi-typescript';
import { openApiDocument } from '../functions/service/openapi-document';

const CONTRACT_FILE = join(__dirname, '..', 'web', 'src', 'api', 'contract.ts');

async function renderContract(): Promise<string> {
  const types = astToString(await openapiTS(openApiDocument() as unknown as OpenAPI3));
  return `// Generated from the served OpenAPI document by local/web-contract.ts (npm run web:contract). Do not edit.\n${types}`;
}

/** `--print` writes to standard output instead, for the test that holds the committed file against it. */
if (require.main === module) {
  renderContract().then(
    (contents) => (process.argv.includes('--print') ? process.stdout.write(contents) : writeFileSync(CONTRACT_FILE, contents)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
