/**
 * The one place where an `Access` of the route table (functions/routes.ts) becomes IAM grants and environment
 * variables, for route functions (infra/api.ts) and background functions (infra/background.ts) alike.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Access } from '../functions/routes';
import { backgroundFunctions, CALLER_VERIFICATION, routes } from '../functions/routes';
import type { Accounts } from './accounts';
import type { PressroomFunction } from './function';
import type { Mail } from './mail';
import type { Newsletter } from './newsletter';

/** What the grants of an `Access` point at, and the settings that reach the functions with them. */
export interface AccessTargets {
  table: ITable;
  /** The video bucket; functions get its video prefix only (Access.bucket). */
  videoBucket: IBucket;
  accounts: Accounts;
  mail: Mail;
  newsletter: Newsletter;
  portalName: string;
  /** Where links in emails lead (FRONTEND_URL). */
  frontendUrl: string;
  /** The API's base URL, for links in emails that lead to the API itself (PUBLIC_API_URL). */
  publicApiUrl: string;
  /** How long our codes live; unset, the functions' own default (functions/accounts/codes/clock.ts). */
  codeTtlSeconds?: number;
  /** How long presigned download links live; unset, the function's own default (functions/downloads/download-video.ts). */
  downloadUrlTtlSeconds?: number;
  /** How long an account's activity is kept; unset, the functions' own default (functions/common/activity.ts). */
  activityRetentionDays?: number;
}

type Binder<K extends keyof Access> = (fn: PressroomFunction, value: NonNullable<Access[K]>, targets: AccessTargets) => void;
type Binders = { [K in keyof Access]-?: Binder<K> };

/** One binder per kind of access: a kind added to `Access` without one here does not compile. */
const BINDERS: Binders = {
  table: (fn, table, targets) => {
    fn.bindTable(targets.table, table);
    // Only the functions that record activity read it, and only when set.
    if (table.write?.includes('ACTIVITY#*') && targets.activityRetentionDays !== undefined) {
      fn.addEnvironment('ACTIVITY_RETENTION_DAYS', String(targets.activityRetentionDays));
    }
  },
  // An empty list still binds: the function talks to the pool (the ids) without an admin action.
  userPool: (fn, actions, { accounts }) => fn.bindUserPool(accounts.userPool, accounts.apiClient, actions),
  mail: (fn, _mail, targets) => fn.bindMail(targets.mail, targets.portalName),
  newsletterMail: (fn, _mail, targets) =>
    fn.bindNewsletterMail(targets.newsletter, targets.mail, targets.portalName, {
      frontendUrl: targets.frontendUrl,
      publicApiUrl: targets.publicApiUrl,
    }),
  newsletterSecret: (fn, _secret, targets) => fn.bindSecret(targets.newsletter.secret, 'NEWSLETTER_SECRET_ARN'),
  pauseMail: (fn, _pause, targets) => fn.bindMailPause(targets.mail),
  codeSecret: (fn, _secret, targets) => {
    fn.bindSecret(targets.accounts.codeSecret, 'CODE_SECRET_ARN');
    // Only when set: otherwise the functions' own default (functions/accounts/codes/clock.ts) is the one source of the lifetime.
    if (targets.codeTtlSeconds !== undefined) fn.addEnvironment('CODE_TTL_SECONDS', String(targets.codeTtlSeconds));
  },
  bucket: (fn, bucket, targets) => {
    fn.bindBucket(targets.videoBucket, bucket);
    // Only functions that presign downloads read it, and only when set (else download-video.ts's default).
    if (bucket === 'read' && targets.downloadUrlTtlSeconds !== undefined) {
      fn.addEnvironment('DOWNLOAD_URL_TTL_SECONDS', String(targets.downloadUrlTtlSeconds));
    }
  },
};

/** Grants `fn` exactly what `access` says its handler calls, and tells it exactly the names that code reads. */
export function bindAccess(fn: PressroomFunction, access: Access, targets: AccessTargets): void {
  for (const kind of Object.keys(BINDERS) as (keyof Access)[]) bindKind(kind, fn, access, targets);
}

function bindKind<K extends keyof Access>(kind: K, fn: PressroomFunction, access: Access, targets: AccessTargets): void {
  const value = access[kind];
  if (value === undefined || value === false) return;
  // TypeScript does not correlate BINDERS[kind] with access[kind] through a key type; Binders guarantees it.
  const bind = BINDERS[kind] as Binder<K>;
  bind(fn, value, targets);
}

type Widener<K extends keyof Access> = (a: Access[K], b: Access[K]) => Access[K];
type Wideners = { [K in keyof Access]-?: Widener<K> };

/** How each kind of access combines over several routes: a kind without one here does not compile. */
const WIDENERS: Wideners = {
  table: (a, b) => {
    if (!a && !b) return undefined;
    const read = union(a?.read, b?.read);
    const write = union(a?.write, b?.write);
    const erase = union(a?.erase, b?.erase);
    return { ...(read && { read }), ...(write && { write }), ...(erase && { erase }) };
  },
  userPool: union,
  mail: either,
  newsletterMail: either,
  newsletterSecret: either,
  codeSecret: either,
  pauseMail: either,
  // `upload` includes what `read` may do (s3:GetObject), so it is the wider.
  bucket: (a, b) => (a === 'upload' || b === 'upload' ? 'upload' : (a ?? b)),
};

function either(a: boolean | undefined, b: boolean | undefined): true | undefined {
  return a || b ? true : undefined;
}

/** Every value of either list, sorted so a policy does not change with the order of the route table. */
function union<T extends string>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  return a || b ? [...new Set([...(a ?? []), ...(b ?? [])])].sort() : undefined;
}

/**
 * What a function serving routes with accesses `a` and `b` needs: every item family either reads or writes, the
 * wider bucket access, every pool action, and each of mail, newsletter mail, the secrets and the mail pause if
 * either route needs it.
 */
export function widestAccess(a: Access, b: Access): Access {
  const widest: Access = {};
  for (const kind of Object.keys(WIDENERS) as (keyof Access)[]) widenKind(kind, a, b, widest);
  return widest;
}

function widenKind<K extends keyof Access>(kind: K, a: Access, b: Access, into: Access): void {
  const widen = WIDENERS[kind] as unknown as Widener<K>; // as for BINDERS: Wideners guarantees it
  const value = widen(a[kind], b[kind]);
  if (value !== undefined) into[kind] = value;
}

/** Whether the function of a handler module verifies its callers' tokens: one of its routes is for users or editors. */
export const verifiesCallers = (handler: string): boolean => routes.some((route) => route.handler === handler && route.operation.auth !== 'public');

/**
 * Everything the function of a handler module needs: the widest access of the routes it serves, with what
 * verifying callers takes if one of them is not public, or its access as a background function.
 */
export function handlerAccess(handler: string): Access {
  const own = [...routes, ...backgroundFunctions].filter((entry) => entry.handler === handler).map((entry) => entry.access);
  if (verifiesCallers(handler)) own.push(CALLER_VERIFICATION);
  return own.reduce(widestAccess, {});
}
