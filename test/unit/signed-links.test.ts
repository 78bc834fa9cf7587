import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { LinkSigner, SIGNED_LINK_DAYS } from '../../server/http/signed-links.js';

describe('LinkSigner: the signed, expiring links of e-mails', () => {
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const signer = new LinkSigner('a server secret of at least thirty-two characters', clock);

  it('opens what it was signed for until it expires, 60 days later', () => {
    const signature = signer.sign('result:r-1');
    expect(signer.verify('result:r-1', signature)).toBe(true);
    expect(signer.verify('result:r-2', signature)).toBe(false);
    clock.advance(SIGNED_LINK_DAYS * 86_400_000 - 1000);
    expect(signer.verify('result:r-1', signature)).toBe(true);
    clock.advance(2000);
    expect(signer.verify('result:r-1', signature)).toBe(false);
  });

  it('refuses a changed expiry, a changed signature, another secret and junk', () => {
    clock.set('2026-03-02T08:00:00Z');
    const { exp, sig } = signer.sign('result:r-1');
    expect(signer.verify('result:r-1', { exp: String(Number(exp) + 86_400), sig })).toBe(false);
    expect(signer.verify('result:r-1', { exp, sig: sig.replace(/.$/, sig.endsWith('A') ? 'B' : 'A') })).toBe(false);
    expect(new LinkSigner('another server secret, thirty-two characters or more', clock).verify('result:r-1', { exp, sig })).toBe(false);
    expect(signer.verify('result:r-1', {})).toBe(false);
    expect(signer.verify('result:r-1', { exp: ['1'], sig })).toBe(false);
    expect(signer.signUrl('https://cadre.example/results/r-1?lang=fr', 'result:r-1')).toMatch(
      /^https:\/\/cadre\.example\/results\/r-1\?lang=fr&exp=\d+&sig=[\w-]+$/,
    );
  });
});
