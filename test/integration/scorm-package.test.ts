import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_FILES } from '../../scorm/manifest.js';
import { runScormCli } from '../../scorm/cli.js';
import { launchHref, manifestOf, unzip, xmllintPackage } from '../support/scorm.js';
import { startScormCadre, type ScormCadre } from '../support/scorm-cadre.js';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/config.js';

const options = { version: '1.2' as const, label: 'Moodle', lmsOrigin: null, hashLearnerIds: false, scoreScale: 'cefr' as const };

describe('SCORM packages: what an LMS imports', () => {
  let cadre: ScormCadre;
  beforeAll(async () => {
    cadre = await startScormCadre();
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('SCORM 1.2: a manifest valid against the ADL schemas, one SCO, the target level as mastery score', async () => {
    const { zip, pkg } = await cadre.service.create('act-b1', options, { kind: 'cli' });
    const lint = xmllintPackage(zip, '1.2');
    expect(lint.valid, lint.output).toBe(true);
    const manifest = manifestOf(zip);
    expect(manifest).toContain('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"');
    expect(manifest).toContain('<schemaversion>1.2</schemaversion>');
    expect(manifest).toContain('adlcp:scormtype="sco"');
    expect(manifest).toContain('<adlcp:masteryscore>3</adlcp:masteryscore>');
    expect(manifest).toContain('<title>English certification — B1</title>');
    const files = unzip(zip);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['imsmanifest.xml', launchHref(manifest), 'launcher/launcher.js', 'launcher/package.js', ...SCHEMA_FILES['1.2']] as string[]),
    );
    const config = strFromU8(files['launcher/package.js']!);
    expect(config).toContain(`"cadreUrl": "${cadre.url}"`);
    expect(config).toContain(`"key": "${pkg.id}.`);
    expect(config).toContain('"version": "1.2"');
  });

  it('SCORM 1.2 on the 0–100 scale: the mastery score is the target level in percent', async () => {
    const { zip } = await cadre.service.create('act-b1', { ...options, scoreScale: 'percent' }, { kind: 'cli' });
    expect(xmllintPackage(zip, '1.2').valid).toBe(true);
    expect(manifestOf(zip)).toContain('<adlcp:masteryscore>50</adlcp:masteryscore>');
  });

  it('SCORM 2004 4th edition: valid with ADL CP, SEQ, NAV and IMS SS; a primary objective at the target level', async () => {
    const { zip } = await cadre.service.create('act-b2', { ...options, version: '2004' }, { kind: 'cli' });
    const lint = xmllintPackage(zip, '2004');
    expect(lint.valid, lint.output).toBe(true);
    const manifest = manifestOf(zip);
    expect(manifest).toContain('<schemaversion>2004 4th Edition</schemaversion>');
    expect(manifest).toContain('adlcp:scormType="sco"');
    expect(manifest).toMatch(
      /<imsss:primaryObjective objectiveID="cefr-B2" satisfiedByMeasure="true">\s*<imsss:minNormalizedMeasure>0.6666<\/imsss:minNormalizedMeasure>/,
    );
    expect(Object.keys(unzip(zip))).toEqual(expect.arrayContaining([...SCHEMA_FILES['2004']]));
  });

  it('a title with markup characters is escaped and the manifest stays valid', async () => {
    cadre.activities.put({ id: 'act-odd', title: 'Anglais <B1> & "oral" d\'été', language: 'en', targetLevel: 'B1', contextId: 'course-1' });
    const { zip } = await cadre.service.create('act-odd', options, { kind: 'cli' });
    expect(xmllintPackage(zip, '1.2').valid).toBe(true);
    expect(manifestOf(zip)).toContain('<title>Anglais &lt;B1&gt; &amp; &quot;oral&quot; d&apos;été</title>');
  });

  it('the validation is real: a manifest that breaks the ADL vocabulary fails', async () => {
    const { zip } = await cadre.service.create('act-b1', { ...options, version: '2004' }, { kind: 'cli' });
    const files = unzip(zip);
    const broken = strFromU8(files['imsmanifest.xml']!).replace('adlcp:scormType="sco"', 'adlcp:scormType="lesson"');
    const { zipSync, strToU8 } = await import('fflate');
    const lint = xmllintPackage(zipSync({ ...files, 'imsmanifest.xml': strToU8(broken) }), '2004');
    expect(lint.valid).toBe(false);
    expect(lint.output).toContain("The value 'lesson' is not an element of the set");
  });

  it('npm run scorm builds, lists and revokes packages', async () => {
    const out = path.join(tempDir(), 'pkg', 'cadre-2004.zip');
    const printed: string[] = [];
    const failed: string[] = [];
    const io = { service: cadre.service, print: (s: string) => printed.push(s), fail: (s: string) => failed.push(s) };
    expect(
      await runScormCli(['--activity', 'act-b2', '--version', '2004', '--out', out, '--lms-origin', 'https://moodle.example.org/course/view.php?id=3'], io),
    ).toBe(0);
    const zip = new Uint8Array(fs.readFileSync(out));
    expect(xmllintPackage(zip, '2004').valid).toBe(true);
    const id = /package (\S+) for activity act-b2/.exec(printed.join('\n'))![1]!;
    expect((await cadre.service.get(id)).lmsOrigin).toBe('https://moodle.example.org');

    expect(await runScormCli(['--list', '--activity', 'act-b2'], io)).toBe(0);
    expect(printed.at(-1)).toContain(`${id}  activity=act-b2  SCORM 2004  LMS  origin=https://moodle.example.org  active`);
    expect(await runScormCli(['--revoke', id], io)).toBe(0);
    expect(printed.at(-1)).toContain('revoked');

    expect(await runScormCli(['--activity', 'nope', '--out', out], io)).toBe(1);
    expect(failed.at(-1)).toBe('There is no certification activity “nope”.');
    expect(await runScormCli(['--activity', 'act-b1', '--version', '3', '--out', out], io)).toBe(2);
    expect(failed.at(-1)).toContain('--version must be 1.2 or 2004');
  });
});
