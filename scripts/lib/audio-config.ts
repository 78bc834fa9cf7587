import { createHash } from 'node:crypto';

/** Synthesis settings shared by scripts/bank-audio.ts and the bank checker (to spot stale audio). */
export const VOICES = {
  female: { engine: 'festival', voice: 'cmu_us_slt_arctic_hts' },
  male: { engine: 'flite', voice: 'rms' },
} as const;
export const PAUSE_BETWEEN_TURNS = 0.45; // seconds
export const LEAD_IN = 0.3;
export const ENCODING = ['-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '24k'];

/** A short hash of what an audio file is made from: voices, pauses, encoding and the transcript. */
export function audioSourceHash(transcript: unknown): string {
  return createHash('sha1').update(JSON.stringify({ VOICES, PAUSE_BETWEEN_TURNS, ENCODING, transcript })).digest('hex').slice(0, 16);
}
