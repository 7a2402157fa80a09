/**
 * How a function's declared item families (functions/routes.ts, Access.table) become table permissions: on AWS the
 * statements of its role (infra/function.ts), locally the rules the table guard enforces (local/table-guard.ts).
 */
import type { TableAccess } from '../functions/routes';
import type { ItemFamily } from '../functions/common/table';

/**
 * What reading and writing the table may do. Scan is left out on purpose: no request path scans (docs/TABLE.md),
 * and it carries no key for dynamodb:LeadingKeys to check. A transaction is authorized item by item with these same
 * actions (GetItem for TransactGetItems; PutItem, UpdateItem, DeleteItem, ConditionCheckItem for TransactWriteItems).
 */
const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'],
  // Not BatchWriteItem: IAM cannot tell its deletes from its puts (functions/common/delete-items.ts).
  erase: ['dynamodb:DeleteItem'],
} as const;

/** One statement of a function's table policy: these actions, on items whose partition is in one of these families. */
export interface TableGrant {
  actions: readonly string[];
  families: readonly ItemFamily[];
  /** Reads reach the index too (a Query of gsi1); writes go to the table only. */
  onIndexes: boolean;
}

/**
 * The table policy of a table access, a statement for reading, one for writing and one for deleting only: the role's statements on AWS
 * (PressroomFunction.bindTable) and what the local stack enforces (local/table-guard.ts), from one place.
 */
export function tableGrants(access: TableAccess): TableGrant[] {
  const grants: TableGrant[] = [];
  if (access.read?.length) grants.push({ actions: TABLE_ACTIONS.read, families: access.read, onIndexes: true });
  if (access.write?.length) grants.push({ actions: TABLE_ACTIONS.write, families: access.write, onIndexes: false });
  if (access.erase?.length) grants.push({ actions: TABLE_ACTIONS.erase, families: access.erase, onIndexes: false });
  return grants;
}
