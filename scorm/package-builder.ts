import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { LAUNCHER_FILES, manifestFor, SCHEMA_FILES } from './manifest.js';
import type { CefrLevel, ScoreScale, ScormVersion } from './scoring.js';

/** Source folder of the launcher and the schemas, from sources (tsx) and from dist/ alike. */
function scormSourceDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.join(here, '..', '..', 'scorm')]) {
    if (fs.existsSync(path.join(dir, 'launcher', 'launcher.js'))) return dir;
  }
  throw new Error(`scorm/launcher not found near ${here}`);
}

/** What the launcher reads from launcher/package.js. Nothing secret but the package key. */
export interface LauncherConfig {
  cadreUrl: string;
  key: string;
  version: ScormVersion;
  hashLearnerIds: boolean;
  /** Mixed into hashed learner ids so the same LMS id hashes differently for another LMS. */
  learnerIdSalt: string;
  locale: 'fr' | 'en';
}

export interface PackageContents {
  packageId: string;
  title: string;
  targetLevel: CefrLevel;
  scoreScale: ScoreScale;
  launcher: LauncherConfig;
}

/**
 * The package's files: imsmanifest.xml at the root, the launcher SCO under launcher/, and the
 * schema files the manifest references, beside it at the root.
 */
export function packageFiles(contents: PackageContents): Record<string, Uint8Array> {
  const source = scormSourceDir();
  const version = contents.launcher.version;
  const files: Record<string, Uint8Array> = {
    'imsmanifest.xml': strToU8(manifestFor(version, contents)),
  };
  for (const file of LAUNCHER_FILES) {
    if (file === 'launcher/package.js') continue;
    files[file] = fs.readFileSync(path.join(source, file));
  }
  files['launcher/package.js'] = strToU8(
    `/* Written by Cadre when the package was built. The key identifies this package to Cadre; revoking it there disables the package. */\nwindow.CADRE_PACKAGE = ${JSON.stringify(contents.launcher, null, 2)};\n`,
  );
  const schemaDir = path.join(source, 'schemas', version);
  for (const file of SCHEMA_FILES[version]) files[file] = fs.readFileSync(path.join(schemaDir, file));
  return files;
}

/** The zip an LMS imports (deflate; a fixed date so the same inputs give the same bytes). */
export function buildPackageZip(contents: PackageContents): Uint8Array {
  const files = packageFiles(contents);
  const mtime = new Date('2026-01-01T00:00:00Z');
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level: 6, mtime }]])));
}
