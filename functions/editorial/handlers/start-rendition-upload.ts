import { signedInHandler } from '../../common/auth';
import { recordOf } from '../history';
import { startRenditionUpload } from '../operations';
import { loadVideo } from '../store';
import { startUpload } from '../uploads';

export const handler = signedInHandler(
  startRenditionUpload,
  async ({ params, body, caller }) => {
    const video = await loadVideo(params.id);
    const { name, ...announced } = body;
    return { statusCode: 201, body: await startUpload(video.id, name, announced, recordOf(caller, video.articleId, 'upload_started', { videoId: video.id, rendition: name })) };
  },
);
