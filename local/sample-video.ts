/**
 * Generator of small, valid MP4 files used as sample video renditions in the local demo.
 *
 * The video is H.264 Constrained Baseline in which every macroblock is I_PCM: raw 8-bit
 * YUV 4:2:0 samples, no prediction, no transform, no entropy coding of residuals. That keeps
 * the encoder short while producing a stream any decoder accepts. The price is size: every
 * frame costs ~386 bytes per 16x16 macroblock (384 PCM bytes plus mb_type and alignment),
 * whatever the picture shows:
 *
 *   320x192 (240 MBs): ~93 KB per frame -> 3 frames ~279 KB, 24 frames ~2.2 MB
 *   160x96  (60 MBs):  ~23 KB per frame -> 12 frames ~279 KB, 24 frames ~557 KB
 *
 * So to stay within a few hundred KB, use about 3 frames at 320x192 and at most ~12 at 160x96.
 *
 * Every frame is an IDR picture (so every sample is a sync sample), stored as one chunk in an
 * MP4 with `moov` before `mdat`. Creation and modification times are written as 0, so the
 * same options always give identical bytes.
 */

export interface SampleVideoOptions {
  /** Picture width in pixels; a positive multiple of 16. */
  width: number;
  /** Picture height in pixels; a positive multiple of 16. */
  height: number;
  /** Number of frames, a positive integer; each costs ~width * height * 1.5 bytes (see above). */
  frames: number;
  /** Frame rate; any positive number (the track clock is 90 kHz). */
  framesPerSecond: number;
  /** Any string; decides the colours and motion of the picture. */
  seed: string;
}

/** 90 kHz is the conventional video clock and divides evenly by the usual frame rates. */
const TIMESCALE = 90_000;
/** Movie-level clock (mvhd/tkhd durations) in milliseconds. */
const MOVIE_TIMESCALE = 1_000;
/** Largest frame any H.264 level allows (level 5.2 MaxFS), in macroblocks. */
const MAX_FRAME_MBS = 36_864;
const PCM_BYTES_PER_MB = 256 + 64 + 64;

/** Constrained Baseline: profile_idc 66 with constraint_set0 and constraint_set1. */
const PROFILE_IDC = 66;
const CONSTRAINT_FLAGS = 0xc0;
/** log2_max_frame_num_minus4 = 0 -> frame_num is a 4-bit field (always 0 for IDR pictures). */
const FRAME_NUM_BITS = 4;
/** mb_type 25 in an I slice is I_PCM. */
const MB_TYPE_I_PCM = 25;

export function makeSampleMp4(options: SampleVideoOptions): Buffer {
  const { width, height, frames, framesPerSecond, seed } = options;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value <= 0 || value % 16 !== 0) {
      throw new RangeError(`${name} must be a positive multiple of 16, got ${value}`);
    }
  }
  if ((width / 16) * (height / 16) > MAX_FRAME_MBS) {
    throw new RangeError(`${width}x${height} is larger than any H.264 level allows`);
  }
  if (!Number.isInteger(frames) || frames <= 0) {
    throw new RangeError(`frames must be a positive integer, got ${frames}`);
  }
  if (!Number.isFinite(framesPerSecond) || framesPerSecond <= 0 || framesPerSecond > TIMESCALE) {
    throw new RangeError(`framesPerSecond must be in (0, ${TIMESCALE}], got ${framesPerSecond}`);
  }

  const mbsWide = width / 16;
  const mbsHigh = height / 16;
  const frameMbs = mbsWide * mbsHigh;
  const level = pickLevel(mbsWide, mbsHigh, framesPerSecond);
  const sps = buildSps(mbsWide, mbsHigh, level);
  const pps = buildPps();

  const scene = makeScene(seed, width, height, frames);
  const samples: Buffer[] = [];
  for (let frame = 0; frame < frames; frame++) {
    const slice = encodeIdrSlice(scene.draw(frame), frame, frameMbs, mbsWide);
    // MP4 stores NAL units with a 4-byte big-endian length instead of Annex B start codes.
    const sample = Buffer.allocUnsafe(4 + slice.length);
    sample.writeUInt32BE(slice.length, 0);
    sample.set(slice, 4);
    samples.push(sample);
  }

  const frameDuration = Math.max(1, Math.round(TIMESCALE / framesPerSecond));
  const mdatPayloadSize = samples.reduce((sum, s) => sum + s.length, 0);
  const ftyp = box('ftyp', ascii('isom'), u32(0x200), ascii('isom'), ascii('iso2'), ascii('avc1'), ascii('mp41'));
  const track: TrackInfo = { width, height, frames, frameDuration, sps, pps, level, sampleSizes: samples.map((s) => s.length) };
  // stco is a fixed-size field, so the moov size does not depend on the offset written into it.
  const moovSize = buildMoov(track, 0).length;
  const mdatHeaderSize = 8;
  const chunkOffset = ftyp.length + moovSize + mdatHeaderSize;
  if (chunkOffset + mdatPayloadSize > 0xffff_ffff) {
    throw new RangeError('sample video would exceed 4 GiB; use fewer frames or a smaller picture');
  }
  const moov = buildMoov(track, chunkOffset);
  const mdatHeader = Buffer.concat([u32(mdatHeaderSize + mdatPayloadSize), ascii('mdat')]);
  return Buffer.concat([ftyp, moov, mdatHeader, ...samples]);
}

