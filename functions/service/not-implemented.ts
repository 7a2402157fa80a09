import { routes } from '../routes';
import { authenticate } from '../shared/auth';
import { HttpError } from '../shared/errors';
import { authorize, sharedStack } from '../shared/http';

const operations = new Map(routes.map(({ operation }) => [`${operation.method} ${operation.path}`, operation]));

/**
 * Serves the contract's routes whose feature has not landed yet. Access rules already hold: a protected route
 * asks for its token (401/403) before it says 501 not_implemented.
 */
export const handler = sharedStack('not implemented', async (event) => {
  const operation = operations.get(event.routeKey);
  if (operation && operation.auth !== 'public') await authorize(operation, event, authenticate);
  throw new HttpError(501, 'not_implemented', 'This operation is part of the contract but is not available yet.');
});
