/**
 * docs/API.md against the OpenAPI document the API serves: every operation has its section (a `#### \`METHOD /path\``
 * heading) whose `Errors:` line gives each code particular to it, with its status; the codes every operation answers
 * by its shape are in the table of the Errors section, with theirs; and the page names no route the API lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerableCodes } from '../../functions/common/operation';
import { routes } from '../../functions/routes';
import { openApiDocument } from '../../functions/service/openapi-document';

const page = readFileSync(join(__dirname, '../../docs/API.md'), 'utf8');
const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS';

interface DocumentedOperation {
  responses: Record<string, { description: string }>;
}
const paths = openApiDocument().paths as Record<string, Record<string, DocumentedOperation>>;
const operations = Object.entries(paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
);

/** `status code` pairs, as the document gives them: each error status's description ends `Codes: a, b.` */
function errorsOf(operation: DocumentedOperation): string[] {
  return Object.entries(operation.responses).flatMap(([status, { description }]) =>
    Number(status) >= 400 ? /Codes: (.*)\.$/.exec(description)![1]!.split(', ').map((code) => `${status} ${code}`) : [],
  );
}

/** The page's sections by heading, each with the text up to the next heading. */
const sections = new Map<string, string>();
for (const block of page.split(/^(?=#{1,6} )/m)) {
  const [heading, ...text] = block.split('\n');
  sections.set(heading!, text.join('\n'));
}

/** The `| \`code\` | status | … |` rows of the Errors section's table. */
const byShape = [...sections.get('## Errors')!.matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)].map(([, code, status]) => `${status} ${code}`);

test('the table of errors by shape has exactly the codes the operations answer by their shape, with their statuses', () => {
  const shapeCodes = new Set(routes.flatMap(({ operation }) => answerableCodes({ ...operation, errors: [] })));
  expect(byShape.map((entry) => entry.split(' ')[1]).sort()).toEqual([...shapeCodes].sort());
  const everyError = new Set(operations.flatMap(({ operation }) => errorsOf(operation)));
  for (const entry of byShape) expect(everyError).toContain(entry);
});

test.each(operations)('$route is documented with each of its own error codes', ({ route, operation }) => {
  const section = sections.get(`#### \`${route}\``);
  expect(section).toBeDefined();
  const errorsLine = /(?:^|\n)Errors: ([\s\S]*?)(?:\n\n|$)/.exec(section!)?.[1] ?? '';
  const documented = [...errorsLine.matchAll(/(\d{3}) `(\w+)`/g)].map(([, status, code]) => `${status} ${code}`);
  const own = errorsOf(operation).filter((entry) => !byShape.includes(entry));
  expect(documented.sort()).toEqual(own.sort());
});

test('every route the page names exists, and every operation heading is one of the document', () => {
  const routeKeys = new Set(operations.map(({ route }) => route));
  const named = [...page.matchAll(new RegExp(`\\b(${METHODS}) (/[^\\s\`?]*)`, 'g'))].map(([, method, path]) => `${method} ${path}`);
  expect(named.length).toBeGreaterThan(operations.length);
  expect(named.filter((route) => !routeKeys.has(route))).toEqual([]);

  const templates = Object.keys(paths).map((path) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`));
  const bare = [...page.matchAll(/`(\/[^`\s?]*)(?:\?[^`]*)?`/g)].map(([, path]) => path!);
  expect(bare.filter((path) => !templates.some((template) => template.test(path)))).toEqual([]);

  const headings = [...sections.keys()].filter((heading) => heading.startsWith('#### '));
  expect(headings.sort()).toEqual(operations.map(({ route }) => `#### \`${route}\``).sort());
});
