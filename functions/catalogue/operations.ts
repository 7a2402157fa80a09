import { operation } from '../common/operation';
import { object, optional, string } from '../common/schema';
import { Article, ArticlePage, pageQuery, tag, Video, videoId } from './schemas';

export const listArticles = operation({
  operationId: 'listArticles',
  method: 'GET',
  path: '/articles',
  auth: 'public',
  tag: 'Catalogue',
  summary: 'Published articles, newest first',
  query: object({ ...pageQuery, tag: optional(tag) }),
  responses: { 200: { description: 'A page of article summaries.', schema: ArticlePage } },
});

export const getArticle = operation({
  operationId: 'getArticle',
  method: 'GET',
  path: '/articles/{idOrSlug}',
  auth: 'public',
  tag: 'Catalogue',
  summary: 'One published article with its videos, by id or slug',
  params: object({ idOrSlug: string({ minLength: 1, maxLength: 80, description: 'An article id (art_…) or its slug.' }) }),
  responses: { 200: { description: 'The article.', schema: Article } },
  errors: ['not_found'],
});

export const getVideo = operation({
  operationId: 'getVideo',
  method: 'GET',
  path: '/videos/{id}',
  auth: 'public',
  tag: 'Catalogue',
  summary: 'One video of a published article',
  params: object({ id: videoId }),
  responses: { 200: { description: 'The video.', schema: Video } },
  errors: ['not_found'],
});
