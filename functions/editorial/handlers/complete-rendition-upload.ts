import { videoOf } from '../../catalogue/items';
import { signedInHandler } from '../../common/auth';
import { notFound } from '../../common/errors';
import { recordOf } from '../history';
import { completeRenditionUpload } from '../operations';
import { loadVideo } from '../store';
import { completeUpload, loadPendingUpload, notPendingUpload, publishUpload } from '../uploads';

export const handler = signedInHandler(
  completeRenditionUpload,
  async ({ params, body, caller }) => {
    // The pending upload first, then the video: a completion that finishes in between is then seen on the video
    // (and publishUpload relies on this order).
    const pending = await loadPendingUpload(params.id, params.name);
    const video = await loadVideo(params.id);
    // A completion repeated because its answer was lost gets the same answer.
    if (!pending && video.renditions[params.name]?.uploadId === body.uploadId) return { statusCode: 200, body: videoOf(video) };
    if (!pending) throw notFound('The upload');
    if (pending.uploadId !== body.uploadId) throw notPendingUpload();
    await completeUpload(params.id, params.name, pending, body.parts);
    return { statusCode: 200, body: videoOf(await publishUpload(video, params.name, pending, recordOf(caller, video.articleId, 'upload_completed', { videoId: video.id, rendition: params.name }))) };
  },
);
