import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler, type Response } from 'express';
import { publicDir } from '../paths.js';

/**
 * The browser assets (dist/public: the component bundle, its lazy chunks, the face model, the
 * wasm runtime), served compressed and cached. `npm run build` ends with scripts/build-assets.ts,
 * which writes `ASSET_MANIFEST` (a version: the hash of every file) and, next to each file worth
 * it, its brotli (`.br`) and gzip (`.gz`) forms. Pages name the bundle under `/assets/v/<version>/`:
 * those URLs change whenever a file does, so browsers keep them a year without asking again
 * (`immutable`). The bundle finds the face model and wasm relative to its own URL, so they get the
 * same treatment. Plain `/assets/…` URLs (an LMS page embedding the bundle, older pages) are
 * revalidated on every use.
 */
export const ASSET_MANIFEST = 'asset-manifest.json';

export interface AssetManifest {
  /** Changes whenever any served file does. */
  version: string;
  /** Each file's size as served uncompressed (the browser shows download progress with it). */
  bytes: Record<string, number>;
  /** Files (relative, '/'-separated) that have precompressed forms, and which. */
  encoded: Record<string, ('br' | 'gzip')[]>;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
const EXTENSION = { br: '.br', gzip: '.gz' } as const;

export function readAssetManifest(dir: string): AssetManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, ASSET_MANIFEST), 'utf8')) as AssetManifest;
  } catch {
    return undefined; // not built yet (node tests run from sources): plain URLs, nothing precompressed
  }
}

const servedManifest = readAssetManifest(publicDir);

/** The URL pages use for a file of dist/public: versioned (cached for good) once built. */
export function assetUrl(file: string): string {
  return servedManifest ? `/assets/v/${servedManifest.version}/${file}` : `/assets/${file}`;
}

/** The best encoding the browser accepts among those a file has (brotli first), if any. */
export function pickEncoding(acceptEncoding: string | undefined, available: readonly ('br' | 'gzip')[] | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding || !available) return undefined;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  return available.find((encoding) => accepted.has(encoding) || accepted.has('*'));
}

/** Serves `dir` (dist/public by default) under /assets and /assets/v/<version>. */
export function assetRoutes(dir: string = publicDir): Router {
  const manifest = dir === publicDir ? servedManifest : readAssetManifest(dir);
  const router = Router();
  const serve = (cacheControl: string): RequestHandler => {
    const files = express.static(dir, {
      fallthrough: true,
      cacheControl: false,
      setHeaders: (res: Response) => {
        res.setHeader('Cache-Control', cacheControl);
        // A precompressed form: the type of the file it stands for, and its encoding.
        const encoded = res.locals.asset as { type: string; encoding: string } | undefined;
        if (encoded) {
          res.type(encoded.type);
          res.setHeader('Content-Encoding', encoded.encoding);
        }
      },
    });
    return (req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') {
        const [pathname = '', query] = req.url.split('?', 2) as [string, string | undefined];
        let file = '';
        try {
          file = decodeURIComponent(pathname).replace(/^\/+/, '');
        } catch {
          // a malformed URL: serve-static answers it
        }
        const available = manifest?.encoded[file];
        if (available) res.vary('Accept-Encoding');
        const encoding = pickEncoding(req.headers['accept-encoding'], available);
        if (encoding) {
          res.locals.asset = { type: path.extname(file), encoding };
          req.url = `${pathname}${EXTENSION[encoding]}${query === undefined ? '' : `?${query}`}`;
        }
      }
      files(req, res, next);
    };
  };
  const revalidated = serve(REVALIDATE);
  const immutable = serve(IMMUTABLE);
  router.use('/assets/v/:version', (req, res, next) => {
    // An older version (a page opened before a deploy) still gets today's files, revalidated.
    const handler = manifest && req.params.version === manifest.version ? immutable : revalidated;
    handler(req, res, next);
  });
  router.use('/assets', revalidated);
  return router;
}
