import { extensionOf, isRenditionType, RENDITION_EXTENSIONS, RENDITION_TYPES, renditionTypeOfFile } from '../../functions/common/rendition-types';
import { startRenditionUpload } from '../../functions/editorial/operations';

describe('the media types of renditions', () => {
  it('is the short list of broadcast containers, each named by one extension of its own', () => {
    expect(RENDITION_TYPES.map((type) => [type, extensionOf(type)])).toEqual([
      ['application/mxf', 'mxf'],
      ['video/quicktime', 'mov'],
      ['video/mp4', 'mp4'],
      ['video/mp2t', 'ts'],
      ['video/mpeg', 'mpg'],
    ]);
    expect(RENDITION_EXTENSIONS).toEqual(['.mxf', '.mov', '.mp4', '.m4v', '.ts', '.mpg', '.mpeg']);
  });

  it.each([
    ['master.mxf', 'application/mxf'],
    ['/tmp/Interview.MOV', 'video/quicktime'],
    ['clip.mp4', 'video/mp4'],
    ['a.b.m4v', 'video/mp4'],
    ['feed.ts', 'video/mp2t'],
    ['archive.mpeg', 'video/mpeg'],
    ['archive.MPG', 'video/mpeg'],
  ])('knows %s as %s', (file, type) => {
    expect(renditionTypeOfFile(file)).toBe(type);
  });

  it.each(['notes.txt', 'clip.webm', 'clip.mkv', 'mxf', '.mxf', 'dir.mxf/file', 'master.mxf.'])('knows no type for %s', (file) => {
    expect(renditionTypeOfFile(file)).toBeUndefined();
  });

  it('takes only the listed types, exactly as written', () => {
    for (const type of RENDITION_TYPES) expect(isRenditionType(type)).toBe(true);
    for (const other of ['text/html', 'video/anything-else', 'application/octet-stream', 'video/mxf', 'APPLICATION/MXF', 'video/mp4 ', 'toString', '__proto__', '']) {
      expect(isRenditionType(other)).toBe(false);
    }
  });

  it('is the list the API announces and checks', () => {
    const json = startRenditionUpload.body.json as { properties: { contentType: { enum: string[] } } };
    expect(json.properties.contentType.enum).toEqual(RENDITION_TYPES);
  });
});
