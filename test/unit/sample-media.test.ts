/**
 * The committed sample renditions are video a browser plays, of the size and length the seed declares for them: the
 * MP4 is read by mp4box (GPAC's reader) and every frame is decoded by tinyh264 (h264bsd in WebAssembly), since CI
 * has no ffmpeg.
 */
import { createHash } from 'node:crypto';
import { createFile, MP4BoxBuffer } from 'mp4box';
import type { Movie, VisualSampleEntry } from 'mp4box';
import { sampleArticles } from '../../local/sample-content';
import { CLIP_SECONDS, RENDITIONS, sampleRenditionFile } from '../../local/seed';

interface Picture {
  width: number;
  height: number;
}

interface Decoder {
  decode(accessUnit: Uint8Array): void;
  release(): void;
}

/** tinyh264 is built for a web worker: its loader reads `self.location`, and it ships no types. */
async function loadDecoder(): Promise<(onPicture: (data: Uint8Array, width: number, height: number) => void) => Decoder> {
  Object.assign(globalThis, { self: { location: { href: '' } } });
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: load } = require('tinyh264/lib/TinyH264') as { default: () => Promise<unknown> };
  const { default: TinyH264Decoder } = require('tinyh264/lib/TinyH264Decoder') as {
    default: new (module: unknown, onPicture: (data: Uint8Array, width: number, height: number) => void) => Decoder;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const module = await load();
  return (onPicture) => new TinyH264Decoder(module, onPicture);
}

const START_CODE = Buffer.from([0, 0, 0, 1]);

/** MP4 prefixes each NAL unit with its 4-byte length; the decoder reads start codes (Annex B). */
function annexB(sample: Buffer): Buffer {
  const units: Buffer[] = [];
  for (let offset = 0; offset < sample.length; ) {
    const length = sample.readUInt32BE(offset);
    if (offset + 4 + length > sample.length) throw new Error('a NAL unit runs past its sample');
    units.push(START_CODE, sample.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return Buffer.concat(units);
}

interface Decoded {
  movie: Movie;
  topLevelBoxes: string[];
  samples: number;
  pictures: Picture[];
}

let newDecoder: Awaited<ReturnType<typeof loadDecoder>>;
beforeAll(async () => {
  newDecoder = await loadDecoder();
});

function decode(file: Buffer): Decoded {
  const mp4 = createFile();
  let movie: Movie | undefined;
  mp4.onReady = (info) => (movie = info);
  mp4.appendBuffer(MP4BoxBuffer.fromArrayBuffer(file.buffer.slice(file.byteOffset, file.byteOffset + file.length), 0));
  mp4.flush();
  if (!movie) throw new Error('not an MP4 that mp4box can read');
  const [track] = movie.videoTracks;
  if (!track) throw new Error('no video track');
  const trak = mp4.getTrackById(track.id);
  const { avcC } = trak.mdia.minf.stbl.stsd.entries[0] as VisualSampleEntry;
  if (!avcC) throw new Error('no H.264 configuration (avcC)');

  const pictures: Picture[] = [];
  const decoder = newDecoder((_data, width, height) => pictures.push({ width, height }));
  for (const parameterSet of [...avcC.SPS, ...avcC.PPS]) decoder.decode(Buffer.concat([START_CODE, parameterSet.data]));
  for (const sample of trak.samples) decoder.decode(annexB(file.subarray(sample.offset, sample.offset + sample.size)));
  decoder.release();
  return { movie, topLevelBoxes: mp4.boxes.map((box) => box.type), samples: trak.samples.length, pictures };
}

const sampleVideoIds = sampleArticles.flatMap((article) => article.videos.map((video) => video.id));
const samples = sampleVideoIds.flatMap((videoId) => RENDITIONS.map((rendition) => ({ videoId, rendition, name: `${videoId}/${rendition.name}` })));

it('has a different picture for every sample video', () => {
  const digests = samples.map(({ videoId, rendition }) => createHash('sha256').update(sampleRenditionFile(videoId, rendition)).digest('hex'));
  expect(new Set(digests).size).toBe(samples.length);
});

describe.each(samples)('the sample rendition $name', ({ videoId, rendition }) => {
  const decoded = () => decode(sampleRenditionFile(videoId, rendition));

  it('is H.264 Constrained Baseline in MP4 with its index first, as browsers stream it', () => {
    const { movie, topLevelBoxes } = decoded();
    expect(movie.videoTracks).toHaveLength(1);
    expect(movie.videoTracks[0]!.codec).toMatch(/^avc1\.42c0/);
    expect(topLevelBoxes.indexOf('moov')).toBeGreaterThan(-1);
    expect(topLevelBoxes.indexOf('moov')).toBeLessThan(topLevelBoxes.indexOf('mdat'));
  });

  it('lasts as long as the seed says', () => {
    const { movie } = decoded();
    expect(movie.duration / movie.timescale).toBe(CLIP_SECONDS);
  });

  it('decodes, every frame, at the size the seed declares', () => {
    const { samples, pictures } = decoded();
    expect(samples).toBeGreaterThan(CLIP_SECONDS);
    expect(pictures).toHaveLength(samples);
    expect(new Set(pictures.map(({ width, height }) => `${width}x${height}`))).toEqual(new Set([`${rendition.width}x${rendition.height}`]));
  });
});

/** Whether every sample decodes to a picture; a file that cannot be read at all does not. */
function decodesWhole(file: Buffer): boolean {
  try {
    const { samples, pictures } = decode(file);
    return pictures.length === samples;
  } catch {
    return false;
  }
}

it('finds a damaged file out', () => {
  const file = sampleRenditionFile(sampleVideoIds[0]!, RENDITIONS[1]);
  expect(decodesWhole(file)).toBe(true);
  const firstSample = file.indexOf('mdat') + 4;
  expect(decodesWhole(Buffer.from(file).fill(0, firstSample + 8, firstSample + 600))).toBe(false);
  expect(decodesWhole(file.subarray(0, file.length - 1000))).toBe(false);
});
