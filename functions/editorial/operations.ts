import { Article, ArticlePage, Video, articleId, body, nextCursor, pageQuery, renditionName, slug, summary, tag, title, videoId } from '../catalogue/schemas';
import { operation } from '../common/operation';
import { extensionOf, RENDITION_TYPES } from '../common/rendition-types';
import { array, component, integer, object, oneOf, optional, string } from '../common/schema';
import { MIN_PART_BYTES, S3_MAX_PARTS } from './multipart';

/** The largest frame width or height, in pixels. */
export const MAX_DIMENSION = 16_384;

const tags = array(tag, { maxItems: 10 });

/** Who made a change: the editor's user id (the `sub` of their access token), which the user pool also knows them by. */
export const Editor = component('Editor', object({ sub: string({ example: '4f3c2b1a-0d9e-4c8b-a7f6-5e4d3c2b1a09' }) }));

/** The editorial writes, as an article's history names them. */
export const EDITORIAL_ACTIONS = ['created', 'edited', 'video_added', 'upload_started', 'upload_completed', 'published'] as const;
export type EditorialAction = (typeof EDITORIAL_ACTIONS)[number];

/** What an edit may change. */
export const EDITABLE_FIELDS = ['slug', 'title', 'summary', 'body', 'tags'] as const;

export const HistoryEntry = component(
  'HistoryEntry',
  object({
    action: oneOf(EDITORIAL_ACTIONS),
    editor: Editor,
    at: string({ format: 'date-time' }),
    fields: optional(array(oneOf(EDITABLE_FIELDS), { description: 'An edit: the fields it changed.' })),
    videoId: optional(videoId),
    rendition: optional(renditionName),
  }),
);

export const createArticle = operation({
  operationId: 'createArticle',
  method: 'POST',
  path: '/articles',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Create a draft article',
  body: object({ slug, title, summary, body, tags: optional(tags) }),
  responses: { 201: { description: 'The draft; `publishedAt` is null until it is published.', schema: Article } },
  errors: ['slug_taken'],
});

export const listDrafts = operation({
  operationId: 'listDrafts',
  method: 'GET',
  path: '/drafts',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'The unpublished articles, the most recently changed first',
  query: object(pageQuery),
  responses: { 200: { description: 'A page of draft summaries (`publishedAt` is null).', schema: ArticlePage } },
});

export const getDraft = operation({
  operationId: 'getDraft',
  method: 'GET',
  path: '/drafts/{id}',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'One unpublished article with its videos',
  params: object({ id: articleId }),
  responses: { 200: { description: 'The draft. Once published, it is served by GET /articles/{idOrSlug}.', schema: Article } },
  errors: ['not_found'],
});

export const updateArticle = operation({
  operationId: 'updateArticle',
  method: 'PATCH',
  path: '/articles/{id}',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Change an article’s text or tags',
  params: object({ id: articleId }),
  body: object({ slug: optional(slug), title: optional(title), summary: optional(summary), body: optional(body), tags: optional(tags) }),
  description: 'A published article keeps its slug (400 if a new one is given); its text and tags may change.',
  responses: { 200: { description: 'The article as it now stands.', schema: Article } },
  errors: ['not_found', 'slug_taken', 'edit_conflict'],
});

export const publishArticle = operation({
  operationId: 'publishArticle',
  method: 'POST',
  path: '/articles/{id}/publish',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Publish a draft and send the newsletter about it',
  params: object({ id: articleId }),
  responses: { 200: { description: 'The published article, with `publishedAt`.', schema: Article } },
  errors: ['not_found', 'already_published'],
});

export const addVideo = operation({
  operationId: 'addVideo',
  method: 'POST',
  path: '/articles/{id}/videos',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Add a video to an article (its renditions are uploaded next)',
  params: object({ id: articleId }),
  body: object({ title, durationSeconds: optional(integer({ minimum: 0, maximum: 86_400 })) }),
  description: 'A video added to a published article is public at once. An article has at most 50 videos.',
  responses: { 201: { description: 'The video, with no rendition yet.', schema: Video } },
  errors: ['not_found', 'too_many_videos'],
});

export const startRenditionUpload = operation({
  operationId: 'startRenditionUpload',
  method: 'POST',
  path: '/videos/{id}/renditions',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Start a multipart upload of one rendition: presigned URLs for every part',
  description:
    'PUT each part to its URL (parts of `partSize` bytes, the last one shorter), keep the ETag header of each answer, then call complete. ' +
    'Starting again with the same name, size and type while the upload is pending returns the same upload with fresh URLs: that is how an interrupted upload resumes.',
  params: object({ id: videoId }),
  body: object({
    name: renditionName,
    contentType: oneOf(
      RENDITION_TYPES,
      `The file’s media type, which names the stored file and its downloads: ${RENDITION_TYPES.map((type) => `${type} .${extensionOf(type)}`).join(', ')}.`,
    ),
    sizeBytes: integer({ minimum: 1, maximum: 5 * 1024 ** 4 }),
    width: optional(integer({ minimum: 1, maximum: MAX_DIMENSION })),
    height: optional(integer({ minimum: 1, maximum: MAX_DIMENSION })),
  }),
  responses: {
    201: {
      description: 'The upload, its part size and one presigned PUT URL per part.',
      schema: object({
        name: renditionName,
        uploadId: string(),
        partSize: integer({ minimum: MIN_PART_BYTES }),
        parts: array(object({ partNumber: integer({ minimum: 1, maximum: S3_MAX_PARTS }), url: string({ format: 'uri' }) })),
      }),
    },
  },
  errors: ['not_found'],
});

export const completeRenditionUpload = operation({
  operationId: 'completeRenditionUpload',
  method: 'POST',
  path: '/videos/{id}/renditions/{name}/complete',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Finish a rendition’s upload; S3 checks the parts and the size is recorded',
  params: object({ id: videoId, name: renditionName }),
  body: object({
    uploadId: string({ minLength: 1, maxLength: 1024 }),
    parts: array(object({ partNumber: integer({ minimum: 1, maximum: S3_MAX_PARTS }), etag: string({ minLength: 1, maxLength: 200 }) }), {
      maxItems: S3_MAX_PARTS,
    }),
  }),
  responses: { 200: { description: 'The video with the new rendition listed.', schema: Video } },
  errors: ['upload_incomplete', 'not_found'],
});

export const getArticleHistory = operation({
  operationId: 'getArticleHistory',
  method: 'GET',
  path: '/articles/{id}/history',
  auth: 'editor',
  tag: 'Editorial',
  summary: 'Who changed an article and how, newest first',
  description:
    'One entry per editorial write: creating, editing (with the fields changed), adding a video, starting and completing a rendition upload (with the video and rendition), publishing. ' +
    'Each is written with the change itself, so a refused change leaves none; resuming a pending upload changes nothing and is not listed.',
  params: object({ id: articleId }),
  query: object(pageQuery),
  responses: { 200: { description: 'A page of the article’s history.', schema: object({ items: array(HistoryEntry), nextCursor }) } },
  errors: ['not_found'],
});
