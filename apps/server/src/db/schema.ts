// Database schema (Drizzle). Migrations in apps/server/drizzle are generated from this file with
// `npm run db:generate -w @cwp/server` and committed; never edit a generated migration by hand.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const orgUnit = pgTable(
  'org_unit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    parentId: bigint('parent_id', { mode: 'number' }),
    level: text('level').notNull(),
    name: text('name').notNull(),
    divisionCode: text('division_code').notNull(),
    // Materialized path of ancestor ids including self, e.g. "1.5.23." — a subtree is
    // `path LIKE '1.5.%'`, served by the text_pattern_ops index.
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    residentPopulation: integer('resident_population'),
    households: integer('households'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('org_unit_path_idx').on(t.path.op('text_pattern_ops')),
    index('org_unit_parent_idx').on(t.parentId),
    index('org_unit_level_path_idx').on(t.level, t.path.op('text_pattern_ops')),
    uniqueIndex('org_unit_division_code_uq').on(t.divisionCode),
  ],
);

export const role = pgTable('role', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  builtin: boolean('builtin').notNull().default(false),
  permissions: text('permissions')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const appUser = pgTable(
  'app_user',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    workerId: bigint('worker_id', { mode: 'number' }),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    active: boolean('active').notNull().default(true),
    lastLoginAt: ts('last_login_at'),
    passwordChangedAt: ts('password_changed_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('app_user_username_uq').on(sql`lower(${t.username})`),
    index('app_user_org_idx').on(t.orgUnitId),
  ],
);

export const userRole = pgTable(
  'user_role',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    roleId: bigint('role_id', { mode: 'number' })
      .notNull()
      .references(() => role.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] })],
);

export const session = pgTable(
  'session',
  {
    // HMAC of the cookie token: a database reader cannot replay sessions.
    id: text('id').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('session_user_idx').on(t.userId), index('session_expires_idx').on(t.expiresAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    // Path of the org unit the change belongs to, so the audit page can be scoped like any list.
    orgPath: text('org_path'),
    changes: jsonb('changes'),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    // With the id last, a filter by entity or actor reads its newest entries in index order (the
    // list is newest first) instead of walking the whole trail backwards to find them.
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.id),
    index('audit_log_actor_idx').on(t.actorName, t.id),
    index('audit_log_action_idx').on(t.action, t.id),
    index('audit_log_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

export const dictionary = pgTable('dictionary', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  standard: text('standard'),
});

export const dictionaryItem = pgTable(
  'dictionary_item',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dictionaryCode: text('dictionary_code')
      .notNull()
      .references(() => dictionary.code),
    code: text('code').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('dictionary_item_uq').on(t.dictionaryCode, t.code)],
);

/** Background jobs, claimed with SELECT … FOR UPDATE SKIP LOCKED so any instance may run them. */
export const job = pgTable(
  'job',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    payload: jsonb('payload'),
    result: jsonb('result'),
    error: text('error'),
    createdBy: bigint('created_by', { mode: 'number' }),
    lockedBy: text('locked_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** Written by the running instance every few seconds; a stale one means its holder died. */
    heartbeatAt: ts('heartbeat_at'),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    index('job_status_idx').on(t.status, t.id),
    index('job_created_by_idx').on(t.createdBy, t.id),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Files belonging to a job (the uploaded spreadsheet, the error report). Kept in PostgreSQL so the
 * instance that runs the job can read what another instance received.
 */
export const jobFile = pgTable(
  'job_file',
  {
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => job.id, { onDelete: 'cascade' }),
    /** 'upload' or 'error_report'. */
    purpose: text('purpose').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.purpose] })],
);

