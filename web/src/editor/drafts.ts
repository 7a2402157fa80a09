/**
 * The drafts made in this browser. The API lists and serves published articles only (GET /articles, GET
 * /articles/{idOrSlug}) and has no operation that lists drafts, so the editor keeps each draft as the API last
 * answered it (create, edit, add video, complete upload all answer with the article or video) in localStorage.
 * A draft made elsewhere (another browser, the uploader) is not listed here until it is published.
 */
import type { Schemas } from '../api/client';

type Article = Schemas['Article'];
type Video = Schemas['Video'];

const KEY = 'pressroom.drafts';

function all(): Record<string, Article> {
  try {
    return (JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Article> | null) ?? {};
  } catch {
    return {};
  }
}

const write = (drafts: Record<string, Article>) => localStorage.setItem(KEY, JSON.stringify(drafts));

export const drafts = {
  list: (): Article[] => Object.values(all()),
  get: (id: string): Article | undefined => all()[id],
  /** Keeps a draft as the API answered; a published article leaves the list, as GET /articles lists it. */
  save(article: Article): void {
    const kept = all();
    if (article.publishedAt) delete kept[article.id];
    else kept[article.id] = article;
    write(kept);
  },
};

/** The article with one of its videos added or replaced, as the API answered for that video. */
export function withVideo(article: Article, video: Video): Article {
  const videos = article.videos.some((known) => known.id === video.id) ? article.videos.map((known) => (known.id === video.id ? video : known)) : [...article.videos, video];
  return { ...article, videos, videoCount: videos.length };
}
