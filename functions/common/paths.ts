/** Matching request paths against the route table's templates such as `/articles/{idOrSlug}`. */
export interface PathTemplate {
  method: string;
  path: string;
}

export type Match<T> =
  | { kind: 'found'; route: T; params: Record<string, string> }
  | { kind: 'wrong_method'; allowed: string[] }
  | { kind: 'unknown' };

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** Builds a matcher once; literal segments win over parameters (`/me/downloads` before `/me/{x}`), as on API Gateway. */
export function pathMatcher<T extends { operation: PathTemplate }>(routes: readonly T[]) {
  const compiled = routes
    .map((route) => ({ route, ...compile(route.operation.path) }))
    .sort((a, b) => a.names.length - b.names.length);
  return (method: string, path: string): Match<T> => {
    const allowed: string[] = [];
    for (const { route, pattern, names } of compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.operation.method !== method) {
        allowed.push(route.operation.method);
        continue;
      }
      const params = decodeParams(names, found);
      return params ? { kind: 'found', route, params } : { kind: 'unknown' };
    }
    return allowed.length > 0 ? { kind: 'wrong_method', allowed } : { kind: 'unknown' };
  };
}

/** Undefined for a malformed escape such as `%E0%A4`: no route can have such a resource. */
function decodeParams(names: string[], found: RegExpExecArray): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1]!)]));
  } catch {
    return undefined;
  }
}
