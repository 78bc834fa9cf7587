import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/paths.js';

/** The face fixtures copied into the project (see test/fixtures/faces/README.md). */
export const facesDir = path.join(projectRoot, 'test', 'fixtures', 'faces');
export type FaceFixture = 'astronaut' | 'two-faces' | 'coffee' | 'chelsea';

export function fixtureBase64(name: FaceFixture): string {
  return fs.readFileSync(path.join(facesDir, `${name}.png`)).toString('base64');
}

/**
 * A fake webcam stream for Chromium (--use-file-for-fake-video-capture): the still image as a
 * few seconds of 640×480 video (Chromium loops it), written into dir. Needs ffmpeg
 * (apt-get install ffmpeg; CI installs it).
 */
export function fakeCameraFile(name: FaceFixture, dir: string): string {
  const out = path.join(dir, `${name}.y4m`);
  if (fs.existsSync(out)) return out;
  try {
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      path.join(facesDir, `${name}.png`),
      '-t',
      '2',
      '-r',
      '10',
      '-vf',
      'scale=640:480,setsar=1',
      '-pix_fmt',
      'yuv420p',
      out,
    ]);
  } catch (error) {
    throw new Error(`ffmpeg could not make a fake camera stream (apt-get install -y ffmpeg): ${error instanceof Error ? error.message : String(error)}`);
  }
  return out;
}

/** Chromium flags that replace the camera and microphone with a file and grant permission without a prompt. */
export function fakeCameraArgs(y4m: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
    '--autoplay-policy=no-user-gesture-required',
  ];
}
