/** The video bucket's layout. Functions that read or write videos are granted this prefix only. */
export const VIDEO_PREFIX = 'videos/';

/**
 * Each upload writes a file of its own (`upload` is its id), so a re-upload never writes over the published file:
 * the video item names the file to serve, and only a completed upload of the announced size changes that.
 */
export const videoObjectKey = (videoId: string, rendition: string, upload: string, extension: string): string =>
  `${VIDEO_PREFIX}${videoId}/${rendition}/${upload}.${extension}`;

const EXTENSIONS: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/mxf': 'mxf',
  'video/x-matroska': 'mkv',
  'video/webm': 'webm',
  'video/mpeg': 'mpg',
  'video/mp2t': 'ts',
};

/** The file extension a download is named with; an unusual video type keeps a safe form of its subtype. */
export function extensionFor(contentType: string): string {
  const known = EXTENSIONS[contentType];
  if (known) return known;
  const subtype = (contentType.split('/')[1] ?? '').replace(/[^a-z0-9]/g, '').slice(0, 10);
  return subtype || 'bin';
}