// ---------------------------------------------------------------------------------------------
// Picture content

interface Planes {
  y: Uint8Array;
  cb: Uint8Array;
  cr: Uint8Array;
  width: number;
}

/**
 * A diagonal gradient between two seed-chosen colours, darker vertical bars that scroll a few
 * pixels per frame, and a light square that crosses the picture once over the clip.
 */
function makeScene(seed: string, width: number, height: number, frames: number) {
  const random = seededRandom(seed);
  const hueA = random() * 360;
  const hueB = (hueA + 120 + random() * 120) % 360;
  const colourA = hsvToRgb(hueA, 0.75, 0.95);
  const colourB = hsvToRgb(hueB, 0.85, 0.55);
  const barPeriod = 16 * (2 + Math.floor(random() * 3)); // 32, 48 or 64 px
  const barSpeed = (1 + Math.floor(random() * 3)) * (random() < 0.5 ? -1 : 1); // px per frame
  const boxSize = Math.max(8, Math.floor(height / 4));

  // BT.601 limited range (luma 16..235, chroma 16..240; never 0, so the PCM bytes rarely need
  // emulation prevention). The conversion is linear, so shading and blending can be done on the
  // converted components of the two end colours instead of per-pixel RGB.
  const [yA, cbA, crA] = rgbToYcbcrOffsets(colourA);
  const [yB, cbB, crB] = rgbToYcbcrOffsets(colourB);
  const [yBox, cbBox, crBox] = rgbToYcbcrOffsets([0.95, 0.95, 0.9]);

  const chromaWidth = width / 2;
  const planes: Planes = {
    y: new Uint8Array(width * height),
    cb: new Uint8Array(chromaWidth * (height / 2)),
    cr: new Uint8Array(chromaWidth * (height / 2)),
    width,
  };

  const columnShade = new Float64Array(width);
  const draw = (frame: number): Planes => {
    const shift = frame * barSpeed;
    for (let px = 0; px < width; px++) {
      const phase = (((px + shift) % barPeriod) + barPeriod) % barPeriod;
      columnShade[px] = phase < barPeriod / 4 ? 0.45 : 1; // a dark bar every barPeriod pixels
    }
    const boxX = frames > 1 ? Math.round((frame / (frames - 1)) * (width - boxSize)) : 0;
    const boxY = Math.floor((height - boxSize) / 2);
    for (let py = 0; py < height; py++) {
      const inBoxRow = py >= boxY && py < boxY + boxSize;
      const chromaRow = py % 2 === 0 ? (py / 2) * chromaWidth : -1; // 4:2:0: top-left of each 2x2
      for (let px = 0; px < width; px++) {
        const inBox = inBoxRow && px >= boxX && px < boxX + boxSize;
        const t = (px / width + py / height) / 2; // 0 at the top left, 1 at the bottom right
        const shade = columnShade[px] ?? 1;
        const y = inBox ? yBox : shade * (yA + (yB - yA) * t);
        // Storing into a Uint8Array truncates, so adding 0.5 rounds (values are never negative).
        // It also avoids a per-pixel Math lookup, which is slow inside jest's vm sandbox.
        planes.y[py * width + px] = 16.5 + y;
        if (chromaRow >= 0 && px % 2 === 0) {
          const cb = inBox ? cbBox : shade * (cbA + (cbB - cbA) * t);
          const cr = inBox ? crBox : shade * (crA + (crB - crA) * t);
          planes.cb[chromaRow + px / 2] = 128.5 + cb;
          planes.cr[chromaRow + px / 2] = 128.5 + cr;
        }
      }
    }
    return planes;
  };
  return { draw };
}

