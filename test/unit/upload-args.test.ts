import { DEFAULT_CONCURRENCY, parseUploadArgs, UsageError } from '../../cli/upload-args';

const ARTICLE = 'art_k3v7q2m4x9z5w6t8';
const VIDEO = 'vid_p4r8s2t6u3w7y5z2';

const upload = (...argv: string[]) => {
  const command = parseUploadArgs(argv);
  if (command.kind !== 'upload') throw new Error('expected an upload command');
  return command.options;
};

function usageError(argv: string[]): string {
  try {
    parseUploadArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseUploadArgs', () => {
  it('reads the minimal command with its defaults', () => {
    expect(upload('/media/Northern Shield.mp4', '--article', ARTICLE, '--rendition', 'broadcast')).toEqual({
      file: '/media/Northern Shield.mp4',
      articleId: ARTICLE,
      rendition: 'broadcast',
      title: 'Northern Shield.mp4',
      contentType: 'video/mp4',
      concurrency: DEFAULT_CONCURRENCY,
    });
  });

  it('reads every option, in any order, with = or a space', () => {
    expect(
      upload('--video', VIDEO, '--rendition=web', 'master.mxf', '--title', 'Press conference', '--width', '1920', '--height=1080', '--content-type', 'video/mp4', '--concurrency', '8'),
    ).toEqual({
      file: 'master.mxf',
      videoId: VIDEO,
      rendition: 'web',
      title: 'Press conference',
      width: 1920,
      height: 1080,
      contentType: 'video/mp4',
      concurrency: 8,
    });
  });

  it.each([
    ['master.MXF', 'application/mxf'],
    ['interview.mov', 'video/quicktime'],
    ['feed.ts', 'video/mp2t'],
    ['archive.mpeg', 'video/mpeg'],
  ])('takes the type of %s from its extension: %s', (file, type) => {
    expect(upload(file, '--article', ARTICLE, '--rendition', 'broadcast').contentType).toBe(type);
  });

  it('lets --content-type name the type of a file whose extension says nothing', () => {
    expect(upload('master', '--article', ARTICLE, '--rendition', 'broadcast', '--content-type', 'application/mxf').contentType).toBe('application/mxf');
  });

  it('answers --help', () => {
    expect(parseUploadArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseUploadArgs(['a.mp4', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /Name the file/],
    [['a.mp4', 'b.mp4', '--article', ARTICLE, '--rendition', 'web'], /one file, got 2/],
    [['a.mp4', '--rendition', 'web'], /--article/],
    [['a.mp4', '--article', '', '--rendition', 'web'], /--article/],
    [['a.mp4', '--article', ARTICLE], /--rendition/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'Broadcast HD'], /--rendition must be lowercase/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'x'.repeat(33)], /--rendition/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--width', '1920'], /--width and --height together/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--width', 'wide', '--height', '1'], /--width must be a whole number/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--width', '0', '--height', '1'], /--width/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--width', '1.5', '--height', '1'], /--width/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--width', '20000', '--height', '1'], /16384/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--concurrency', '0'], /--concurrency/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--concurrency', '33'], /--concurrency/],
    [['notes.txt', '--article', ARTICLE, '--rendition', 'web'], /not a \.mxf, .*--content-type/],
    [['clip.avi', '--article', ARTICLE, '--rendition', 'web'], /--content-type/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--content-type', 'video/mxf'], /must be one of application\/mxf, /],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--content-type', 'text/html'], /must be one of/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--title', ''], /--title/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--title', 't'.repeat(201)], /--title/],
    [['a.mp4', '--article', ARTICLE, '--rendition', 'web', '--colour', 'red'], /colour/],
    [['a.mp4', '--article'], /--article/],
  ])('refuses %j', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('shortens a long file name to the longest title the API takes', () => {
    expect(upload(`${'n'.repeat(250)}.mp4`, '--article', ARTICLE, '--rendition', 'web').title).toHaveLength(200);
  });
});
