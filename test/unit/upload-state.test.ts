import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadState } from '../../cli/upload-state';
import { partsStillValid } from '../../cli/upload-plan';
import { deleteState, readState, reusableVideo, stateFileName, stateFilePath, writeStateAtomically } from '../../cli/upload-state';

const file = { path: '/media/clip.mp4', size: 12_345_678, mtimeMs: 1_700_000_000_123.5 };
const state: UploadState = {
  file: file.path,
  size: file.size,
  mtimeMs: file.mtimeMs,
  articleId: 'art_k3v7q2m4x9z5w6t8',
  videoId: 'vid_p4r8s2t6u3w7y5z2',
  rendition: 'broadcast',
  contentType: 'video/mp4',
  uploadId: 'upload-1',
  partSize: 5 * 1024 * 1024,
  parts: { '1': '"a"', '3': '"c"' },
};

describe('stateFileName', () => {
  it('is a sha256 of the file, its size, its mtime and the rendition', () => {
    const name = stateFileName(file, 'broadcast');
    expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(stateFileName({ ...file }, 'broadcast')).toBe(name);
    const others = [
      stateFileName({ ...file, path: '/media/other.mp4' }, 'broadcast'),
      stateFileName({ ...file, size: file.size + 1 }, 'broadcast'),
      stateFileName({ ...file, mtimeMs: file.mtimeMs + 1 }, 'broadcast'),
      stateFileName(file, 'web'),
    ];
    expect(new Set([name, ...others]).size).toBe(5);
    expect(stateFilePath('/home/.pressroom', file, 'broadcast')).toBe(`/home/.pressroom/uploads/${name}`);
  });
});

describe('reusableVideo', () => {
  it('reuses the saved video for the same article or the same --video only', () => {
    expect(reusableVideo(state, { articleId: state.articleId })).toBe(state.videoId);
    expect(reusableVideo(state, { videoId: state.videoId })).toBe(state.videoId);
    expect(reusableVideo(state, { articleId: 'art_other0000000000' })).toBeUndefined();
    expect(reusableVideo(state, { videoId: 'vid_other0000000000' })).toBeUndefined();
    expect(reusableVideo(undefined, { articleId: state.articleId })).toBeUndefined();
    // A state saved for --video knows no article, so an --article run does not take it.
    expect(reusableVideo({ ...state, articleId: undefined }, { articleId: state.articleId })).toBeUndefined();
  });
});

describe('partsStillValid', () => {
  const started = { uploadId: 'upload-1', partSize: state.partSize!, partCount: 3 };

  it('keeps the ETags when the API gave back the same upload', () => {
    expect(partsStillValid(state, started)).toEqual(state.parts);
  });

  it('drops them for another upload, another part size, or no state', () => {
    expect(partsStillValid(state, { ...started, uploadId: 'upload-2' })).toEqual({});
    expect(partsStillValid(state, { ...started, partSize: started.partSize * 2 })).toEqual({});
    expect(partsStillValid({ ...state, uploadId: null }, started)).toEqual({});
    expect(partsStillValid(undefined, started)).toEqual({});
  });

  it('drops part numbers the upload does not have', () => {
    expect(partsStillValid({ ...state, parts: { '0': 'x', '2': 'b', '4': 'd', two: 'y', '1': '' } }, started)).toEqual({ '2': 'b' });
  });
});

describe('the state file', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'upload-state-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('is written whole through a temporary file, read back, and deleted', () => {
    const path = stateFilePath(home, file, 'broadcast');
    expect(readState(path)).toEqual({});
    writeStateAtomically(path, state);
    writeStateAtomically(path, { ...state, parts: { ...state.parts, '2': '"b"' } });
    expect(readState(path).state?.parts).toEqual({ '1': '"a"', '2': '"b"', '3': '"c"' });
    expect(readdirSync(join(home, 'uploads'))).toEqual([stateFileName(file, 'broadcast')]);
    deleteState(path);
    deleteState(path);
    expect(readdirSync(join(home, 'uploads'))).toEqual([]);
  });

  it('counts a damaged file as no state', () => {
    const path = join(home, 'damaged.json');
    writeFileSync(path, '{"file": "/media/clip.mp4", "si');
    expect(readState(path)).toEqual({ damaged: true });
    writeFileSync(path, JSON.stringify({ ...state, parts: undefined }));
    expect(readState(path)).toEqual({ damaged: true });
  });
});