type Rgb = [number, number, number];

/** BT.601 limited-range Y, Cb, Cr of an RGB colour (components 0..1), without the 16/128 offsets. */
function rgbToYcbcrOffsets([r, g, b]: Rgb): Rgb {
  return [
    65.481 * r + 128.553 * g + 24.966 * b,
    -37.797 * r - 74.203 * g + 112 * b,
    112 * r - 93.786 * g - 18.214 * b,
  ];
}

function hsvToRgb(hue: number, saturation: number, value: number): Rgb {
  const chroma = value * saturation;
  const sector = hue / 60;
  const x = chroma * (1 - Math.abs((sector % 2) - 1));
  const m = value - chroma;
  const table: Rgb[] = [
    [chroma, x, 0],
    [x, chroma, 0],
    [0, chroma, x],
    [0, x, chroma],
    [x, 0, chroma],
    [chroma, 0, x],
  ];
  const [r, g, b] = table[Math.floor(sector) % 6] ?? [0, 0, 0];
  return [r + m, g + m, b + m];
}

/** FNV-1a hash of the seed feeding a xorshift32 generator: tiny, deterministic, good enough for colours. */
function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193);
  }
  state = state >>> 0 || 1; // xorshift must not start at 0
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

// ---------------------------------------------------------------------------------------------
// H.264 bitstream

/** Writes bits MSB first, as H.264 syntax elements are defined. */
class BitWriter {
  private buffer: Uint8Array;
  private length = 0; // complete bytes
  private current = 0; // pending bits, left-aligned as they arrive
  private pendingBits = 0;

  constructor(capacity = 64) {
    this.buffer = new Uint8Array(capacity);
  }

