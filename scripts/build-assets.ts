// The last step of `npm run build`: precompresses dist/public once, so the server never
// compresses a static file per request, and writes the asset manifest (server/http/assets.ts):
//  - next to each file worth it (text, wasm, JSON; not source maps, not images), its brotli form
//    (`.br`; the best quality for files under 1 MB, a fast one for the 10 MB wasm runtimes, which
//    would take a minute each at the best) and its gzip form (`.gz`), each kept only when it
//    saves at least a tenth;
//  - asset-manifest.json: a version (the hash of every file's path and content) that the pages put
//    in the assets' URLs, each file's size (a download's progress, which the browser cannot tell
//    from a compressed response) and the list of precompressed files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ASSET_MANIFEST, type AssetManifest } from '../server/http/assets.js';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.json', '.wasm', '.tflite', '.svg', '.html', '.txt']);
const BEST_BROTLI_UP_TO = 1024 * 1024;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .filter((file) => file !== ASSET_MANIFEST && !file.endsWith('.br') && !file.endsWith('.gz'))
    .sort();
}

async function compress(source: Buffer): Promise<{ br: Buffer; gzip: Buffer }> {
  const quality = source.length <= BEST_BROTLI_UP_TO ? zlib.constants.BROTLI_MAX_QUALITY : 5;
  const [br, gz] = await Promise.all([
    brotli(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
    gzip(source, { level: 9 }),
  ]);
  return { br, gzip: gz };
}

export async function buildAssets(publicDir: string): Promise<AssetManifest> {
  const files = listFiles(publicDir);
  const version = createHash('sha256');
  const encoded: AssetManifest['encoded'] = {};
  const sources = files.map((file) => ({ file, full: path.join(publicDir, file), source: fs.readFileSync(path.join(publicDir, file)) }));
  for (const { file, source } of sources) version.update(`${file}\0`).update(createHash('sha256').update(source).digest());
  // zlib runs on libuv's thread pool: the files compress side by side.
  await Promise.all(
    sources
      .filter(({ file, source }) => COMPRESSIBLE.has(path.extname(file)) && source.length >= 1024)
      .map(async ({ file, full, source }) => {
        const forms = await compress(source);
        for (const [encoding, extension] of [
          ['br', '.br'],
          ['gzip', '.gz'],
        ] as const) {
          if (forms[encoding].length > 0.9 * source.length) continue;
          fs.writeFileSync(full + extension, forms[encoding]);
          (encoded[file] ??= []).push(encoding);
        }
      }),
  );
  const manifest: AssetManifest = {
    version: version.digest('hex').slice(0, 16),
    bytes: Object.fromEntries(sources.map(({ file, source }) => [file, source.length])),
    encoded: Object.fromEntries(Object.entries(encoded).sort()),
  };
  fs.writeFileSync(path.join(publicDir, ASSET_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const publicDir = path.resolve(process.argv[2] ?? 'dist/public');
  const manifest = await buildAssets(publicDir);
  const count = Object.keys(manifest.encoded).length;
  console.log(`assets: version ${manifest.version}; ${count} files precompressed (brotli, gzip)`);
}
