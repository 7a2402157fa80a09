import { routes } from '../routes';
import { HttpError, notFound } from '../shared/errors';
import { sharedStack } from '../shared/http';
import { pathMatcher } from '../shared/paths';

const match = pathMatcher(routes);

/** API Gateway's `$default` route: a path no route serves is 404, a known path with another method is 405. */
export const handler = sharedStack('$default', async (event) => {
  const found = match(event.requestContext.http.method, event.rawPath);
  if (found.kind === 'wrong_method') {
    throw new HttpError(405, 'method_not_allowed', 'This path does not take that method.', undefined, {
      allow: found.allowed.join(', '),
    });
  }
  throw notFound('This path');
});
