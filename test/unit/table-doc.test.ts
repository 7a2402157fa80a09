/**
 * docs/TABLE.md's table of item families says which functions read, write and only delete from each family: it must
 * say what the route table gives them, for every family there is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../../functions/routes';
import type { ItemFamily } from '../../functions/common/table';
import { ITEM_FAMILIES } from '../../functions/common/table';
import { handlerAccess } from '../../infra/access';

const handlers = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER, ...backgroundFunctions.map((fn) => fn.handler)])];
/** The handler modules a cell names (`catalogue/get-video`), sorted. */
const named = (cell: string): string[] => [...cell.matchAll(/`(\w+\/[\w-]+)`/g)].map((match) => match[1]!).sort();
/** A cell's handlers marked as deleting only: `` `accounts/delete-account` (deletes only) ``. */
const deletingOnly = (cell: string): string[] => [...cell.matchAll(/`(\w+\/[\w-]+)` \(deletes only\)/g)].map((match) => match[1]!).sort();
/** The rows `| \`family\` | items | read by | written by |`. */
const documented = new Map(
  readFileSync(join(__dirname, '../../docs/TABLE.md'), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const row = /^\| `([^`]+)` \|[^|]*\|([^|]*)\|([^|]*)\|$/.exec(line);
      if (!row) return [];
      const erase = deletingOnly(row[3]!);
      return [[row[1]!, { read: named(row[2]!), write: named(row[3]!).filter((handler) => !erase.includes(handler)), erase }] as const];
    }),
);

test('docs/TABLE.md lists every item family, with the functions that read, write and only delete from it', () => {
  const fromRoutes = (family: ItemFamily, kind: 'read' | 'write' | 'erase') => handlers.filter((handler) => handlerAccess(handler).table?.[kind]?.includes(family)).sort();
  expect([...documented.keys()]).toEqual([...ITEM_FAMILIES]);
  for (const family of ITEM_FAMILIES) {
    expect([family, documented.get(family)]).toEqual([family, { read: fromRoutes(family, 'read'), write: fromRoutes(family, 'write'), erase: fromRoutes(family, 'erase') }]);
  }
});
