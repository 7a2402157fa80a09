import { makeSampleMp4, type SampleVideoOptions } from '../../local/sample-video';

interface Box {
  type: string;
  /** Offset of the box header in the file. */
  start: number;
  /** Offset of the first payload byte (after the 8-byte header). */
  payload: number;
  end: number;
}

/** Reads the boxes laid out back to back in file[start, end). */
function readBoxes(file: Buffer, start = 0, end = file.length): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset < end) {
    const size = file.readUInt32BE(offset);
    if (size < 8 || offset + size > end) throw new Error(`bad box size ${size} at ${offset}`);
    boxes.push({ type: file.toString('latin1', offset + 4, offset + 8), start: offset, payload: offset + 8, end: offset + size });
    offset += size;
  }
  return boxes;
}

/** Follows a path of box types from the top level, e.g. ['moov', 'trak']; fails loudly if absent. */
function findBox(file: Buffer, path: string[]): Box {
  let start = 0;
  let end = file.length;
  let found: Box | undefined;
  for (const type of path) {
    found = readBoxes(file, start, end).find((b) => b.type === type);
    if (!found) throw new Error(`box ${path.join('/')} not found (missing ${type})`);
    start = found.payload;
    end = found.end;
  }
  if (!found) throw new Error('empty path');
  return found;
}

const STBL = ['moov', 'trak', 'mdia', 'minf', 'stbl'];
const broadcast: SampleVideoOptions = { width: 320, height: 192, frames: 3, framesPerSecond: 12, seed: 'article-1/broadcast' };
const web: SampleVideoOptions = { width: 160, height: 96, frames: 24, framesPerSecond: 12, seed: 'article-1/web' };

/** FullBox payloads start with 4 bytes of version and flags. */
function fullBoxBody(file: Buffer, path: string[]): number {
  return findBox(file, path).payload + 4;
}

