import { videoOf } from '../../catalogue/items';
import type { VideoRecord } from '../../catalogue/items';
import { signedInHandler } from '../../common/auth';
import { addVideo } from '../operations';
import { recordOf } from '../history';
import { newId } from '../ids';
import { attachVideo, loadArticle } from '../store';

export const handler = signedInHandler(
  addVideo,
  async ({ params, body, caller }) => {
    const article = await loadArticle(params.id);
    const video: VideoRecord = {
      id: newId('vid'),
      articleId: article.id,
      title: body.title,
      ...(body.durationSeconds !== undefined && { durationSeconds: body.durationSeconds }),
      createdAt: new Date().toISOString(),
      renditions: {},
      articleSlug: article.slug,
      // A video added to a published article is public at once, like the article.
      ...(article.publishedAt && { articlePublishedAt: article.publishedAt }),
    };
    await attachVideo(article, video, recordOf(caller, article.id, 'video_added', { videoId: video.id }, video.createdAt));
    return { statusCode: 201, body: videoOf(video) };
  },
);
