import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { tempDir } from './config.js';

/** Namespaces each version's manifest uses, and the schema file (inside the package) declaring each. */
const IMPORTS = {
  '1.2': [
    ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd'],
  ],
  '2004': [
    ['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlseq_v1p3', 'adlseq_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlnav_v1p3', 'adlnav_v1p3.xsd'],
    ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd'],
  ],
} as const;

export function unzip(zip: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(zip);
}

export function manifestOf(zip: Uint8Array): string {
  const file = unzip(zip)['imsmanifest.xml'];
  if (!file) throw new Error('no imsmanifest.xml at the root of the package');
  return strFromU8(file);
}

/** The launch href of the SCO resource, as an LMS reads it from the manifest. */
export function launchHref(manifest: string): string {
  const resource = /<resource\b[^>]*adlcp:scorm[tT]ype="sco"[^>]*>/.exec(manifest)?.[0];
  const href = resource && /\bhref="([^"]+)"/.exec(resource)?.[1];
  if (!href) throw new Error('no SCO resource with an href in the manifest');
  return href;
}

/**
 * Unzips the package and validates its imsmanifest.xml with `xmllint --schema` against the ADL /
 * IMS schema files the package itself carries (a driver schema imports each namespace from them).
 */
export function xmllintPackage(zip: Uint8Array, version: '1.2' | '2004'): { valid: boolean; output: string; dir: string } {
  const dir = tempDir('cadre-scorm-');
  for (const [name, data] of Object.entries(unzip(zip))) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  const imports = IMPORTS[version].map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n');
  fs.writeFileSync(
    path.join(dir, 'validate-manifest.xsd'),
    `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:cadre:test:validate" elementFormDefault="qualified">\n${imports}\n</xs:schema>\n`,
  );
  try {
    const output = execFileSync('xmllint', ['--noout', '--nonet', '--schema', 'validate-manifest.xsd', 'imsmanifest.xml'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { valid: true, output, dir };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: string };
    if (e.code === 'ENOENT') throw new Error('xmllint not found: apt-get install libxml2-utils');
    return { valid: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}`, dir };
  }
}
