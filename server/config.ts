import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every setting is validated at start; an invalid one stops the
 * process with the full list of problems (see README, "Configuration").
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const splitList = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Names of address ranges Express's `trust proxy` knows. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce
      .number({ message: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://cadre.example.org' }).optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .refine((v) => /^(postgres|postgresql):\/\//.test(v) || /^sqlite:/.test(v), {
        message: 'must start with postgres:// (PostgreSQL) or sqlite: (a SQLite file); leave unset for ./data/cadre.sqlite',
      })
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    SMTP_URL: z
      .string()
      .refine((v) => /^smtps?:\/\//.test(v), { message: 'must start with smtp:// or smtps://' })
      .optional(),
    MAIL_FROM: z.string().min(3).default('Cadre <no-reply@cadre.localhost>'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
    LTI_AUTO_ACTIVATE: z.enum(['true', 'false']).default('false'),
    LTI_ACCEPT_NEW_DEPLOYMENTS: z.enum(['true', 'false']).default('false'),
    LTI_REGISTRATION_PRIVATE_ADDRESSES: z.enum(['true', 'false']).optional(),
    DEMO: z.enum(['true', 'false']).optional(),
    PROCTORING_RETENTION_DAYS: z.coerce.number().int('must be a whole number of days').min(1).max(3650).default(30),
    PROCTORING_AUTO_VALIDATE_UP_TO: z.enum(['none', 'low', 'medium', 'high']).default('low'),
    ISSUER_NAME: z.string().min(2).max(200).default('Cadre'),
    ISSUER_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
    ORAL_ROOM_OPENS_MINUTES_BEFORE: z.coerce.number().int('must be a whole number of minutes').min(0).max(120).default(10),
    ORAL_ROOM_ICE_SERVERS: z
      .string()
      .default('')
      .refine((v) => splitList(v).every((url) => /^(stun|stuns|turn|turns):[^\s]+$/.test(url)), {
        message: 'must be a comma-separated list of stun:, stuns:, turn: or turns: URLs',
      }),
    TRUST_PROXY: z
      .string()
      .default('')
      .refine((v) => v === '' || v === 'false' || /^\d{1,2}$/.test(v) || splitList(v).every((p) => PROXY_NAMES.has(p) || /^[\d.:a-f]+(\/\d{1,3})?$/i.test(p)), {
        message: `must be the proxy's addresses (comma-separated IPs or subnets, or ${[...PROXY_NAMES].join(', ')}), or the number of proxies in front of Cadre; leave unset when there is none`,
      }),
    ORAL_ROOM_TURN_USERNAME: z.string().min(1).optional(),
    ORAL_ROOM_TURN_CREDENTIAL: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    const turn = splitList(env.ORAL_ROOM_ICE_SERVERS).some((url) => url.startsWith('turn'));
    if (turn && (!env.ORAL_ROOM_TURN_USERNAME || !env.ORAL_ROOM_TURN_CREDENTIAL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ORAL_ROOM_TURN_CREDENTIAL'],
        message: 'a TURN server needs ORAL_ROOM_TURN_USERNAME and ORAL_ROOM_TURN_CREDENTIAL',
      });
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && !env.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required in production (the HTTPS address LMSs reach)' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Base URL the LMS and browsers reach; without a trailing slash. */
  publicUrl: string;
  /**
   * Who may say, in X-Forwarded-For/-Proto, who the client is: Express's `trust proxy` (the
   * proxies' addresses or subnets, or a number of hops); false: nobody, the TCP peer is the client.
   */
  trustProxy: false | string[] | number;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };
  logLevel: (typeof LOG_LEVELS)[number];
  mail: { smtpUrl: string | undefined; from: string; outboxDir: string };
  sessionSecret: string | undefined;
  jobs: { enabled: boolean; pollMs: number };
  lti: {
    /** A platform added by dynamic registration is active at once (else it waits for a Cadre admin). */
    autoActivate: boolean;
    /** Default for new platforms: accept a deployment_id never seen before on its first launch (recorded). */
    acceptNewDeployments: boolean;
    /** Dynamic registration may reach loopback, private and link-local addresses (an LMS on the same network; tests, the demo). */
    registrationPrivateAddresses: boolean;
  };
  /** The demo course (emulated LMS) at /demo: on unless production, or DEMO=false. */
  demo: boolean;
  proctoring: {
    /** Days after the results are released before snapshots, identity photos and events are deleted. */
    retentionDays: number;
    /** A finished sitting whose events are all at or below this severity is validated without review. */
    autoValidateUpTo: 'none' | 'low' | 'medium' | 'high';
    /** Snapshots, identity photos: a folder outside the web root. */
    blobDir: string;
  };
  /** The certifying centre as certificates name it; its signing key lives in DATA_DIR/keys. */
  issuer: { name: string; email: string | undefined; keyDir: string };
  oralRoom: {
    /** The waiting room opens this many minutes before the booked time. */
    opensMinutesBefore: number;
    /** Handed to both browsers' RTCPeerConnection; empty: host candidates only (same network, loopback). */
    iceServers: IceServer[];
  };
}

/** An RTCIceServer as the browsers take it (the TURN credentials go to the two participants only). */
export interface IceServer {
  urls: string;
  username?: string;
  credential?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'environment';
        const given = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
        return `${name}${given === undefined ? '' : ` (${JSON.stringify(given)})`}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const database: Config['database'] =
    e.DATABASE_URL && !e.DATABASE_URL.startsWith('sqlite:')
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'sqlite', file: e.DATABASE_URL ? path.resolve(e.DATABASE_URL.slice('sqlite:'.length)) : path.join(dataDir, 'cadre.sqlite') };
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    trustProxy: e.TRUST_PROXY === '' || e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : splitList(e.TRUST_PROXY),
    dataDir,
    database,
    logLevel: e.LOG_LEVEL,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, outboxDir: path.join(dataDir, 'mail') },
    sessionSecret: e.SESSION_SECRET,
    jobs: { enabled: e.JOBS_ENABLED === 'true', pollMs: e.JOBS_POLL_MS },
    lti: {
      autoActivate: e.LTI_AUTO_ACTIVATE === 'true',
      acceptNewDeployments: e.LTI_ACCEPT_NEW_DEPLOYMENTS === 'true',
      registrationPrivateAddresses: e.LTI_REGISTRATION_PRIVATE_ADDRESSES ? e.LTI_REGISTRATION_PRIVATE_ADDRESSES === 'true' : e.NODE_ENV !== 'production',
    },
    demo: e.DEMO ? e.DEMO === 'true' : e.NODE_ENV !== 'production',
    proctoring: { retentionDays: e.PROCTORING_RETENTION_DAYS, autoValidateUpTo: e.PROCTORING_AUTO_VALIDATE_UP_TO, blobDir: path.join(dataDir, 'blobs') },
    issuer: { name: e.ISSUER_NAME, email: e.ISSUER_EMAIL, keyDir: path.join(dataDir, 'keys') },
    oralRoom: {
      opensMinutesBefore: e.ORAL_ROOM_OPENS_MINUTES_BEFORE,
      iceServers: splitList(e.ORAL_ROOM_ICE_SERVERS).map((urls) =>
        urls.startsWith('turn') ? { urls, username: e.ORAL_ROOM_TURN_USERNAME!, credential: e.ORAL_ROOM_TURN_CREDENTIAL! } : { urls },
      ),
    },
  };
}
