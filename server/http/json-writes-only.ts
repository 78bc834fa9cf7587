import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

/**
 * Writes to the JSON APIs must say `Content-Type: application/json`. A cross-site page cannot
 * send that without a CORS preflight (which we never grant), so an LTI session cookie that has
 * to be SameSite=None inside an LMS iframe cannot be ridden by a forged form post.
 */
export const jsonWritesOnly: RequestHandler = (req, _res, next) => {
  // The header itself, not req.is(): a write without a body (DELETE, confirm) must carry it too.
  const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || json) return next();
  next(new AppError('error:json-required', {}, 415));
};
