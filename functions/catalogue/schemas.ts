import { array, component, integer, nullable, object, optional, string } from '../common/schema';

/** Ids carry a prefix and an underscore, which no slug may contain, so `{idOrSlug}` is never ambiguous. */
export const ARTICLE_ID = /^art_[a-z2-7]{16}$/;
export const VIDEO_ID = /^vid_[a-z2-7]{16}$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RENDITION_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RENDITION_NAME_MAX_LENGTH = 32;
export const TITLE_MAX_LENGTH = 200;

export const articleId = string({ pattern: ARTICLE_ID, patternHint: 'an article id such as art_…', example: 'art_k3v7q2m4x9z5w6t8' });
export const videoId = string({ pattern: VIDEO_ID, patternHint: 'a video id such as vid_…', example: 'vid_p4r8s2t6u3w7y5z2' });
export const slug = string({ minLength: 1, maxLength: 80, pattern: SLUG, patternHint: 'lowercase words joined by single hyphens' });
export const tag = string({ minLength: 1, maxLength: 40, pattern: TAG, patternHint: 'lowercase words joined by single hyphens' });
export const renditionName = string({ minLength: 1, maxLength: RENDITION_NAME_MAX_LENGTH, pattern: RENDITION_NAME, patternHint: 'a lowercase name such as broadcast or web' });
const timestamp = string({ format: 'date-time', example: '2024-01-31T17:30:00.000Z' });
/** The free text of articles and videos, as editors write it and readers (and newsletters) get it. */
export const title = string({ text: 'single-line', minLength: 1, maxLength: TITLE_MAX_LENGTH });
export const summary = string({ text: 'single-line', minLength: 1, maxLength: 500 });
export const body = string({
  text: 'multi-line',
  minLength: 1,
  maxLength: 50_000,
  description: 'Plain text; paragraphs are separated by a blank line.',
});

export const Rendition = component(
  'Rendition',
  object({
    name: renditionName,
    contentType: string({ example: 'video/mp4' }),
    sizeBytes: integer({ minimum: 0 }),
    width: optional(integer({ minimum: 1 })),
    height: optional(integer({ minimum: 1 })),
  }),
);

export const Video = component(
  'Video',
  object({
    id: videoId,
    articleId,
    title,
    durationSeconds: optional(integer({ minimum: 0 })),
    renditions: array(Rendition, { description: 'Only renditions whose upload is complete.' }),
  }),
);

const summaryFields = {
  id: articleId,
  slug,
  title,
  summary,
  publishedAt: nullable(timestamp),
  tags: array(tag),
  videoCount: integer({ minimum: 0 }),
};

export const ArticleSummary = component('ArticleSummary', object(summaryFields));

export const Article = component(
  'Article',
  object({ ...summaryFields, body, videos: array(Video) }),
);

export const pageQuery = {
  limit: optional(integer({ minimum: 1, maximum: 50, default: 20 })),
  cursor: optional(string({ minLength: 1, maxLength: 1024, description: 'Opaque; from the previous page’s nextCursor.' })),
};

export const nextCursor = nullable(string({ description: 'Pass as `cursor` for the next page; null on the last page.' }));

export const ArticlePage = component('ArticlePage', object({ items: array(ArticleSummary), nextCursor }));
