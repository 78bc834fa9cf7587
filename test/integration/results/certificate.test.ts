import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compactVerify, createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusBit } from '../../../server/domain/results/credential.js';
import type { FinalGrades, PendingGrades } from '../../../server/domain/results/types.js';
import type { MailMessage } from '../../../server/mail/mailer.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { asPrincipal, assessor, candidate, centreAdmin, headerPrincipal, instructor } from '../../support/principal.js';
import { openInput, oralGrade } from '../../support/results.js';

const json = { accept: 'application/json' };

/** One byte of the JWT's payload changed, the base64url still well-formed. */
function alterOneByte(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const payload = Buffer.from(p, 'base64url');
  const text = payload.toString('utf8');
  const at = text.indexOf('"value":"B2"') + '"value":"'.length;
  payload[at] = 'C'.charCodeAt(0); // B2 → C2
  return `${h}.${payload.toString('base64url')}.${s}`;
}

function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync('/tmp/cadre-pdf-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('results, certificate and verification over HTTP', () => {
  let cadre: RunningCadre;
  const mails: MailMessage[] = [];
  const passed: (FinalGrades | PendingGrades)[] = [];
  let resultId: string;
  let certificateId: string;
  const config = testConfig({ ISSUER_NAME: 'Centre de langues de Lyon', JOBS_ENABLED: 'false' });

  beforeAll(async () => {
    cadre = await startCadre(config, {
      principal: headerPrincipal,
      mailer: { send: async (m) => (mails.push(m), { messageId: `m${mails.length}` }) },
      passback: async (grades) => void passed.push(grades),
    });
    const { id: _id, ...input } = openInput({ sittingId: 'sitting-http-1', userId: 'cand-1' });
    const opened = await cadre.results.open(input);
    expect(opened.state).toBe('awaiting-oral');
    const released = await cadre.results.recordOral(opened.id, oralGrade('B2', { fluency: 'C1' }));
    expect(released.state).toBe('released');
    resultId = released.id;
    certificateId = (await cadre.results.certificateForResult(resultId))!.id;
    while (await cadre.worker.runOnce());
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('keeps the signing key in DATA_DIR/keys, readable by the owner only, and publishes its public half', async () => {
    const file = path.join(config.dataDir, 'keys', 'issuer-ed25519.jwk.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const jwks = (await (await fetch(`${cadre.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('tells the gradebook "Pending" when the result opens, then releases the result to it, and tells the candidate and the instructor', async () => {
    expect(passed).toEqual([
      { activityId: 'activity-1', userId: 'cand-1', outcome: 'pending', oralRequired: true },
      {
        activityId: 'activity-1',
        userId: 'cand-1',
        outcome: 'validated',
        levels: { overall: 'B2', vocabulary: 'B2', grammar: 'B2', expressions: 'C1', reading: 'B1', listening: 'B2', oral: 'B2' },
        comment: null,
      },
    ]);
    expect(mails.map((m) => m.to).sort()).toEqual(['camille@example.org', 'dleroy@example.org']);
    const toCandidate = mails.find((m) => m.to === 'camille@example.org')!;
    expect(toCandidate.subject).toBe('Vos résultats de certification — Certification anglais');
    expect(toCandidate.text).toContain('Niveau global : B2 (objectif B2 : atteint).');
    expect(toCandidate.text).toContain(`/verify/${certificateId}`);
    const toInstructor = mails.find((m) => m.to === 'dleroy@example.org')!;
    expect(toInstructor.text).toContain('The results of Camille Martin for Certification anglais have been released.');
    expect(toInstructor.text).not.toContain('/verify/');
  });

  it('links the result sheet in the e-mail with a signed link that opens from a mail client (no session), and only that sheet', async () => {
    const toCandidate = mails.find((m) => m.to === 'camille@example.org')!;
    const link = new URL(toCandidate.text.match(/https?:\/\/\S+\/results\/\S+/)![0]);
    expect(link.searchParams.get('sig')).toBeTruthy();
    const at = (p: string) => fetch(`${cadre.url}${p}`, { headers: json });
    const page = await fetch(`${cadre.url}${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    const src = (await page.text()).match(/src="(\/api\/results\/[^"]+)"/)![1]!.replaceAll('&amp;', '&');
    const sheet = (await (await at(src)).json()) as { overall: string; pdfUrl: string };
    expect(sheet.overall).toBe('B2');
    const pdf = await at(sheet.pdfUrl);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    // Without the signature, with a changed one, or for another result: refused.
    expect((await at(link.pathname)).status).toBe(401);
    const forged = new URL(link);
    forged.searchParams.set('sig', `${link.searchParams.get('sig')!.slice(0, -2)}AA`);
    expect((await at(`${forged.pathname}${forged.search}`)).status).toBe(401);
    const { id: _id, ...other } = openInput({ sittingId: 'sitting-http-other', userId: 'cand-other' });
    const otherId = (await cadre.results.open(other)).id;
    expect((await at(`/api/results/${otherId}${link.search}`)).status).toBe(401);
  });

  it('verifies the issued certificate as valid, saying what it checked', async () => {
    const res = await fetch(`${cadre.url}/api/verify/${certificateId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      outcome: string;
      checks: { check: string; outcome: string }[];
      credential: { credentialSubject: { result: { value: string }[] } };
    };
    expect(body.outcome).toBe('valid');
    expect(body.checks).toEqual(['format', 'issuer-key', 'signature', 'issuer', 'status', 'expiry'].map((check) => ({ check, outcome: 'pass' })));
    expect(body.credential.credentialSubject.result[0]).toMatchObject({ value: 'B2' });

    const page = await (await fetch(`${cadre.url}/verify/${certificateId}?lang=fr`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Certificat valide');
    expect(page).toContain('Camille Martin');
    expect(page).toContain('Signature : signature Ed25519 de l&#39;attestation entière — <strong>réussi</strong>');
  });

  it('is an Open Badges 3.0 credential that anyone can check with the published key and status list', async () => {
    const jwt = await (await fetch(`${cadre.url}/certificates/${certificateId}`, { headers: { accept: 'application/vc+jwt' } })).text();
    const jwks = createLocalJWKSet((await (await fetch(`${cadre.url}/.well-known/jwks.json`)).json()) as never);
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, { algorithms: ['EdDSA'] });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { type: ['Profile'], name: 'Centre de langues de Lyon' },
      credentialSubject: { type: ['AchievementSubject'], achievement: { achievementType: 'Certificate', tag: ['CEFR', 'en', 'B2'] } },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
    });
    expect(payload.iss).toBe((payload.issuer as { id: string }).id);
    const profile = (await (await fetch(payload.iss!.replace(/^http:\/\/localhost:0/, cadre.url), { headers: json })).json()) as { name: string };
    expect(profile.name).toBe('Centre de langues de Lyon');

    const status = (payload as { credentialStatus: { statusListIndex: string } }).credentialStatus;
    const listJwt = await (await fetch(`${cadre.url}/certificates/status/1`)).text();
    const list = await compactVerify(listJwt, jwks);
    const encoded = JSON.parse(new TextDecoder().decode(list.payload)).credentialSubject.encodedList as string;
    expect(statusBit(encoded, Number(status.statusListIndex))).toBe(false);
  });

  it('reports a pasted certificate with one byte of its payload changed as tampered', async () => {
    const jwt = await (await fetch(`${cadre.url}/certificates/${certificateId}`, { headers: { accept: 'application/vc+jwt' } })).text();
    const original = (await (
      await fetch(`${cadre.url}/api/verify`, {
        method: 'POST',
        headers: { ...json, 'content-type': 'application/json' },
        body: JSON.stringify({ credential: jwt }),
      })
    ).json()) as { outcome: string };
    expect(original.outcome).toBe('valid');

    const forged = alterOneByte(jwt);
    expect(forged).not.toBe(jwt);
    const res = await fetch(`${cadre.url}/api/verify`, {
      method: 'POST',
      headers: { ...json, 'content-type': 'application/json' },
      body: JSON.stringify({ credential: forged }),
    });
    const body = (await res.json()) as { outcome: string; checks: { check: string; outcome: string }[]; credential: unknown };
    expect(body.outcome).toBe('tampered');
    expect(body.checks.find((c) => c.check === 'signature')).toEqual({ check: 'signature', outcome: 'fail' });
    expect(body.credential).toBeNull();

    const page = await (
      await fetch(`${cadre.url}/verify?lang=en`, {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ credential: forged }),
      })
    ).text();
    expect(page).toContain('Not authentic: this document is not the one the issuer signed');
  });

  it('gives the result sheet to the candidate, the course instructor and reviewers, and to nobody else', async () => {
    const mine = await fetch(`${cadre.url}/api/results/mine`, { headers: asPrincipal(candidate('cand-1')) });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      resultId,
      overall: 'B2',
      writtenOverall: 'B2',
      targetReached: true,
      oral: { level: 'B2' },
      certificate: { id: certificateId, revoked: false },
    });
    expect((await fetch(`${cadre.url}/api/results/${resultId}`, { headers: asPrincipal(instructor('course-1')) })).status).toBe(200);
    expect((await fetch(`${cadre.url}/api/results/${resultId}`, { headers: { ...json, ...asPrincipal(candidate('someone-else')) } })).status).toBe(403);
    expect((await fetch(`${cadre.url}/api/results/${resultId}`, { headers: { ...json, ...asPrincipal(instructor('other-course')) } })).status).toBe(403);
    expect((await fetch(`${cadre.url}/api/results/${resultId}`, { headers: json })).status).toBe(401);
  });

  it('produces the result sheet and the certificate as PDFs whose text carries the levels', async () => {
    const sheet = await fetch(`${cadre.url}/results/${resultId}/sheet.pdf?lang=fr`, { headers: asPrincipal(candidate('cand-1')) });
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await sheet.arrayBuffer()));
    expect(text).toContain('Relevé de résultats');
    expect(text).toContain('Camille Martin');
    expect(text).toMatch(/Vocabulaire\s+B2/);
    expect(text).toMatch(/Termes et expressions\s+C1/);
    expect(text).toMatch(/Compréhension écrite\s+B1/);
    expect(text).toMatch(/Aisance\s+C1/);
    expect(text).toContain('Objectif atteint');
    expect(text).toContain('sitting-http-1');

    const cert = await fetch(`${cadre.url}/certificates/${certificateId}/certificate.pdf?lang=en`);
    const certText = pdfText(Buffer.from(await cert.arrayBuffer()));
    expect(certText).toContain('has achieved level B2 of the CEFR in English');
    expect(certText).toContain(certificateId);
  });

  it('lets a centre admin revoke with a reason, audited, and verification then reports it revoked', async () => {
    const revoke = (who: Parameters<typeof asPrincipal>[0], reason: string) =>
      fetch(`${cadre.url}/api/certificates/${certificateId}/revoke`, {
        method: 'POST',
        headers: { ...json, 'content-type': 'application/json', ...asPrincipal(who) },
        body: JSON.stringify({ reason }),
      });
    expect((await revoke(candidate('cand-1'), 'I want to')).status).toBe(403);
    expect((await revoke(assessor, 'Not mine to do')).status).toBe(403);
    const done = await revoke(centreAdmin, 'Identity fraud established after release');
    expect(done.status).toBe(200);
    expect((await revoke(centreAdmin, 'Twice')).status).toBe(409);

    const audit = await cadre.storage.audit.listForSubject('certificate', certificateId);
    expect(audit.map((a) => a.action)).toEqual(['certificate.issue', 'certificate.revoke']);
    expect(audit[1]).toMatchObject({ actor: { kind: 'staff', id: 'admin-1' }, details: { reason: 'Identity fraud established after release' } });

    const body = (await (await fetch(`${cadre.url}/api/verify/${certificateId}`)).json()) as {
      outcome: string;
      revocation: { reason: string };
      checks: { check: string; outcome: string }[];
    };
    expect(body.outcome).toBe('revoked');
    expect(body.revocation.reason).toBe('Identity fraud established after release');
    expect(body.checks.find((c) => c.check === 'status')?.outcome).toBe('fail');
    expect(body.checks.find((c) => c.check === 'signature')?.outcome).toBe('pass');

    const listJwt = await (await fetch(`${cadre.url}/certificates/status/1`)).text();
    const list = JSON.parse(Buffer.from(listJwt.split('.')[1]!, 'base64url').toString('utf8'));
    const jwt = await (await fetch(`${cadre.url}/certificates/${certificateId}`, { headers: { accept: 'application/vc+jwt' } })).text();
    const index = Number(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')).credentialStatus.statusListIndex);
    expect(statusBit(list.credentialSubject.encodedList, index)).toBe(true);

    const page = await (await fetch(`${cadre.url}/verify/${certificateId}?lang=en`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Revoked certificate');
    expect(page).toContain('Reason: Identity fraud established after release');

    // Its PDF is no longer handed out as if it still held: a clear refusal that says why (issue 16).
    const pdf = await fetch(`${cadre.url}/certificates/${certificateId}/certificate.pdf?lang=en`, { headers: json });
    expect(pdf.status).toBe(410);
    expect(((await pdf.json()) as { error: { id: string; message: string } }).error).toMatchObject({
      id: 'certificate:revoked',
      message: expect.stringContaining('Identity fraud established after release'),
    });
    const pdfPage = await fetch(`${cadre.url}/certificates/${certificateId}/certificate.pdf?lang=en`, { headers: { accept: 'text/html' } });
    expect([pdfPage.status, pdfPage.headers.get('content-type')]).toEqual([410, expect.stringContaining('text/html')]);
    expect(await pdfPage.text()).toContain('This certificate was revoked on');
    // The result sheet's PDF says it too, instead of "a verifiable certificate has been issued".
    const sheet = pdfText(
      Buffer.from(await (await fetch(`${cadre.url}/results/${resultId}/sheet.pdf?lang=en`, { headers: asPrincipal(candidate('cand-1')) })).arrayBuffer()),
    );
    expect(sheet).toContain('This certificate has been revoked.');
    expect(sheet).not.toContain('A verifiable certificate has been issued');
  });

  it('prints no PDF sheet before the result is released', async () => {
    const { id: _id, ...input } = openInput({ sittingId: 'sitting-http-3', userId: 'cand-3' });
    const opened = await cadre.results.open(input);
    const res = await fetch(`${cadre.url}/results/${opened.id}/sheet.pdf`, { headers: { ...json, ...asPrincipal(candidate('cand-3')) } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('result:not-released');
  });

  it('releases an invalidated sitting with no level, no certificate, and says why', async () => {
    mails.length = 0;
    passed.length = 0;
    const { id: _id, ...input } = openInput({ sittingId: 'sitting-http-2', userId: 'cand-2', reviewNeeded: true });
    const opened = await cadre.results.open(input);
    await cadre.results.recordOral(opened.id, oralGrade('C1'));
    expect((await cadre.results.get(opened.id)).state).toBe('awaiting-review');
    const released = await cadre.results.decide(opened.id, {
      outcome: 'invalidated',
      reason: 'Another person answered the listening section',
      reviewerId: 'rev-1',
      decidedAt: new Date().toISOString(),
    });
    expect(released).toMatchObject({ state: 'released', levels: null });
    expect(await cadre.results.certificateForResult(opened.id)).toBeUndefined();
    expect(passed).toEqual([
      { activityId: 'activity-1', userId: 'cand-2', outcome: 'pending', oralRequired: true },
      { activityId: 'activity-1', userId: 'cand-2', outcome: 'invalidated', levels: {}, comment: 'Another person answered the listening section' },
    ]);
    while (await cadre.worker.runOnce());
    expect(mails.find((m) => m.to === 'camille@example.org')?.text).toContain('La session a été invalidée ; aucun niveau n’est attribué.'.replace('’', "'"));
    const sheet = (await (await fetch(`${cadre.url}/api/results/${opened.id}`, { headers: asPrincipal(candidate('cand-2')) })).json()) as Record<
      string,
      unknown
    >;
    expect(sheet).toMatchObject({
      released: true,
      invalidated: { reason: 'Another person answered the listening section' },
      overall: null,
      written: [],
      certificate: null,
    });
    // Its QR code leads to a verification of the sheet itself, which says it was invalidated.
    expect(sheet.verifyUrl).toMatch(new RegExp(`/verify/${opened.id}$`));
    expect((await fetch(`${cadre.url}/results/${opened.id}/sheet.pdf`, { headers: asPrincipal(candidate('cand-2')) })).status).toBe(200);
    expect(await (await fetch(`${cadre.url}/api/verify/${opened.id}`)).json()).toMatchObject({ kind: 'result-sheet', outcome: 'invalidated', overall: null });
    const unknown = await fetch(`${cadre.url}/api/verify/00000000-0000-0000-0000-000000000000`);
    expect(unknown.status).toBe(404);
  });
});
