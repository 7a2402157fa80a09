/** The video bucket's layout. Functions that read or write videos are granted this prefix only. */
export const VIDEO_PREFIX = 'videos/';

/**
 * Each upload writes a file of its own (`upload` is its id), so a re-upload never writes over the published file:
 * the video item names the file to serve, and only a completed upload of the announced size changes that.
 */
export const videoObjectKey = (videoId: string, rendition: string, upload: string, extension: string): string =>
  `${VIDEO_PREFIX}${videoId}/${rendition}/${upload}.${extension}`;
