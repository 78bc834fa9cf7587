import { inflateSync } from 'node:zlib';
import { AppError } from '../../errors.js';

/**
 * What the server can verify of a camera image by itself (issue 16): that it really decodes as
 * the PNG or JPEG it claims to be, its size, and that it is not blank (a single colour: a 1×1
 * pixel stretched, a covered camera, a drawn rectangle). Whether a face is in it stays the
 * browser detector's word, checked by a reviewer: no face model runs on the server.
 *
 * PNG is decoded fully (zlib, then the scanline filters). JPEG is decoded down to each 8×8
 * block's mean (the DC coefficients of the baseline Huffman stream): enough to prove the stream
 * is whole and to measure contrast, without an inverse DCT. Progressive, arithmetic-coded and
 * 12-bit JPEGs, interlaced PNGs and sub-byte PNG depths are refused: browsers' canvas encoders
 * produce none of them.
 */
export interface ImageCheck {
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** Standard deviation of the 8×8 block means' luma (0–255): 0 for a single colour. */
  contrast: number;
}

export interface ImageLimits {
  minWidth: number;
  minHeight: number;
}

/** Below this the image is one colour give or take sensor noise (a photo of a face is 30–60). */
export const MIN_CONTRAST = 3;
const MAX_SIDE = 4096;
const MAX_PNG_PIXELS = 2048 * 2048;

class Unreadable extends Error {}
const fail = (why: string): never => {
  throw new Unreadable(why);
};

/** Decodes and checks an image; throws an AppError a candidate can read when it will not do. */
export function checkImage(bytes: Uint8Array, limits: ImageLimits): ImageCheck {
  const contentType = imageType(bytes);
  if (!contentType) throw new AppError('proctoring:not-an-image', {}, 415);
  let decoded: { width: number; height: number; means: number[] };
  try {
    decoded = contentType === 'image/png' ? pngBlockMeans(bytes) : jpegBlockMeans(bytes);
  } catch (error) {
    if (error instanceof Unreadable) throw new AppError('proctoring:image-unreadable', {}, 422);
    throw error;
  }
  const { width, height } = decoded;
  if (width < limits.minWidth || height < limits.minHeight)
    throw new AppError('proctoring:image-too-small', { width, height, minWidth: limits.minWidth, minHeight: limits.minHeight }, 422);
  const contrast = standardDeviation(decoded.means);
  if (contrast < MIN_CONTRAST) throw new AppError('proctoring:image-blank', {}, 422);
  return { contentType, width, height, contrast: Math.round(contrast * 10) / 10 };
}

/** JPEG starts with FF D8 FF; PNG with 89 50 4E 47. Anything else is not an image we take. */
export function imageType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  return undefined;
}

