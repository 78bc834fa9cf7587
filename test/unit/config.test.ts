import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('runs with nothing set: port 3000, SQLite in ./data, mail to files', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({ kind: 'sqlite', file: path.resolve('data', 'cadre.sqlite') });
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.mail.outboxDir).toBe(path.resolve('data', 'mail'));
  });

  it('moves to PostgreSQL when DATABASE_URL is a postgres URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://cadre@db.internal:5432/cadre', DATABASE_POOL_SIZE: '20' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://cadre@db.internal:5432/cadre', poolSize: 20 });
  });

  it('trusts X-Forwarded-For from nobody unless TRUST_PROXY names the proxy (addresses, subnets, range names or a hop count)', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(problemsOf({ TRUST_PROXY: 'true' }).join('\n')).toMatch(/TRUST_PROXY \("true"\): must be the proxy's addresses/);
  });

  it('lists every invalid setting at once, naming each one and what was given', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', SMTP_URL: 'http://mail' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT \("abc"\): must be a port number/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL \("mysql:\/\/x"\): must start with postgres:\/\//);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL \("loud"\)/);
    expect(problems.join('\n')).toMatch(/SMTP_URL \("http:\/\/mail"\): must start with smtp:\/\//);
  });

  it('asks for a public URL and a session secret in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      expect.stringMatching(/^SESSION_SECRET: is required in production/),
      expect.stringMatching(/^PUBLIC_URL: is required in production/),
    ]);
  });

  it('strips a trailing slash from the public URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://cadre.example.org/' }).publicUrl).toBe('https://cadre.example.org');
  });

  it('gives the oral room its ICE servers, TURN with its credentials, and none by default (loopback, same network)', () => {
    expect(loadConfig({}).oralRoom).toEqual({ opensMinutesBefore: 10, iceServers: [] });
    const config = loadConfig({
      ORAL_ROOM_ICE_SERVERS: 'stun:stun.centre.example:3478, turns:turn.centre.example:5349',
      ORAL_ROOM_TURN_USERNAME: 'cadre',
      ORAL_ROOM_TURN_CREDENTIAL: 's3cret',
      ORAL_ROOM_OPENS_MINUTES_BEFORE: '15',
    });
    expect(config.oralRoom).toEqual({
      opensMinutesBefore: 15,
      iceServers: [{ urls: 'stun:stun.centre.example:3478' }, { urls: 'turns:turn.centre.example:5349', username: 'cadre', credential: 's3cret' }],
    });
    expect(problemsOf({ ORAL_ROOM_ICE_SERVERS: 'https://turn.example' })).toEqual([
      expect.stringMatching(/^ORAL_ROOM_ICE_SERVERS \("https:\/\/turn.example"\): must be a comma-separated list/),
    ]);
    expect(problemsOf({ ORAL_ROOM_ICE_SERVERS: 'turn:turn.example' })).toEqual([expect.stringMatching(/^ORAL_ROOM_TURN_CREDENTIAL: a TURN server needs/)]);
  });
});
