import { Router } from 'express';
import type { Storage } from '../storage/storage.js';

/** What /ready answers (200 when ready, 503 otherwise); cadre-service-status shows it. */
export interface Readiness {
  status: 'ready' | 'not-ready';
  database: { dialect: string; reachable: boolean; pendingMigrations: number };
}

/**
 * /health: the process answers (for a load balancer's liveness check).
 * /ready: the database is reachable and every migration is applied (for readiness checks).
 */
export function healthRoutes(storage: Storage): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const db = await storage.health();
    const ready = db.reachable && db.pendingMigrations === 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not-ready',
      database: { dialect: storage.dialect, reachable: db.reachable, pendingMigrations: db.pendingMigrations },
    } satisfies Readiness);
  });
  return router;
}