  /** u(n): the low `count` bits of `value`, count <= 32. */
  bits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >>> i) & 1);
      if (++this.pendingBits === 8) {
        this.pushByte(this.current);
        this.current = 0;
        this.pendingBits = 0;
      }
    }
  }

  /** ue(v): unsigned Exp-Golomb, i.e. (bit length of v+1) - 1 zeros, then v+1 in binary. */
  ue(value: number): void {
    const codeNum = value + 1;
    const length = 32 - Math.clz32(codeNum);
    this.bits(0, length - 1);
    this.bits(codeNum, length);
  }

  /** se(v): signed Exp-Golomb, mapping 0, 1, -1, 2, -2 ... to 0, 1, 2, 3, 4 ... */
  se(value: number): void {
    this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  isAligned(): boolean {
    return this.pendingBits === 0;
  }

  /** Zero bits up to the next byte boundary (pcm_alignment_zero_bit, trailing alignment). */
  alignWithZeros(): void {
    while (this.pendingBits !== 0) this.bits(0, 1);
  }

  /** rbsp_trailing_bits(): a stop bit then zero alignment. */
  trailingBits(): void {
    this.bits(1, 1);
    this.alignWithZeros();
  }

  /** Raw bytes; only valid on a byte boundary. */
  bytes(data: Uint8Array): void {
    if (!this.isAligned()) throw new Error('BitWriter.bytes needs a byte-aligned position');
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  finish(): Uint8Array {
    if (!this.isAligned()) throw new Error('BitWriter.finish needs a byte-aligned position');
    return this.buffer.subarray(0, this.length);
  }

  private pushByte(byte: number): void {
    this.reserve(1);
    this.buffer[this.length++] = byte;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/**
 * Wraps an RBSP into a NAL unit, inserting emulation_prevention_three_byte (0x03) wherever
 * two zero bytes would be followed by a byte <= 3, so the payload can never look like a
 * start code.
 */
function nalUnit(nalRefIdc: number, nalUnitType: number, rbsp: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + rbsp.length + Math.ceil(rbsp.length / 2));
  out[0] = (nalRefIdc << 5) | nalUnitType;
  let length = 1;
  let zeroRun = 0;
  for (let i = 0; i < rbsp.length; i++) {
    const byte = rbsp[i] ?? 0;
    if (zeroRun >= 2 && byte <= 3) {
      out[length++] = 3;
      zeroRun = 0;
    }
    out[length++] = byte;
    zeroRun = byte === 0 ? zeroRun + 1 : 0;
  }
  return out.subarray(0, length);
}

const NAL_IDR_SLICE = 5;
const NAL_SPS = 7;
const NAL_PPS = 8;

/**
 * Levels (Table A-1): [level_idc, MaxMBPS, MaxFS, MaxBR in kbit/s]. I_PCM needs a high bit rate,
 * so the bit rate, not the picture size, usually decides the level.
 */
const LEVELS: ReadonlyArray<readonly [number, number, number, number]> = [
  [10, 1_485, 99, 64],
  [11, 3_000, 396, 192],
  [12, 6_000, 396, 384],
  [13, 11_880, 396, 768],
  [20, 11_880, 396, 2_000],
  [21, 19_800, 792, 4_000],
  [22, 20_250, 1_620, 4_000],
  [30, 40_500, 1_620, 10_000],
  [31, 108_000, 3_600, 14_000],
  [32, 216_000, 5_120, 20_000],
  [40, 245_760, 8_192, 20_000],
  [41, 245_760, 8_192, 50_000],
  [42, 522_240, 8_704, 50_000],
  [50, 589_824, 22_080, 135_000],
  [51, 983_040, 36_864, 240_000],
  [52, 2_073_600, 36_864, 240_000],
];

/** The lowest level whose limits cover the picture size, macroblock rate and PCM bit rate. */
function pickLevel(mbsWide: number, mbsHigh: number, framesPerSecond: number): number {
  const frameMbs = mbsWide * mbsHigh;
  const kbitPerSecond = (frameMbs * (PCM_BYTES_PER_MB + 2) * 8 * framesPerSecond) / 1000;
  for (const [levelIdc, maxMbps, maxFs, maxBr] of LEVELS) {
    const maxSide = Math.sqrt(8 * maxFs); // A.3.1: each dimension <= sqrt(8 * MaxFS) macroblocks
    if (
      frameMbs <= maxFs &&
      mbsWide <= maxSide &&
      mbsHigh <= maxSide &&
      frameMbs * framesPerSecond <= maxMbps &&
      kbitPerSecond <= maxBr
    ) {
      return levelIdc;
    }
  }
  return 52; // beyond every limit: still decodable, just not strictly conformant
}

/** Sequence parameter set (7.3.2.1.1) for a progressive Baseline stream. */
function buildSps(mbsWide: number, mbsHigh: number, levelIdc: number): Uint8Array {
  const w = new BitWriter();
  w.bits(PROFILE_IDC, 8);
  w.bits(CONSTRAINT_FLAGS, 8); // constraint_set0..5 flags + reserved_zero_2bits
  w.bits(levelIdc, 8);
  w.ue(0); // seq_parameter_set_id
  w.ue(FRAME_NUM_BITS - 4); // log2_max_frame_num_minus4
  w.ue(2); // pic_order_cnt_type 2: output order = decode order, no POC fields in slices
  w.ue(1); // max_num_ref_frames
  w.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
  w.ue(mbsWide - 1); // pic_width_in_mbs_minus1
  w.ue(mbsHigh - 1); // pic_height_in_map_units_minus1
  w.bits(1, 1); // frame_mbs_only_flag: progressive frames only
  w.bits(1, 1); // direct_8x8_inference_flag
  w.bits(0, 1); // frame_cropping_flag: sizes are multiples of 16
  w.bits(0, 1); // vui_parameters_present_flag: timing lives in the MP4
  w.trailingBits();
  return nalUnit(3, NAL_SPS, w.finish());
}

/** Picture parameter set (7.3.2.2): CAVLC, one slice group, deblocking controllable per slice. */
function buildPps(): Uint8Array {
  const w = new BitWriter();
  w.ue(0); // pic_parameter_set_id
  w.ue(0); // seq_parameter_set_id
  w.bits(0, 1); // entropy_coding_mode_flag: CAVLC (Baseline has no CABAC)
  w.bits(0, 1); // bottom_field_pic_order_in_frame_present_flag
  w.ue(0); // num_slice_groups_minus1
  w.ue(0); // num_ref_idx_l0_default_active_minus1
  w.ue(0); // num_ref_idx_l1_default_active_minus1
  w.bits(0, 1); // weighted_pred_flag
  w.bits(0, 2); // weighted_bipred_idc
  w.se(0); // pic_init_qp_minus26
  w.se(0); // pic_init_qs_minus26
  w.se(0); // chroma_qp_index_offset
  w.bits(1, 1); // deblocking_filter_control_present_flag
  w.bits(0, 1); // constrained_intra_pred_flag
  w.bits(0, 1); // redundant_pic_cnt_present_flag
  w.trailingBits();
  return nalUnit(3, NAL_PPS, w.finish());
}

/** One IDR picture as a single I slice of I_PCM macroblocks in raster order. */
function encodeIdrSlice(planes: Planes, frame: number, frameMbs: number, mbsWide: number): Uint8Array {
  const w = new BitWriter(frameMbs * (PCM_BYTES_PER_MB + 2) + 16);
  // slice_header (7.3.3)
  w.ue(0); // first_mb_in_slice
  w.ue(7); // slice_type 7: I, and every slice of the picture is I
  w.ue(0); // pic_parameter_set_id
  w.bits(0, FRAME_NUM_BITS); // frame_num: 0 for IDR pictures
  w.ue(frame % 2); // idr_pic_id: consecutive IDR pictures must differ
  w.bits(0, 1); // dec_ref_pic_marking: no_output_of_prior_pics_flag
  w.bits(0, 1); // dec_ref_pic_marking: long_term_reference_flag
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc 1: PCM samples are exact, nothing to smooth

  // slice_data (7.3.4): in I slices every macroblock is coded, no skip runs.
  const pcm = new Uint8Array(PCM_BYTES_PER_MB); // luma 16x16, then Cb 8x8, then Cr 8x8, each in raster order
  const { width } = planes;
  const chromaWidth = width / 2;
  for (let mb = 0; mb < frameMbs; mb++) {
    const x0 = (mb % mbsWide) * 16;
    const y0 = Math.floor(mb / mbsWide) * 16;
    let i = 0;
    for (let row = 0; row < 16; row++) {
      const start = (y0 + row) * width + x0;
      for (let col = 0; col < 16; col++) pcm[i++] = planes.y[start + col] ?? 0;
    }
    for (let row = 0; row < 8; row++) {
      const start = (y0 / 2 + row) * chromaWidth + x0 / 2;
      for (let col = 0; col < 8; col++) pcm[i++] = planes.cb[start + col] ?? 0;
    }
    for (let row = 0; row < 8; row++) {
      const start = (y0 / 2 + row) * chromaWidth + x0 / 2;
      for (let col = 0; col < 8; col++) pcm[i++] = planes.cr[start + col] ?? 0;
    }
    w.ue(MB_TYPE_I_PCM);
    w.alignWithZeros(); // pcm_alignment_zero_bit
    w.bytes(pcm); // pcm_sample_luma, pcm_sample_chroma
  }
  w.trailingBits(); // rbsp_slice_trailing_bits
  return nalUnit(3, NAL_IDR_SLICE, w.finish());
}

// ---------------------------------------------------------------------------------------------
// ISO BMFF boxes

interface TrackInfo {
  width: number;
  height: number;
  frames: number;
  frameDuration: number;
  sps: Uint8Array;
  pps: Uint8Array;
  level: number;
  sampleSizes: number[];
}

function u8(value: number): Buffer {
  return Buffer.from([value & 0xff]);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value & 0xffff);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

function zeros(count: number): Buffer {
  return Buffer.alloc(count);
}

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function box(type: string, ...payload: Uint8Array[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), ascii(type), body]);
}