function standardDeviation(values: number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

// --- PNG ------------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function pngBlockMeans(bytes: Uint8Array): { width: number; height: number; means: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) fail('signature');
  let pos = 8;
  let header: { width: number; height: number; depth: number; colorType: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  const data: Uint8Array[] = [];
  let ended = false;
  while (pos + 8 <= bytes.length && !ended) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    const start = pos + 8;
    if (start + length + 4 > bytes.length) fail('truncated chunk');
    const chunk = bytes.subarray(start, start + length);
    if (type === 'IHDR') {
      if (length !== 13) fail('IHDR');
      header = { width: view.getUint32(start), height: view.getUint32(start + 4), depth: chunk[8]!, colorType: chunk[9]!, interlace: chunk[12]! };
    } else if (type === 'PLTE') palette = chunk;
    else if (type === 'IDAT') data.push(chunk);
    else if (type === 'IEND') ended = true;
    pos = start + length + 4;
  }
  if (!header || !ended || data.length === 0) fail('missing IHDR, IDAT or IEND');
  const { width, height, depth, colorType, interlace } = header!;
  const channels = CHANNELS[colorType];
  if (!channels || (depth !== 8 && depth !== 16) || (colorType === 3 && (depth !== 8 || !palette)) || interlace !== 0) fail('unsupported PNG');
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PNG_PIXELS) fail('dimensions');
  const bpp = channels! * (depth / 8);
  const stride = width * bpp;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(data), { maxOutputLength: height * (stride + 1) + 1 });
  } catch {
    return fail('image data');
  }
  if (raw.length !== height * (stride + 1)) fail('image data length');

  const blocksX = Math.ceil(width / 8);
  const sums = new Float64Array(blocksX * Math.ceil(height / 8));
  const counts = new Uint32Array(sums.length);
  let previous = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const offset = y * (stride + 1);
    const filter = raw[offset]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[offset + 1 + x]!;
      const left = x >= bpp ? row[x - bpp]! : 0;
      const up = previous[x]!;
      const upLeft = x >= bpp ? previous[x - bpp]! : 0;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      else return fail('filter');
      row[x] = (value + predicted) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const p = x * bpp;
      const sample = (c: number) => row[p + c * (depth / 8)]!; // high byte of 16-bit samples
      let luma: number;
      if (colorType === 3) {
        const i = sample(0) * 3;
        luma = 0.299 * (palette![i] ?? 0) + 0.587 * (palette![i + 1] ?? 0) + 0.114 * (palette![i + 2] ?? 0);
      } else if (colorType === 0 || colorType === 4) luma = sample(0);
      else luma = 0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2);
      const block = (y >> 3) * blocksX + (x >> 3);
      sums[block]! += luma;
      counts[block]! += 1;
    }
    [previous, row] = [row, previous];
  }
  return { width, height, means: Array.from(sums, (s, i) => s / counts[i]!) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// --- JPEG (baseline, DC only) ---------------------------------------------------------------

interface Huffman {
  maxcode: Int32Array;
  mincode: Int32Array;
  valptr: Int32Array;
  values: Uint8Array;
}

function huffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxcode = new Int32Array(18).fill(-1);
  const mincode = new Int32Array(17);
  const valptr = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const n = counts[length - 1]!;
    valptr[length] = k;
    mincode[length] = code;
    code += n;
    k += n;
    if (n > 0) maxcode[length] = code - 1;
    code <<= 1;
  }
  if (k > values.length) fail('huffman table');
  return { maxcode, mincode, valptr, values };
}

class BitReader {
  private buffer = 0;
  private count = 0;
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  bit(): number {
    if (this.count === 0) {
      if (this.pos >= this.bytes.length) fail('truncated scan');
      const b = this.bytes[this.pos++]!;
      if (b === 0xff) {
        // A stuffed zero follows a data FF; any other byte is a marker in the middle of a block.
        if (this.bytes[this.pos] !== 0) fail('marker inside the scan');
        this.pos++;
      }
      this.buffer = b;
      this.count = 8;
    }
    this.count--;
    return (this.buffer >> this.count) & 1;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  decode(table: Huffman): number {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | this.bit();
      if (table.maxcode[length]! >= 0 && code <= table.maxcode[length]!) return table.values[table.valptr[length]! + code - table.mincode[length]!]!;
    }
    return fail('bad huffman code');
  }

  /** A restart marker: drop the bits left in the byte, then expect RSTn. */
  restart(): void {
    this.count = 0;
    const marker = this.bytes[this.pos + 1];
    if (this.bytes[this.pos] !== 0xff || marker === undefined || marker < 0xd0 || marker > 0xd7) fail('restart marker');
    this.pos += 2;
  }
}

const extend = (v: number, s: number) => (s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v);

