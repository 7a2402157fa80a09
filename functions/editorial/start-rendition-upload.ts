import { authenticate } from '../shared/auth';
import { httpHandler } from '../shared/http';
import { startRenditionUpload } from './api';
import { loadVideo } from './store';
import { startUpload } from './uploads';

export const handler = httpHandler(
  startRenditionUpload,
  async ({ params, body }) => {
    await loadVideo(params.id);
    const { name, ...announced } = body;
    return { statusCode: 201, body: await startUpload(params.id, name, announced) };
  },
  { authenticate },
);
