import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** The origins of the registered LMS platforms, kept current by the LTI layer. */
export interface FrameAncestors {
  list(): readonly string[];
}

export const noFrameAncestors: FrameAncestors = { list: () => [] };

/**
 * Helmet with a strict CSP. frame-ancestors names the registered LMSs so the tool can be embedded
 * in them and nowhere else (X-Frame-Options is off: it cannot list several origins). connect-src
 * 'self' also keeps third-party scripts from calling home.
 */
export function securityHeaders(frameAncestors: FrameAncestors): RequestHandler {
  return helmet({
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    // LMSs open Cadre in popups and iframes and expect postMessage back (dynamic registration's
    // org.imsglobal.lti.close): a same-origin opener policy would cut that link.
    crossOriginOpenerPolicy: false,
    // Referrers go to Cadre's own pages only: a same-origin form post then names its origin,
    // which the same-origin write check reads (no-referrer made browsers send `Origin: null`).
    referrerPolicy: { policy: 'same-origin' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", () => frameAncestors.list().join(' ')],
        frameAncestors: ["'self'", () => frameAncestors.list().join(' ')],
      },
    },
  });
}
