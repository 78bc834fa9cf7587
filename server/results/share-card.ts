/**
 * The picture social networks show with a shared certificate link (og:image): a 1200×630 PNG
 * with "CEFR" and the overall level in large letters on the accent colour; grey with no level
 * for a certificate that is revoked (or does not verify). Drawn from a 5×7 pixel font and
 * written with node:zlib, so no image library is needed and nothing personal is on it.
 */
import { crc32, deflateSync } from 'node:zlib';

export const SHARE_CARD = { width: 1200, height: 630 } as const;

const GLYPHS: Record<string, string[]> = {
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '-': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
};

type Rgb = readonly [number, number, number];
const ACCENT: Rgb = [0x1d, 0x4f, 0x91];
const GREY: Rgb = [0x55, 0x55, 0x55];
const WHITE: Rgb = [0xff, 0xff, 0xff];

class Canvas {
  readonly pixels: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; i++) this.pixels.set(background, i * 3);
  }

  fill(x: number, y: number, w: number, h: number, colour: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++)
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) this.pixels.set(colour, (row * this.width + col) * 3);
  }

  /** Text centred on the canvas's width, its top at y, each font pixel `scale` pixels wide. */
  text(value: string, y: number, scale: number, colour: Rgb): void {
    const advance = 6 * scale;
    let x = Math.round((this.width - (value.length * advance - scale)) / 2);
    for (const ch of value) {
      const glyph = GLYPHS[ch] ?? GLYPHS['-']!;
      glyph.forEach((line, row) => [...line].forEach((dot, col) => dot === '#' && this.fill(x + col * scale, y + row * scale, scale, scale, colour)));
      x += advance;
    }
  }

  png(): Buffer {
    const stride = this.width * 3;
    const raw = Buffer.alloc((stride + 1) * this.height);
    for (let row = 0; row < this.height; row++) this.pixels.copy(raw, row * (stride + 1) + 1, row * stride, (row + 1) * stride);
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method choice, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The card of a certificate: its overall CEFR level when it verifies, none otherwise. */
export function shareCardPng(level: string | null): Buffer {
  const canvas = new Canvas(SHARE_CARD.width, SHARE_CARD.height, level ? ACCENT : GREY);
  canvas.fill(0, SHARE_CARD.height - 24, SHARE_CARD.width, 24, WHITE);
  canvas.text('CEFR', 90, 16, WHITE);
  canvas.text(level && /^[ABC][12]$/.test(level) ? level : '--', 250, 38, WHITE);
  return canvas.png();
}
