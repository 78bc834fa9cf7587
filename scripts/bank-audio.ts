/**
 * Generates the listening audio of a bank offline from the transcripts, with Debian speech synthesizers:
 *   female voice: festival + the HTS voice cmu_us_slt_arctic_hts (apt: festival festvox-us-slt-hts)
 *   male voice:   flite's cmu_us_rms voice (apt: flite)
 * Each turn is synthesised separately, turns are joined with short pauses, loudness-normalised and
 * encoded as MP3 (mono, 16 kHz, 24 kbit/s) with ffmpeg (apt: ffmpeg). Then each listening item's time
 * limit is set from the measured duration (audio twice + reading the task + answering).
 *
 *   npx tsx scripts/bank-audio.ts [bankDir] [--force] [--only en-lis-001,en-lis-002]
 *
 * audio/manifest.json records a hash of what each file was made from (voices + transcript), so only
 * new or changed transcripts are synthesised again; --force regenerates everything.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemFiles, orderKeys, writeItems } from './lib/bank-files.js';
import { audioDurationSeconds } from './lib/audio-duration.js';
import { listeningTimeLimit } from './lib/time-limits.js';
import { VOICES, PAUSE_BETWEEN_TURNS, LEAD_IN, ENCODING, audioSourceHash } from './lib/audio-config.js';

interface Turn {
  speaker: string;
  voice: 'female' | 'male';
  text: string;
}
interface ListeningItem {
  id: string;
  type: string;
  timeLimitSeconds: number;
  content: { audio: string; transcript: Turn[] } & Record<string, unknown>;
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : undefined;
const bankDir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only') ?? 'content/banks/en';
const audioDir = join(bankDir, 'audio');
const manifestPath = join(audioDir, 'manifest.json');
mkdirSync(audioDir, { recursive: true });
const manifest: Record<string, string> = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};

/** How the synthesizer should say things the transcript writes for readers. */
function spoken(text: string): string {
  return text
    .replace(/\b0\d[\d ]{6,}\d\b/g, (phone) =>
      phone
        .split(' ')
        .map((group) =>
          group
            .split('')
            .map((d) => (d === '0' ? 'oh' : d))
            .join(' '),
        )
        .join(', '),
    )
    .replace(/\bMs\b/g, 'Mizz')
    .replace(/\ba\.m\./g, 'A M')
    .replace(/\bp\.m\./g, 'P M')
    .replace(/\s–\s|\s—\s/g, ', ');
}

function synthesise(turn: Turn, wav: string, work: string): void {
  const txt = join(work, 'turn.txt');
  writeFileSync(txt, spoken(turn.text) + '\n');
  const v = VOICES[turn.voice];
  if (v.engine === 'festival') execFileSync('text2wave', ['-eval', `(voice_${v.voice})`, txt, '-o', wav], { stdio: 'pipe' });
  else execFileSync('flite', ['-voice', v.voice, '-f', txt, '-o', wav], { stdio: 'pipe' });
}

function render(item: ListeningItem, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'bank-audio-'));
  try {
    const wavs = item.content.transcript.map((turn, i) => {
      const wav = join(work, `turn-${i}.wav`);
      synthesise(turn, wav, work);
      return wav;
    });
    // Resample every turn to one format, pad each with a pause, concatenate, normalise loudness.
    const inputs = wavs.flatMap((w) => ['-i', w]);
    const chains = wavs.map(
      (_, i) => `[${i}:a]aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=${i === wavs.length - 1 ? 0.3 : PAUSE_BETWEEN_TURNS}[t${i}]`,
    );
    const concat =
      wavs.map((_, i) => `[t${i}]`).join('') + `concat=n=${wavs.length}:v=0:a=1,adelay=${LEAD_IN * 1000},loudnorm=I=-18:TP=-2:LRA=11,aresample=16000[out]`;
    execFileSync(
      'ffmpeg',
      ['-y', '-loglevel', 'error', ...inputs, '-filter_complex', [...chains, concat].join(';'), '-map', '[out]', ...ENCODING, '-map_metadata', '-1', out],
      { stdio: 'pipe' },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const sourceHash = (item: ListeningItem): string => audioSourceHash(item.content.transcript);

let made = 0;
let totalBytes = 0;
let totalSeconds = 0;
for (const file of itemFiles(bankDir)) {
  if (!Array.isArray(file.items)) continue;
  const items = file.items as ListeningItem[];
  if (!items.some((i) => i.type === 'listening')) continue;
  for (const item of items) {
    if (item.type !== 'listening') continue;
    const out = join(audioDir, item.content.audio);
    const hash = sourceHash(item);
    const selected = !only || only.has(item.id);
    if (selected && (force || !existsSync(out) || manifest[item.content.audio] !== hash)) {
      render(item, out);
      manifest[item.content.audio] = hash;
      made++;
      process.stdout.write(`${item.id} `);
    }
    if (!existsSync(out)) {
      console.warn(`${item.id}: ${out} missing (not selected), time limit left as is`);
      continue;
    }
    const seconds = audioDurationSeconds(out);
    if (seconds === undefined) throw new Error(`${out}: cannot read the duration`);
    item.timeLimitSeconds = listeningTimeLimit(item.content, seconds);
    totalSeconds += seconds;
    totalBytes += statSync(out).size;
  }
  writeItems(
    file.path,
    items.map((i) => orderKeys(i as unknown as Record<string, unknown>)),
  );
}
writeFileSync(manifestPath, JSON.stringify(Object.fromEntries(Object.entries(manifest).sort()), null, 2) + '\n');
console.log(`\n${made} file(s) synthesised; total ${(totalSeconds / 60).toFixed(1)} min of audio, ${(totalBytes / 1024 / 1024).toFixed(2)} MB`);
