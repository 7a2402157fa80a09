/**
 * A function is named `<feature>/<name>` (the route table, the definitions of background functions, construct
 * ids, `npm run invoke`); its code is the entry point `functions/<feature>/handlers/<name>.ts`. Every feature keeps
 * its entry points in `handlers/`, so the rest of the feature's folder is its domain.
 */
export const handlerModule = (functionName: string): string => {
  const [feature, name, extra] = functionName.split('/');
  if (!feature || !name || extra !== undefined) throw new Error(`Not a function name (feature/name): ${functionName}`);
  return `${feature}/handlers/${name}`;
};
