import type { Express } from 'express';

interface Layer {
  rawPath?: string | RegExp | (string | RegExp)[];
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[]; name?: string };
  name?: string;
}

export interface ListedRoute {
  method: string;
  path: string;
}

/**
 * Every route of an express application, read from its router (and the routers mounted in it),
 * as METHOD + path. A mounted express *application* cannot be entered (express wraps it in a
 * closure): it is reported as `USE <mounted app>` so a test can fail on it rather than miss routes.
 */
export function listRoutes(app: Express): ListedRoute[] {
  const out: ListedRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) out.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      } else if (layer.name === 'mounted_app') {
        out.push({ method: 'USE', path: `${prefix} <mounted app>` });
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
