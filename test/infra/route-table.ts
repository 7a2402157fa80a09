/**
 * What the route table gives each handler module: the functions the stack must create and what each may reach.
 * The infra tests derive their expectations from here, so a change of the route table the stack does not follow fails.
 */
import type { Access, Route } from '../../functions/routes';
import { backgroundFunctions, CALLER_VERIFICATION, FALLBACK_HANDLER, routes } from '../../functions/routes';

/** The functions behind the HTTP API: one per handler module of the route table, and the fallback. */
export const httpHandlers = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER])];
export const handlers = [...httpHandlers, ...backgroundFunctions.map((background) => background.handler)];
const routesOf = (handler: string) => routes.filter((route) => route.handler === handler);
export const backgroundOf = (handler: string) => backgroundFunctions.find((background) => background.handler === handler);
/** What a handler's routes need, from the route table (the stack must follow it). */
export const verifiesTokens = (handler: string) => routesOf(handler).some((route) => route.operation.auth !== 'public');
/** What the route table gives a handler: the accesses of its routes (and what checking tokens takes), or its own as a background function. */
const accessesOf = (handler: string): Access[] => [
  ...routesOf(handler).map((route) => route.access),
  ...(verifiesTokens(handler) ? [CALLER_VERIFICATION] : []),
  ...[backgroundOf(handler)?.access ?? []].flat(),
];
export const usesTable = (handler: string) => accessesOf(handler).some((access) => access.table);
/** The item families a handler's routes read (or write): every one any of them names, sorted. */
export const familiesOf = (handler: string, kind: 'read' | 'write' | 'erase'): string[] =>
  [...new Set(accessesOf(handler).flatMap((access) => access.table?.[kind] ?? []))].sort();
export const usesUserPool = (handler: string) => accessesOf(handler).some((access) => access.userPool);
export const userPoolActionsOf = (handler: string) => [...new Set(accessesOf(handler).flatMap((access) => access.userPool ?? []))];
export const sendsMail = (handler: string) => accessesOf(handler).some((access) => access.mail);
export const sendsNewsletter = (handler: string) => accessesOf(handler).some((access) => access.newsletterMail);
export const readsCodeSecret = (handler: string) => accessesOf(handler).some((access) => access.codeSecret);
export const readsNewsletterSecret = (handler: string) => accessesOf(handler).some((access) => access.newsletterSecret);
export const pausesMail = (handler: string) => accessesOf(handler).some((access) => access.pauseMail);
/** The widest bucket access of a handler's routes: `upload` covers `read`. */
export const bucketAccessOf = (handler: string) => {
  const accesses = accessesOf(handler).map((access) => access.bucket);
  return accesses.includes('upload') ? 'upload' : accesses.includes('read') ? 'read' : undefined;
};
export const triggerOf = (handler: string) => backgroundOf(handler)?.trigger;
export const invokesOf = (handler: string) => backgroundOf(handler)?.invokes ?? [];
/** The handler module of an operation, as the route table says. */
export const handlerFor = (operation: Route['operation']) => routes.find((route) => route.operation === operation)!.handler;
