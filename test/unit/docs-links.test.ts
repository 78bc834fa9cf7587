import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.js';

/** README and every Markdown file under docs/. */
function documents(): string[] {
  const found = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(projectRoot, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) found.push(rel);
    }
  };
  walk('docs');
  return found;
}

/** The text a reader sees as prose: fenced blocks and inline code hold no links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline `[text](target "title")` and reference definitions `[id]: target`. */
function targets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** The anchors GitHub gives a document's headings (lower case, punctuation dropped, spaces to dashes, -1… for repeats). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

// A link in the docs that leads nowhere is a step an administrator cannot follow.
describe('links in README and docs/', () => {
  it('every relative link leads to a file of the repository, and to a heading of it when it names one', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const doc of documents()) {
      const source = readFileSync(path.join(projectRoot, doc), 'utf8');
      for (const target of targets(source)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:… (not checked offline)
        checked++;
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const resolved = file ? path.join(path.dirname(path.join(projectRoot, doc)), decodeURIComponent(file)) : path.join(projectRoot, doc);
        if (!existsSync(resolved)) {
          broken.push(`${doc}: ${target} (no such file)`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())) {
          broken.push(`${doc}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('finds links and heading anchors as GitHub does', () => {
    expect(targets('See [guide](install/moodle.md#trying-cadre) and `[not](a.md)`, [site](https://x.org).\n[ref]: ../README.md')).toEqual([
      'install/moodle.md#trying-cadre',
      'https://x.org',
      '../README.md',
    ]);
    expect([...anchors('# Installing Cadre in Moodle (4.1 and later, 5.x)\n## Fault campaign\n## Fault campaign\n```\n# not a heading\n```')]).toEqual([
      'installing-cadre-in-moodle-41-and-later-5x',
      'fault-campaign',
      'fault-campaign-1',
    ]);
  });
});
