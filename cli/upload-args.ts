/** The uploader's command line: parsed and checked here, with no I/O, so every mistake is a usage error up front. */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { RENDITION_NAME, RENDITION_NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '../functions/catalogue/schemas';
import type { RenditionType } from '../functions/common/rendition-types';
import { isRenditionType, RENDITION_EXTENSIONS, RENDITION_TYPES, renditionTypeOfFile } from '../functions/common/rendition-types';
import { MAX_DIMENSION } from '../functions/editorial/operations';

export const USAGE = `Usage: npm run upload -- <file> --article <articleId> --rendition <name> [options]

Uploads a video file as one rendition of a video, through the Pressroom API.

  <file>                   the file to upload
  --article <articleId>    the article the new video belongs to (art_...)
  --video <videoId>        add the rendition to this existing video instead of creating one (vid_...)
  --rendition <name>       the rendition's name, e.g. broadcast or web
  --title "<text>"         the new video's title (default: the file's name)
  --width <N> --height <N> the rendition's frame size in pixels (give both or neither)
  --content-type <type>    the file's media type (default: from its extension):
                           ${RENDITION_TYPES.join(', ')}
  --concurrency <N>        parts uploaded at the same time (default 4, at most 32)
  -h, --help               show this text

An interrupted upload resumes when the same command is run again.
Settings: PRESSROOM_API, PRESSROOM_EMAIL, PRESSROOM_PASSWORD, or else the local stack's
<PRESSROOM_HOME or .pressroom>/endpoints.json.`;

export interface UploadOptions {
  file: string;
  /** Absent only when --video names the video. */
  articleId?: string;
  videoId?: string;
  rendition: string;
  /** Used only when a video is created. */
  title: string;
  width?: number;
  height?: number;
  contentType: RenditionType;
  concurrency: number;
}

export type Command = { kind: 'help' } | { kind: 'upload'; options: UploadOptions };

/** A mistake on the command line: the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 32;

function integerOption(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(parsed >= 1 && parsed <= max)) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${value}".`);
  return parsed;
}

export function parseUploadArgs(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        article: { type: 'string' },
        video: { type: 'string' },
        rendition: { type: 'string' },
        title: { type: 'string' },
        width: { type: 'string' },
        height: { type: 'string' },
        'content-type': { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well; only the error class changes.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  if (positionals.length === 0) throw new UsageError('Name the file to upload.');
  if (positionals.length > 1) throw new UsageError(`Give one file, got ${positionals.length}: ${positionals.join(', ')}.`);
  const file = positionals[0]!;

  const articleId = values.article?.trim();
  const videoId = values.video?.trim();
  if (!articleId && !videoId) throw new UsageError('Give --article <articleId> (or --video <videoId> to add a rendition to an existing video).');
  if (values.article !== undefined && !articleId) throw new UsageError('--article must not be empty.');
  if (values.video !== undefined && !videoId) throw new UsageError('--video must not be empty.');

  const rendition = values.rendition;
  if (rendition === undefined) throw new UsageError('Give --rendition <name>, e.g. --rendition broadcast.');
  // The API's rules are checked here too, so a typo fails before anything is created.
  if (rendition.length > RENDITION_NAME_MAX_LENGTH || !RENDITION_NAME.test(rendition)) {
    throw new UsageError(`--rendition must be lowercase words joined by hyphens, at most ${RENDITION_NAME_MAX_LENGTH} characters, got "${rendition}".`);
  }

  const title = values.title ?? basename(file).slice(0, TITLE_MAX_LENGTH);
  if (title.trim() === '' || title.length > TITLE_MAX_LENGTH) throw new UsageError(`--title must be 1 to ${TITLE_MAX_LENGTH} characters.`);

  const width = integerOption('width', values.width, MAX_DIMENSION);
  const height = integerOption('height', values.height, MAX_DIMENSION);
  if ((width === undefined) !== (height === undefined)) throw new UsageError('Give --width and --height together, or neither.');

  const given = values['content-type'];
  if (given !== undefined && !isRenditionType(given)) throw new UsageError(`--content-type must be one of ${RENDITION_TYPES.join(', ')}, got "${given}".`);
  const contentType = given ?? renditionTypeOfFile(file);
  if (contentType === undefined) {
    throw new UsageError(`"${basename(file)}" is not a ${RENDITION_EXTENSIONS.join(', ')} file: give its type with --content-type.`);
  }

  const concurrency = integerOption('concurrency', values.concurrency, MAX_CONCURRENCY) ?? DEFAULT_CONCURRENCY;

  return {
    kind: 'upload',
    options: {
      file,
      ...(articleId && { articleId }),
      ...(videoId && { videoId }),
      rendition,
      title,
      ...(width !== undefined && { width, height }),
      contentType,
      concurrency,
    },
  };
}
