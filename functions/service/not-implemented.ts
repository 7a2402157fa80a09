import { HttpError } from '../shared/errors';
import { sharedStack } from '../shared/http';

/** Serves the contract's routes whose feature has not landed yet, in the contract's error shape. */
export const handler = sharedStack('not implemented', async () => {
  throw new HttpError(501, 'not_implemented', 'This operation is part of the contract but is not available yet.');
});