/** Key/value facts about this installation (e.g. when demo data was seeded). */
export const systemSetting = pgTable('system_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Text compared byte-wise, so one btree index serves both `LIKE 'prefix%'` and ORDER BY. */
export const textC = customType<{ data: string }>({ dataType: () => 'text collate "C"' });

/**
 * The worker dossier. ID number and phone are stored encrypted (AES-256-GCM), found through a
 * keyed blind index (HMAC-SM3) and listed through a stored mask; the plaintext never reaches a
 * list. org_path copies the unit's path so roster queries scope with one index.
 */
export const worker = pgTable(
  'worker',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    ethnicity: text('ethnicity').notNull(),
    nativePlace: text('native_place'),
    politicalStatus: text('political_status').notNull(),
    partyJoinDate: date('party_join_date', { mode: 'string' }),
    educationFullTime: text('education_full_time'),
    educationInService: text('education_in_service'),
    /** The higher of the two education codes (lower GB/T 4658 code = higher level), for filters. */
    education: text('education'),
    degree: text('degree'),
    school: text('school'),
    major: text('major'),
    maritalStatus: text('marital_status'),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    address: text('address'),
    category: text('category').notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: textC('org_path').notNull(),
    post: text('post').notNull(),
    grade: integer('grade'),
    status: text('status').notNull(),
    workStartDate: date('work_start_date', { mode: 'string' }).notNull(),
    hireDate: date('hire_date', { mode: 'string' }).notNull(),
    probationEnd: date('probation_end', { mode: 'string' }),
    qualification: text('qualification'),
    certNumber: text('cert_number'),
    certDate: date('cert_date', { mode: 'string' }),
    /** The latest health check's date (care module, written with each check entered). */
    lastHealthCheck: date('last_health_check', { mode: 'string' }),
    /** What the next health check is counted from: the last check, else the hire date. */
    healthCheckBase: date('health_check_base', { mode: 'string' }).generatedAlwaysAs(
      sql`coalesce(last_health_check, hire_date)`,
    ),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    uniqueIndex('worker_id_number_hash_uq').on(t.idNumberHash),
    index('worker_phone_hash_idx').on(t.phoneHash),
    index('worker_org_path_id_idx').on(t.orgPath, t.id),
    index('worker_org_unit_idx').on(t.orgUnitId),
    // The roster's name order: pinyin (ICU's Chinese collation), with the id as the keyset tiebreak.
    index('worker_name_idx').on(sql`${t.name} collate "zh-x-icu"`, t.id),
    // The workers in post of a subtree as an index-only scan: partial on the statuses that
    // count, covering what the staffing headcount groups by (the unit), what the training
    // compliance report and charts read (id, post and category; the heap is ten times wider) and
    // what the care module's health-check due list counts from (one index fewer to write on
    // import than an index of its own).
    index('worker_headcount_idx')
      .on(t.orgPath, t.orgUnitId, t.id, t.post, t.category, t.healthCheckBase)
      .where(sql`${t.status} in ('active', 'probation')`),
    // The same workers in id order: a province's or city's training compliance report merge-joins
    // them to the per-worker yearly training totals (training_hours_total_cover_idx).
    index('worker_in_post_id_idx')
      .on(t.id, t.orgPath, t.orgUnitId, t.post, t.category)
      .where(sql`${t.status} in ('active', 'probation')`),
  ],
);

/** Effective-dated unit, post, grade and status records: "who was where on a date". */
export const workerHistory = pgTable(
  'worker_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).references(() => orgUnit.id),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    reason: text('reason'),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('worker_history_worker_idx').on(t.workerId, t.kind, t.effectiveFrom),
    // Only the unit records carry a unit (a quarter of the rows); the others stay out of it.
    index('worker_history_unit_idx')
      .on(t.orgUnitId, t.effectiveFrom)
      .where(sql`${t.orgUnitId} is not null`),
  ],
);

export const workerWorkHistory = pgTable(
  'worker_work_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    employer: text('employer').notNull(),
    position: text('position'),
  },
  (t) => [index('worker_work_history_worker_idx').on(t.workerId)],
);

export const workerFamily = pgTable(
  'worker_family',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    relation: text('relation').notNull(),
    name: text('name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    employer: text('employer'),
    politicalStatus: text('political_status'),
  },
  (t) => [index('worker_family_worker_idx').on(t.workerId)],
);

export const workerAttachment = pgTable(
  'worker_attachment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storagePath: text('storage_path').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('worker_attachment_worker_idx').on(t.workerId)],
);
