import { nextCursor, pageQuery, renditionName, videoId } from '../catalogue/schemas';
import { operation } from '../common/operation';
import { array, component, integer, object, optional, string } from '../common/schema';

export const DownloadLink = component(
  'DownloadLink',
  object({
    url: string({ format: 'uri', description: 'A presigned S3 GET; served as an attachment.' }),
    expiresAt: string({ format: 'date-time' }),
    filename: string({ example: 'alliance-exercise-northern-shield-broadcast.mp4' }),
    sizeBytes: integer({ minimum: 0 }),
  }),
);

export const Download = component('Download', object({ videoId, rendition: renditionName, at: string({ format: 'date-time' }) }));

export const DownloadPage = component('DownloadPage', object({ items: array(Download), nextCursor }));

export const downloadVideo = operation({
  operationId: 'downloadVideo',
  method: 'POST',
  path: '/videos/{id}/download',
  auth: 'user',
  tag: 'Downloads',
  summary: 'A short-lived download link for one rendition of a video',
  description: 'The link expires after DOWNLOAD_URL_TTL_SECONDS (default 300). Every link issued is recorded for the user.',
  params: object({ id: videoId }),
  body: object({ rendition: optional(renditionName) }),
  responses: { 200: { description: 'The link.', schema: DownloadLink } },
  errors: ['not_found'],
});

export const listMyDownloads = operation({
  operationId: 'listMyDownloads',
  method: 'GET',
  path: '/me/downloads',
  auth: 'user',
  tag: 'Downloads',
  summary: 'The links the caller was issued, newest first',
  query: object(pageQuery),
  responses: { 200: { description: 'A page of downloads.', schema: DownloadPage } },
});