describe('makeSampleMp4', () => {
  const file = makeSampleMp4(web);

  it('writes ftyp, moov and mdat at the top level, in that order', () => {
    expect(readBoxes(file).map((b) => b.type)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(file.toString('latin1', 8, 12)).toBe('isom');
  });

  it('has the sample table boxes a player needs', () => {
    const moov = findBox(file, ['moov']);
    expect(readBoxes(file, moov.payload, moov.end).map((b) => b.type)).toEqual(['mvhd', 'trak']);
    const stbl = findBox(file, STBL);
    expect(readBoxes(file, stbl.payload, stbl.end).map((b) => b.type)).toEqual([
      'stsd',
      'stts',
      'stss',
      'stsc',
      'stsz',
      'stco',
    ]);
    const minf = findBox(file, ['moov', 'trak', 'mdia', 'minf']);
    expect(readBoxes(file, minf.payload, minf.end).map((b) => b.type)).toEqual(['vmhd', 'dinf', 'stbl']);
    const hdlr = fullBoxBody(file, ['moov', 'trak', 'mdia', 'hdlr']);
    expect(file.toString('latin1', hdlr + 4, hdlr + 8)).toBe('vide');
  });

  it('declares the picture size in tkhd and in the avc1 sample entry', () => {
    const tkhd = fullBoxBody(file, ['moov', 'trak', 'tkhd']);
    // v0 tkhd: 20 bytes of times/ids/duration, 8 reserved, 8 layer..reserved, 36 matrix, then 16.16 width and height
    expect(file.readUInt32BE(tkhd + 72)).toBe(160 * 0x10000);
    expect(file.readUInt32BE(tkhd + 76)).toBe(96 * 0x10000);

    const stsd = fullBoxBody(file, [...STBL, 'stsd']);
    expect(file.readUInt32BE(stsd)).toBe(1);
    const avc1 = readBoxes(file, stsd + 4, findBox(file, [...STBL, 'stsd']).end)[0];
    expect(avc1?.type).toBe('avc1');
    expect(file.readUInt16BE((avc1?.payload ?? 0) + 24)).toBe(160);
    expect(file.readUInt16BE((avc1?.payload ?? 0) + 26)).toBe(96);
  });

  it('carries a Baseline avcC with one SPS and one PPS', () => {
    const stsd = findBox(file, [...STBL, 'stsd']);
    const avc1 = readBoxes(file, stsd.payload + 8, stsd.end)[0]!;
    // VisualSampleEntry fields take 78 bytes before the child boxes.
    const avcC = readBoxes(file, avc1.payload + 78, avc1.end).find((b) => b.type === 'avcC');
    expect(avcC).toBeDefined();
    const at = avcC!.payload;
    expect(file[at]).toBe(1); // configurationVersion
    expect(file[at + 1]).toBe(66); // AVCProfileIndication: Baseline
    expect((file[at + 4]! & 0x03) + 1).toBe(4); // NAL length size
    expect(file[at + 5]! & 0x1f).toBe(1); // numOfSequenceParameterSets
    const spsLength = file.readUInt16BE(at + 6);
    expect(file[at + 8]! & 0x1f).toBe(7); // nal_unit_type SPS
    expect(file[at + 9]).toBe(66); // profile_idc inside the SPS agrees
    expect(file[at + 8 + spsLength]).toBe(1); // numOfPictureParameterSets
    expect(file[at + 8 + spsLength + 3]! & 0x1f).toBe(8); // nal_unit_type PPS
    expect(at + 8 + spsLength + 3 + file.readUInt16BE(at + 8 + spsLength + 1)).toBe(avcC!.end);
  });

  it('lists one sample per frame whose sizes add up to the mdat payload', () => {
    const stsz = fullBoxBody(file, [...STBL, 'stsz']);
    expect(file.readUInt32BE(stsz)).toBe(0); // sizes listed individually
    const sampleCount = file.readUInt32BE(stsz + 4);
    expect(sampleCount).toBe(24);
    const sizes = Array.from({ length: sampleCount }, (_, i) => file.readUInt32BE(stsz + 8 + 4 * i));
    const mdat = findBox(file, ['mdat']);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(mdat.end - mdat.payload);
    // Every frame is 60 I_PCM macroblocks: at least 384 bytes each, plus a few bytes of headers.
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual(60 * 384);
      expect(size).toBeLessThan(60 * 390);
    }

    const stts = fullBoxBody(file, [...STBL, 'stts']);
    expect([file.readUInt32BE(stts), file.readUInt32BE(stts + 4), file.readUInt32BE(stts + 8)]).toEqual([1, 24, 7500]);
    const stsc = fullBoxBody(file, [...STBL, 'stsc']);
    expect([0, 4, 8, 12].map((o) => file.readUInt32BE(stsc + o))).toEqual([1, 1, 24, 1]); // one chunk of 24
    const stss = fullBoxBody(file, [...STBL, 'stss']);
    expect(file.readUInt32BE(stss)).toBe(24);
    expect(file.readUInt32BE(stss + 4 + 4 * 23)).toBe(24);
    const mdhd = fullBoxBody(file, ['moov', 'trak', 'mdia', 'mdhd']);
    expect([file.readUInt32BE(mdhd + 8), file.readUInt32BE(mdhd + 12)]).toEqual([90_000, 24 * 7500]);
  });

  it('points stco at the samples inside mdat, each an IDR slice NAL with its length prefix', () => {
    const stco = fullBoxBody(file, [...STBL, 'stco']);
    expect(file.readUInt32BE(stco)).toBe(1);
    const chunkOffset = file.readUInt32BE(stco + 4);
    const mdat = findBox(file, ['mdat']);
    expect(chunkOffset).toBe(mdat.payload);

    const stsz = fullBoxBody(file, [...STBL, 'stsz']);
    let offset = chunkOffset;
    for (let i = 0; i < 24; i++) {
      const size = file.readUInt32BE(stsz + 8 + 4 * i);
      expect(offset + size).toBeLessThanOrEqual(mdat.end);
      expect(file.readUInt32BE(offset)).toBe(size - 4); // one NAL unit per sample
      expect(file[offset + 4]).toBe(0x65); // nal_ref_idc 3, nal_unit_type 5 (IDR slice)
      offset += size;
    }
    expect(offset).toBe(mdat.end);
  });

  it('is deterministic and depends on the seed and the frame', () => {
    expect(makeSampleMp4(web).equals(file)).toBe(true);
    expect(makeSampleMp4({ ...web, seed: 'article-2/web' }).equals(file)).toBe(false);

    const stsz = fullBoxBody(file, [...STBL, 'stsz']);
    const first = file.readUInt32BE(stsz + 8);
    const mdat = findBox(file, ['mdat']).payload;
    const frame0 = file.subarray(mdat + 16, mdat + first); // past length, NAL header and slice header
    const frame1 = file.subarray(mdat + first + 16, mdat + 2 * first);
    expect(frame0.equals(frame1)).toBe(false); // the picture moves
  });

  it('keeps a 3-frame 320x192 rendition to a few hundred KB', () => {
    const size = makeSampleMp4(broadcast).length;
    expect(size).toBeGreaterThan(3 * 240 * 384);
    expect(size).toBeLessThan(300 * 1024);
  });

  it('rejects sizes that are not multiples of 16 and other bad options', () => {
    expect(() => makeSampleMp4({ ...web, width: 100 })).toThrow(RangeError);
    expect(() => makeSampleMp4({ ...web, width: 168 })).toThrow(RangeError); // a multiple of 8 is not enough
    expect(() => makeSampleMp4({ ...web, height: 90 })).toThrow(RangeError);
    expect(() => makeSampleMp4({ ...web, width: 0 })).toThrow(RangeError);
    expect(() => makeSampleMp4({ ...web, frames: 0 })).toThrow(RangeError);
    expect(() => makeSampleMp4({ ...web, frames: 1.5 })).toThrow(RangeError);
    expect(() => makeSampleMp4({ ...web, framesPerSecond: 0 })).toThrow(RangeError);
    expect(() => makeSampleMp4({ ...web, width: 16 * 1024, height: 16 * 1024 })).toThrow(RangeError);
  });
});
