import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors.js';

/** The methods that change state: every one of them passes the same-origin check. */
export const STATE_CHANGING_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The only writes a page of another site may send to Cadre, each for a reason of its protocol.
 * Nothing else is exempt: a new route is checked without having to ask for it.
 */
export const CROSS_SITE_WRITES: readonly { path: string; reason: string }[] = [
  { path: '/lti/login', reason: 'LTI 1.3 OIDC third-party login: the LMS page posts (or redirects) the login initiation to the tool' },
  {
    path: '/lti/launch',
    reason: 'LTI 1.3 launch and deep linking request: the LMS auto-posts the id_token (form_post); the guard verifies its signature, nonce and state',
  },
  { path: '/scorm/launch', reason: "SCORM launcher SCO: runs on the LMS's origin and calls Cadre with CORS; it carries the package key, never a cookie" },
];

const exempt = new Set(CROSS_SITE_WRITES.map((w) => w.path));

function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * CSRF protection for every state-changing request (issue 16): a browser names the page a write
 * comes from (Origin, else Referer; and Sec-Fetch-Site), and that page must be Cadre's own, at
 * its public origin. A request that names no page at all is not a browser's (a server, a CLI, a
 * test client) and carries no ambient credential a forged page could use, so it passes on to the
 * routes' own authentication. Outside production the origin the request was addressed to (Host)
 * is accepted too, so that http://127.0.0.1:3000 works as well as http://localhost:3000.
 */
export function sameOriginWrites(options: { publicUrl: string; production: boolean }): RequestHandler {
  const publicOrigin = new URL(options.publicUrl).origin;
  const allowed = (req: Request, origin: string) =>
    origin === publicOrigin || (!options.production && req.headers.host !== undefined && origin === `${req.protocol}://${req.headers.host}`);
  return (req, _res, next) => {
    if (!STATE_CHANGING_METHODS.includes(req.method)) return next();
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    if (exempt.has(path)) return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin !== undefined ? (originOf(req.headers.origin) ?? 'null') : originOf(req.headers.referer);
    const crossSite = site === 'cross-site' || site === 'same-site';
    // A browser that says the page is Cadre's own (a header no page can set) is believed even
    // when it hides the origin: Chromium sends `Origin: null` on a form post from a page whose
    // referrer policy is no-referrer (the set-password page's).
    const sameOriginPage = site === 'same-origin' && req.headers.origin === 'null';
    if (crossSite || (origin !== undefined && !sameOriginPage && !allowed(req, origin))) {
      req.log.warn({ origin: origin ?? null, secFetchSite: site ?? null }, 'cross-site write refused');
      return next(new AppError('error:cross-site-request', {}, 403));
    }
    next();
  };
}
