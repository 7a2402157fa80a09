import { videoOf } from '../catalogue/items';
import { authenticate } from '../shared/auth';
import { invalidRequest, notFound } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { completeRenditionUpload } from './api';
import { loadVideo, recordRendition } from './store';
import { completeUpload, loadPendingUpload, pendingUploadKey } from './uploads';

export const handler = httpHandler(
  completeRenditionUpload,
  async ({ params, body }) => {
    const video = await loadVideo(params.id);
    const pending = await loadPendingUpload(params.id, params.name);
    // A completion repeated because its answer was lost gets the same answer.
    if (!pending && video.renditions[params.name]?.uploadId === body.uploadId) return { statusCode: 200, body: videoOf(video) };
    if (!pending) throw notFound('The upload');
    if (pending.uploadId !== body.uploadId) throw invalidRequest([{ path: 'uploadId', message: 'This is not the pending upload of this rendition.' }]);
    await completeUpload(params.id, params.name, pending, body.parts);
    const rendition = {
      contentType: pending.contentType,
      sizeBytes: pending.sizeBytes,
      key: pending.key,
      uploadId: pending.uploadId,
      ...(pending.width !== undefined && { width: pending.width }),
      ...(pending.height !== undefined && { height: pending.height }),
    };
    await recordRendition(params.id, params.name, rendition, pendingUploadKey(params.id, params.name));
    return { statusCode: 200, body: videoOf({ ...video, renditions: { ...video.renditions, [params.name]: rendition } }) };
  },
  { authenticate },
);
