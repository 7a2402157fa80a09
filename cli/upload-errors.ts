/** How an upload's failures reach the editor: as sentences that say what was being done. */
import { ApiError } from './pressroom-api';

/** A failure that ends the upload; its message is for the editor. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
}

/** Adds what we were doing to an API error's message, which alone may not say ("The resource was not found."). */
export async function step<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, `${what}: ${error.message}`);
    throw error;
  }
}
