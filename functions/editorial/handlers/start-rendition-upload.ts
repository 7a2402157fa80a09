import { signedInHandler } from '../../common/auth';
import { startRenditionUpload } from '../operations';
import { loadVideo } from '../store';
import { startUpload } from '../uploads';

export const handler = signedInHandler(
  startRenditionUpload,
  async ({ params, body }) => {
    await loadVideo(params.id);
    const { name, ...announced } = body;
    return { statusCode: 201, body: await startUpload(params.id, name, announced) };
  },
);
