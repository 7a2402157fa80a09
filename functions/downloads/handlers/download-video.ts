import { extname } from 'node:path';
import { renditionsOf } from '../../catalogue/items';
import { findVideo } from '../../catalogue/store';
import { recordActivity } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { BUSINESS_METRICS } from '../../common/business-metrics';
import { presignS3 } from '../../common/aws/s3';
import { integerEnv } from '../../common/config';
import { notFound } from '../../common/errors';
import { count } from '../../common/metrics';
import { originOf } from '../../common/network';
import { downloadVideo } from '../operations';
import { recordDownload } from '../store';

const linkSeconds = integerEnv('DOWNLOAD_URL_TTL_SECONDS', 300, { min: 1, max: 900 });

/**
 * One read (the video carries its article's slug and publish time), a presigned URL (local crypto, no network)
 * and one round trip of writes (the record, the counter, the account's activity). The link is recorded before it
 * is given out: no link without its record.
 */
export const handler = signedInHandler(
  downloadVideo,
  async ({ params, body, caller, event }) => {
    const video = await findVideo(params.id);
    if (!video?.articlePublishedAt) throw notFound('The video');
    const name = body.rendition ?? renditionsOf(video)[0]?.name;
    const rendition = name === undefined ? undefined : video.renditions[name];
    if (name === undefined || !rendition) throw notFound('The rendition');
    // The stored file's extension, which its upload chose from its media type (common/rendition-types.ts).
    const filename = `${video.articleSlug}-${name}${extname(rendition.key)}`;
    const issuedAt = new Date();
    const url = await presignS3({
      method: 'GET',
      key: rendition.key,
      query: { 'response-content-disposition': `attachment; filename="${filename}"`, 'response-content-type': rendition.contentType },
      expiresIn: linkSeconds,
      signingDate: issuedAt,
    });
    await Promise.all([
      recordDownload(caller.sub, { videoId: video.id, rendition: name, at: issuedAt.toISOString() }),
      recordActivity(caller.sub, 'downloaded', originOf(event), { videoId: video.id, rendition: name }, issuedAt),
    ]);
    count(BUSINESS_METRICS.downloads);
    return {
      statusCode: 200,
      body: { url, expiresAt: new Date(issuedAt.getTime() + linkSeconds * 1000).toISOString(), filename, sizeBytes: rendition.sizeBytes },
    };
  },
);