/** A box with the version byte and 24-bit flags of ISO/IEC 14496-12 FullBox. */
function fullBox(type: string, version: number, flags: number, ...payload: Uint8Array[]): Buffer {
  return box(type, u32(((version & 0xff) << 24) | (flags & 0xffffff)), ...payload);
}

/** Identity transform (16.16 and 2.30 fixed point), used by mvhd and tkhd. */
const UNITY_MATRIX = Buffer.concat([0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map(u32));

function buildMoov(track: TrackInfo, chunkOffset: number): Buffer {
  const mediaDuration = track.frames * track.frameDuration;
  const movieDuration = Math.round((mediaDuration * MOVIE_TIMESCALE) / TIMESCALE);
  const fixedTimes = [u32(0), u32(0)]; // creation_time, modification_time: 0 for reproducible output

  const mvhd = fullBox('mvhd', 0, 0,
    ...fixedTimes, u32(MOVIE_TIMESCALE), u32(movieDuration),
    u32(0x00010000), // rate 1.0
    u16(0x0100), // volume 1.0
    zeros(10), UNITY_MATRIX, zeros(24), // reserved, matrix, pre_defined
    u32(2), // next_track_ID
  );
  const tkhd = fullBox('tkhd', 0, 0x3, // track_enabled | track_in_movie
    ...fixedTimes, u32(1), zeros(4), u32(movieDuration), // track_ID 1, reserved, duration
    zeros(8), u16(0), u16(0), u16(0), zeros(2), // reserved, layer, alternate_group, volume (video: 0), reserved
    UNITY_MATRIX, u32(track.width * 0x10000), u32(track.height * 0x10000),
  );
  const mdhd = fullBox('mdhd', 0, 0,
    ...fixedTimes, u32(TIMESCALE), u32(mediaDuration),
    u16(0x55c4), // language 'und' as three 5-bit letters
    u16(0),
  );
  const hdlr = fullBox('hdlr', 0, 0, u32(0), ascii('vide'), zeros(12), ascii('VideoHandler\0'));
  const vmhd = fullBox('vmhd', 0, 1, u16(0), zeros(6)); // graphicsmode copy, opcolor
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))); // flag 1: data is in this file

  const avcC = box('avcC',
    u8(1), // configurationVersion
    u8(PROFILE_IDC), u8(CONSTRAINT_FLAGS), u8(track.level),
    u8(0xfc | 3), // reserved 6 bits + lengthSizeMinusOne 3: 4-byte NAL lengths
    u8(0xe0 | 1), u16(track.sps.length), track.sps, // one SPS
    u8(1), u16(track.pps.length), track.pps, // one PPS
  );
  const compressorName = zeros(32);
  compressorName.write('\x0dPressroom PCM', 'latin1'); // Pascal string: length byte, then text
  const avc1 = box('avc1',
    zeros(6), u16(1), // reserved, data_reference_index
    zeros(16), // pre_defined, reserved, pre_defined[3]
    u16(track.width), u16(track.height),
    u32(0x00480000), u32(0x00480000), // 72 dpi
    u32(0), u16(1), // reserved, frame_count per sample
    compressorName,
    u16(0x0018), u16(0xffff), // depth 24, pre_defined -1
    avcC,
  );

  const stbl = box('stbl',
    fullBox('stsd', 0, 0, u32(1), avc1),
    fullBox('stts', 0, 0, u32(1), u32(track.frames), u32(track.frameDuration)),
    fullBox('stss', 0, 0, u32(track.frames), ...track.sampleSizes.map((_, i) => u32(i + 1))), // all IDR
    fullBox('stsc', 0, 0, u32(1), u32(1), u32(track.frames), u32(1)), // one chunk holds every sample
    fullBox('stsz', 0, 0, u32(0), u32(track.frames), ...track.sampleSizes.map(u32)),
    fullBox('stco', 0, 0, u32(1), u32(chunkOffset)),
  );
  const minf = box('minf', vmhd, dinf, stbl);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
  return box('moov', mvhd, trak);
}
