import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Files that must not sit in the database nor under the web root: identity photos, snapshots,
 * audio, PDFs. A folder under DATA_DIR by default; an S3-compatible store can implement the same
 * interface when Cadre is scaled out. Nothing here checks who may read a file: callers do.
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

/** A key that cannot climb out of its folder: path segments of letters, digits, dot, dash, underscore. */
export function blobKey(...segments: string[]): string {
  const key = segments.map((s) => s.replace(/[^a-z0-9._-]/gi, '_').replace(/^[._-]+/, 'x')).join('/');
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe blob key ${JSON.stringify(key)}`);
  return key;
}

export class FolderBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key) || key.split('/').some((s) => s === '..' || s === '.')) throw new Error(`unsafe blob key ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written whole then renamed: a reader never sees half a photo.
    const temp = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(temp, bytes, { mode: 0o600 });
    await fs.rename(temp, file);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await fs.readFile(this.file(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}
