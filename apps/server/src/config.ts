// Configuration from the environment, validated once at start. An invalid configuration prints
// every problem and exits rather than running half-configured.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  SESSION_SECRET: z
    .string()
    .min(32, { error: 'SESSION_SECRET must be at least 32 characters' })
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /**
   * How long an instance may answer from its in-memory copy of a session (0 = always read the
   * database). Changes made anywhere reach every instance at once through LISTEN/NOTIFY; this
   * only bounds staleness while the listening connection is down. See plugins/session-cache.ts.
   */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  COOKIE_SECURE: bool.default(false),
  WEB_DIST: z.string().optional(),
  /** base64 of 32 bytes: encrypts ID numbers and phones (AES-256-GCM). */
  PII_KEY: z.string().optional(),
  /** Earlier PII keys, comma-separated, still accepted for decryption during a key rotation. */
  PII_OLD_KEYS: z.string().optional(),
  /** base64 of 32 bytes: keys the blind index (HMAC-SM3); never rotated without a reindex. */
  PII_INDEX_KEY: z.string().optional(),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
});

export interface PiiKeys {
  current: Buffer;
  old: Buffer[];
  index: Buffer;
}

export type Config = z.infer<typeof envSchema> & {
  dataDir: string;
  sessionSecret: string;
  pii: PiiKeys;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  const dataDir = path.resolve(cfg.DATA_DIR);
  const problems: string[] = [];
  const key = (name: string, v: string | undefined): Buffer => {
    const buf = Buffer.from(
      v ?? localSecret(dataDir, name.toLowerCase().replaceAll('_', '-')),
      'base64',
    );
    if (buf.length !== 32) problems.push(`  - ${name}: must be base64 of exactly 32 bytes`);
    return buf;
  };
  const pii: PiiKeys = {
    current: key('PII_KEY', cfg.PII_KEY),
    old: (cfg.PII_OLD_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((k) => key('PII_OLD_KEYS', k)),
    index: key('PII_INDEX_KEY', cfg.PII_INDEX_KEY),
  };
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return {
    ...cfg,
    dataDir,
    sessionSecret: cfg.SESSION_SECRET ?? localSecret(dataDir, 'session-secret'),
    pii,
  };
}

export class ConfigError extends Error {}

/**
 * Without SESSION_SECRET / PII keys a single-node install keeps generated secrets beside its data.
 * Several instances sharing one database must all be given the same values.
 */
function localSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString(name === 'session-secret' ? 'base64url' : 'base64');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
