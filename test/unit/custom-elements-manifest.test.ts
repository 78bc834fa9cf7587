import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The parts of custom-elements.json (schema 2.x) this test reads. */
interface Documented {
  name: string;
  description?: string;
}
interface Declaration extends Documented {
  kind: string;
  tagName?: string;
  summary?: string;
  customElement?: boolean;
  superclass?: { name: string; module?: string };
  attributes?: Documented[];
  events?: Documented[];
  cssProperties?: Documented[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations?: Declaration[] }[];
}

const root = path.resolve(import.meta.dirname, '../..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Every `cadre-` event a source file fires through CadreElement.emit(). */
const emitted = (source: string): string[] => [...source.matchAll(/\bthis\.emit\(\s*'(cadre-[\w-]+)'/g)].map((m) => m[1]!);

describe('the custom-elements manifest generated from the components', () => {
  let manifest: Manifest;
  let out: string;
  beforeAll(async () => {
    // The same command as `npm run manifest`, written to a scratch folder (cem writes relative to its cwd).
    out = await mkdtemp(path.join(tmpdir(), 'cadre-cem-'));
    const cem = path.join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
    await promisify(execFile)(
      process.execPath,
      [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', path.relative(root, out), '--quiet'],
      { cwd: root },
    );
    manifest = JSON.parse(await readFile(path.join(out, 'custom-elements.json'), 'utf8')) as Manifest;
  }, 180_000);
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  const declarations = () => manifest.modules.flatMap((m) => (m.declarations ?? []).map((d) => ({ ...d, module: m.path })));

  it('documents every element the bundle defines, with a summary, its attributes and every event it fires', async () => {
    const defined = new Map<string, string>();
    for (const file of await sources('components')) {
      const source = await readFile(path.join(root, file), 'utf8');
      for (const m of source.matchAll(/customElements\.define\(\s*'([\w-]+)'\s*,\s*(\w+)/g)) defined.set(m[1]!, m[2]!);
      // Item renderers are defined by the renderer registry (components/items/registry.ts).
      for (const m of source.matchAll(/registerItemRenderer\(\{[^}]*tag:\s*'([\w-]+)',\s*element:\s*(\w+)/g)) defined.set(m[1]!, m[2]!);
    }
    expect(defined.size).toBeGreaterThanOrEqual(20);
    const all = declarations();
    const byName = new Map(all.map((d) => [d.name, d]));
    const problems: string[] = [];
    for (const [tag, className] of defined) {
      const element = all.find((d) => d.tagName === tag);
      if (!element) {
        problems.push(`${tag}: not in the manifest (a JSDoc @tagname on ${className}?)`);
        continue;
      }
      if (element.name !== className) problems.push(`${tag}: documented as ${element.name}, defined as ${className}`);
      if (!element.summary?.trim()) problems.push(`${tag}: no @summary`);
      if (!element.description?.trim()) problems.push(`${tag}: no description`);
      for (const a of element.attributes ?? []) if (!a.description?.trim()) problems.push(`${tag}: attribute ${a.name} has no description`);
      for (const e of element.events ?? []) {
        if (!e.name.startsWith('cadre-')) problems.push(`${tag}: event ${e.name} lacks the cadre- prefix`);
        if (!e.description?.trim()) problems.push(`${tag}: event ${e.name} has no description`);
      }
      // What the element and its base classes fire must be in its @fires.
      const documented = new Set((element.events ?? []).map((e) => e.name));
      for (let d: (typeof all)[number] | undefined = element; d; d = d.superclass ? byName.get(d.superclass.name) : undefined) {
        for (const event of emitted(await readFile(path.join(root, d.module), 'utf8'))) {
          if (!documented.has(event)) problems.push(`${tag}: fires ${event} (${d.module}) without @fires`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('says that every element takes the lang attribute and that the accent colour is themable', () => {
    const elements = declarations().filter((d) => d.tagName);
    for (const e of elements)
      expect(
        e.attributes?.map((a) => a.name),
        e.tagName,
      ).toContain('lang');
    const accent = elements.filter((e) => e.cssProperties?.some((p) => p.name === '--cadre-accent'));
    expect(accent.map((e) => e.tagName)).toEqual(expect.arrayContaining(['cadre-exam', 'cadre-booking', 'cadre-item-multiple-choice']));
  });
});
