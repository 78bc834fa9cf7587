import type { Request, RequestHandler } from 'express';
import type { Principal } from '../domain/principal.js';

export type { Principal };

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the authentication middleware (LTI or staff session); absent for anonymous requests. */
    principal?: Principal;
  }
}

/**
 * How requests get their principal. The lead wires this to the LTI launch session and the staff
 * session; tests pass their own (test/support/principals.ts). Without one, every request is anonymous.
 */
export type PrincipalResolver = (req: Request) => Principal | undefined | Promise<Principal | undefined>;

export function resolvePrincipal(resolver: PrincipalResolver | undefined): RequestHandler {
  return async (req, _res, next) => {
    try {
      const principal = resolver ? await resolver(req) : undefined;
      if (principal) req.principal = principal;
      next();
    } catch (error) {
      next(error);
    }
  };
}
