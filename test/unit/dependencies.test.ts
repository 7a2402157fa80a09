/**
 * Every package the code imports is declared in package.json, at the level it needs: what is deployed (the functions'
 * bundles, the CDK app, the web portal) in `dependencies`; the local stack, the tools and the tests may also use
 * `devDependencies`. A package that is only there because another one depends on it can vanish with an update.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name) && !entry.parentPath.includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The packages a file loads at run time: type-only imports are erased by the compiler and need nothing. */
function packagesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = [...text.matchAll(/^\s*(?:import|export)(\s+type)?\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].filter(([, typeOnly]) => !typeOnly);
  const calls = [...text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return [...statements.map((match) => match[2]!), ...calls.map((match) => match[1]!)]
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
}

const undeclared = (folders: string[], declared: Record<string, string>) =>
  folders.flatMap(sourceFiles).flatMap((file) => packagesOf(file).filter((name) => !(name in declared)).map((name) => `${name} (${file.slice(root.length + 1)})`));

test('what is deployed imports only packages of `dependencies`', () => {
  expect(undeclared(['functions', 'infra', 'web/src'], manifest.dependencies)).toEqual([]);
});

test('the local stack, the tools and the tests import only declared packages', () => {
  expect(undeclared(['local', 'cli', 'bench', 'test'], { ...manifest.dependencies, ...manifest.devDependencies })).toEqual([]);
});

test('an undeclared import is found', () => {
  expect(packagesOf(join(root, 'functions/newsletter/handlers/start-campaign.ts'))).toContain('@aws-sdk/util-dynamodb');
  expect(undeclared(['functions/newsletter/handlers'], {})).toContain('@aws-sdk/util-dynamodb (functions/newsletter/handlers/start-campaign.ts)');
});
