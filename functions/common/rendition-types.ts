/**
 * The media types a rendition may be uploaded as: the containers broadcast video is delivered in, each with the
 * file extension its stored object, and so its downloads, are named with. The list is closed because the type is
 * stored on the object and served back as the download's Content-Type: a free one (text/html) would have the
 * bucket serve a page from a presigned link. No `node:` imports: the web portal and the uploader (cli/) read it.
 */
interface RenditionFormat {
  /** The extension of the stored file and of its downloads. */
  extension: string;
  /** Other extensions such files come with, recognised when a type is guessed from a file's name. */
  alsoNamed?: readonly string[];
}

export const RENDITION_FORMATS = {
  /** MXF (SMPTE ST 377, RFC 4539): the usual delivery of broadcast masters (AS-11, XDCAM HD, AVC-Intra). */
  'application/mxf': { extension: 'mxf' },
  /** QuickTime: ProRes masters and camera files. */
  'video/quicktime': { extension: 'mov' },
  /** MP4: H.264 and H.265 renditions, the one every browser plays. */
  'video/mp4': { extension: 'mp4', alsoNamed: ['m4v'] },
  /** MPEG transport stream: contribution feeds and off-air recordings. */
  'video/mp2t': { extension: 'ts' },
  /** MPEG program stream: the MPEG-2 files of older archives. */
  'video/mpeg': { extension: 'mpg', alsoNamed: ['mpeg'] },
} as const satisfies Record<string, RenditionFormat>;

export type RenditionType = keyof typeof RENDITION_FORMATS;

export const RENDITION_TYPES = Object.keys(RENDITION_FORMATS) as RenditionType[];

export const isRenditionType = (value: string): value is RenditionType => Object.hasOwn(RENDITION_FORMATS, value);

export const extensionOf = (type: RenditionType): string => RENDITION_FORMATS[type].extension;

const TYPE_BY_EXTENSION = new Map<string, RenditionType>(
  RENDITION_TYPES.flatMap((type) => {
    const format: RenditionFormat = RENDITION_FORMATS[type];
    return [format.extension, ...(format.alsoNamed ?? [])].map((extension) => [extension, type] as const);
  }),
);

/** Every extension a rendition's file may have, with its dot: `.mxf`, `.mov`… */
export const RENDITION_EXTENSIONS = [...TYPE_BY_EXTENSION.keys()].map((extension) => `.${extension}`);

/**
 * The type of a file from its name's extension (any case), or undefined when it is none of the list. The
 * extension is what node:path's extname finds: from the last dot of the last path segment, unless that dot starts it.
 */
export function renditionTypeOfFile(file: string): RenditionType | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? TYPE_BY_EXTENSION.get(name.slice(dot + 1).toLowerCase()) : undefined;
}
