import { notFound } from '../../common/errors';
import { publicHandler, SHORT_PUBLIC_CACHE } from '../../common/http';
import { getVideo } from '../operations';
import { videoOf } from '../items';
import { findVideo } from '../store';

export const handler = publicHandler(getVideo, async ({ params }) => {
  const video = await findVideo(params.id);
  if (!video?.articlePublishedAt) throw notFound('The video');
  return { statusCode: 200, body: videoOf(video), headers: SHORT_PUBLIC_CACHE };
});
