import { routes } from '../../routes';
import { errorResult } from '../../common/error-responses';
import { notFound, Refusal } from '../../common/errors';
import { sharedStack } from '../../common/http';
import { pathMatcher } from '../../common/paths';

const match = pathMatcher(routes);

/** API Gateway's `$default` route: a path no route serves is 404, a known path with another method is 405. */
export const handler = sharedStack('$default', async (event) => {
  const found = match(event.requestContext.http.method, event.rawPath);
  if (found.kind === 'wrong_method') {
    const refusal = new Refusal('method_not_allowed', 'This path does not take that method.');
    return errorResult(refusal, { allow: found.allowed.join(', ') });
  }
  throw notFound('This path');
});
