import { readFileSync } from 'node:fs';

/**
 * Duration in seconds of an MP3 (frames counted from their headers) or an Ogg Opus file (last granule
 * position minus pre-skip), read without ffprobe so the bank checker runs anywhere Node runs.
 * Returns undefined when the file is not a format we can read.
 */
export function audioDurationSeconds(path: string): number | undefined {
  const buf = readFileSync(path);
  if (buf.subarray(0, 4).toString('latin1') === 'OggS') return oggOpusDuration(buf);
  return mp3Duration(buf);
}

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

function mp3Duration(buf: Buffer): number | undefined {
  let pos = 0;
  if (buf.subarray(0, 3).toString('latin1') === 'ID3' && buf.length > 10) {
    const size = ((buf[6]! & 0x7f) << 21) | ((buf[7]! & 0x7f) << 14) | ((buf[8]! & 0x7f) << 7) | (buf[9]! & 0x7f);
    pos = 10 + size + ((buf[5]! & 0x10) !== 0 ? 10 : 0);
  }
  let seconds = 0;
  let frames = 0;
  while (pos + 4 <= buf.length) {
    const b1 = buf[pos + 1]!;
    const b2 = buf[pos + 2]!;
    if (buf[pos] !== 0xff || (b1 & 0xe0) !== 0xe0) {
      if (frames > 0) break; // trailing tag (ID3v1, APE) after the last frame
      pos++;
      continue;
    }
    const version = (b1 >> 3) & 0x03; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
    const layer = (b1 >> 1) & 0x03; // 1 = Layer III
    const bitrateIndex = b2 >> 4;
    const rateIndex = (b2 >> 2) & 0x03;
    const padding = (b2 >> 1) & 0x01;
    const rates = SAMPLE_RATES[version];
    if (layer !== 1 || !rates || rateIndex === 3 || bitrateIndex === 0 || bitrateIndex === 15) {
      if (frames > 0) break;
      pos++;
      continue;
    }
    const sampleRate = rates[rateIndex]!;
    const bitrate = (version === 3 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIndex]! * 1000;
    const samples = version === 3 ? 1152 : 576;
    const length = Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
    seconds += samples / sampleRate;
    frames++;
    pos += length;
  }
  return frames > 0 ? seconds : undefined;
}

function oggOpusDuration(buf: Buffer): number | undefined {
  const head = buf.indexOf('OpusHead', 0, 'latin1');
  const last = buf.lastIndexOf('OggS', buf.length - 1, 'latin1');
  if (head < 0 || last < 0 || last + 14 > buf.length) return undefined;
  const preSkip = buf.readUInt16LE(head + 10);
  const granule = Number(buf.readBigInt64LE(last + 6));
  return Math.max(0, granule - preSkip) / 48000;
}
