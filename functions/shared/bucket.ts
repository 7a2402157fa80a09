/** The video bucket's layout. Functions that read videos are granted this prefix only. */
export const VIDEO_PREFIX = 'videos/';

export const videoObjectKey = (videoId: string, rendition: string, extension: string): string =>
  `${VIDEO_PREFIX}${videoId}/${rendition}.${extension}`;