function jpegBlockMeans(bytes: Uint8Array): { width: number; height: number; means: number[] } {
  const quant = new Map<number, number>(); // table id → its DC step
  const dcTables = new Map<number, Huffman>();
  const acTables = new Map<number, Huffman>();
  let frame: { width: number; height: number; components: { id: number; h: number; v: number; tq: number }[] } | undefined;
  let restartInterval = 0;
  let pos = 2;
  const u16 = (at: number) => {
    if (at + 1 >= bytes.length) fail('truncated');
    return (bytes[at]! << 8) | bytes[at + 1]!;
  };
  for (;;) {
    if (pos >= bytes.length) fail('no scan');
    if (bytes[pos] !== 0xff) fail('marker expected');
    while (bytes[pos] === 0xff) pos++;
    const marker = bytes[pos++]!;
    if (marker === 0xd9) fail('no scan');
    const length = u16(pos);
    const end = pos + length;
    if (length < 2 || end > bytes.length) fail('segment length');
    const seg = bytes.subarray(pos + 2, end);
    if (marker === 0xdb) {
      for (let i = 0; i < seg.length;) {
        const precision = seg[i]! >> 4;
        const id = seg[i]! & 15;
        quant.set(id, precision ? (seg[i + 1]! << 8) | seg[i + 2]! : seg[i + 1]!);
        i += 1 + 64 * (precision ? 2 : 1);
      }
    } else if (marker === 0xc4) {
      for (let i = 0; i < seg.length;) {
        const cls = seg[i]! >> 4;
        const id = seg[i]! & 15;
        const counts = seg.subarray(i + 1, i + 17);
        const total = counts.reduce((s, n) => s + n, 0);
        const table = huffman(counts, seg.subarray(i + 17, i + 17 + total));
        (cls === 0 ? dcTables : acTables).set(id, table);
        i += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (seg[0] !== 8) fail('precision');
      const height = u16(pos + 3);
      const width = u16(pos + 5);
      const n = seg[5]!;
      const components = Array.from({ length: n }, (_, c) => ({ id: seg[6 + c * 3]!, h: seg[7 + c * 3]! >> 4, v: seg[7 + c * 3]! & 15, tq: seg[8 + c * 3]! }));
      if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || n < 1 || components.some((c) => c.h < 1 || c.v < 1 || c.h > 4 || c.v > 4))
        fail('frame');
      frame = { width, height, components };
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      fail('not a baseline JPEG');
    } else if (marker === 0xdd) {
      restartInterval = u16(pos + 2);
    } else if (marker === 0xda) {
      if (!frame) fail('scan before frame');
      const scan = Array.from({ length: seg[0]! }, (_, c) => ({ id: seg[1 + c * 2]!, td: seg[2 + c * 2]! >> 4, ta: seg[2 + c * 2]! & 15 }));
      const luma = frame!.components[0]!;
      if (!scan.some((s) => s.id === luma.id)) fail('luma not in the first scan');
      const means = decodeScan(bytes, end, frame!, scan, { quant, dcTables, acTables, restartInterval });
      return { width: frame!.width, height: frame!.height, means };
    }
    pos = end;
  }
}

function decodeScan(
  bytes: Uint8Array,
  start: number,
  frame: { width: number; height: number; components: { id: number; h: number; v: number; tq: number }[] },
  scan: { id: number; td: number; ta: number }[],
  tables: { quant: Map<number, number>; dcTables: Map<number, Huffman>; acTables: Map<number, Huffman>; restartInterval: number },
): number[] {
  const hmax = Math.max(...frame.components.map((c) => c.h));
  const vmax = Math.max(...frame.components.map((c) => c.v));
  const parts = scan.map((s) => {
    const component = frame.components.find((c) => c.id === s.id);
    const dc = tables.dcTables.get(s.td);
    const ac = tables.acTables.get(s.ta);
    if (!component || !dc || !ac) return fail('scan tables');
    return { component, dc, ac, predictor: 0 };
  });
  const lumaId = frame.components[0]!.id;
  const step = tables.quant.get(frame.components[0]!.tq);
  if (step === undefined) fail('quantization table');
  const reader = new BitReader(bytes, start);
  const means: number[] = [];

  const block = (part: (typeof parts)[number]) => {
    const s = reader.decode(part.dc);
    if (s > 11) fail('DC size');
    part.predictor += extend(reader.bits(s), s);
    for (let k = 1; k < 64;) {
      const rs = reader.decode(part.ac);
      const run = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (run !== 15) break;
        k += 16;
      } else {
        k += run;
        reader.bits(size);
        k++;
      }
      if (k > 64) fail('AC run');
    }
    if (part.component.id === lumaId) means.push((part.predictor * step!) / 8 + 128);
  };

  const single = parts.length === 1;
  const c0 = parts[0]!.component;
  const mcusX = single ? Math.ceil(Math.ceil((frame.width * c0.h) / hmax) / 8) : Math.ceil(frame.width / (8 * hmax));
  const mcusY = single ? Math.ceil(Math.ceil((frame.height * c0.v) / vmax) / 8) : Math.ceil(frame.height / (8 * vmax));
  const total = mcusX * mcusY;
  for (let mcu = 0; mcu < total; mcu++) {
    if (tables.restartInterval > 0 && mcu > 0 && mcu % tables.restartInterval === 0) {
      reader.restart();
      for (const p of parts) p.predictor = 0;
    }
    for (const p of parts) {
      const blocks = single ? 1 : p.component.h * p.component.v;
      for (let b = 0; b < blocks; b++) block(p);
    }
  }
  // The file must go on to its end marker: a cut-off upload is not an image.
  for (let i = reader.pos; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return means;
  return fail('no end of image');
}
