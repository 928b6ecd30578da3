// The audit page must name every action and entity type the server writes, in both languages: a
// government auditor reads the trail, not the code. This test reads the server's source, finds
// every `action:` and `entityType:` written to the trail and checks it against labels.ts, so a new
// action without a label fails here rather than showing up as a raw code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkBody,
  decideAssessmentEffectBody,
  decideLeaveBody,
  econAuditStatusBody,
  surveyStatusBody,
} from '@cwp/contracts';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { ACTION_LABELS, ENTITY_LABELS } from './labels';

const SERVER_SRC = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../server/src',
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = sourceFiles(SERVER_SRC).map((file) => ({
  name: path.relative(SERVER_SRC, file).split(path.sep).join('/'),
  text: readFileSync(file, 'utf8'),
}));

function sourceOf(name: string): string {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`apps/server/src/${name} is gone: update labels.test.ts`);
  return file.text;
}

const quoted = (text: string): string[] => [...text.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');

/** The decisions every approval subject receives (approvals/subjects.ts `Decision`). */
const DECISIONS = quoted(
  /export type Decision = ([^;]+);/.exec(sourceOf('modules/approvals/subjects.ts'))?.[1] ?? '',
);

/**
 * Codes the server builds at run time, by template, with the values the interpolation takes.
 * Where a request body supplies the value, the values come from its schema.
 */
const DYNAMIC: Readonly<Record<string, readonly string[]>> = {
  '`approval.${decision}`': DECISIONS,
  '`assessment_cycle.${decision}`': DECISIONS,
  '`grade_change.${decision}`': DECISIONS,
  '`grade_review.${decision}`': DECISIONS,
  '`nomination.${decision}`': DECISIONS,
  '`payroll_run.${decision}`': DECISIONS,
  '`recruitment_hire.${decision}`': DECISIONS,
  '`recruitment_plan.${decision}`': DECISIONS,
  '`rule_set.${decision}`': DECISIONS,
  '`training_plan.${decision}`': DECISIONS,
  '`worker_exit.${decision}`': DECISIONS,
  '`leave.${body.decision}`': decideLeaveBody.shape.decision.options,
  '`assessment_effect.${body.decision}`': decideAssessmentEffectBody.shape.decision.options,
  '`econ_audit.${body.status}`': econAuditStatusBody.shape.status.options,
  '`survey.${body.status}`': surveyStatusBody.shape.status.options,
  '`recruitment_application.${body.kind}`': checkBody.shape.kind.options,
  // The `action` that each act() step in complaints/service.ts returns.
  '`complaint.${e.action}`': ['accepted', 'rejected', 'replied', 'closed', 'note'],
  // replaceList's `kind` in workers/service.ts.
  '`worker.${kind}.replace`': ['work_history', 'family'],
};

/**
 * `action:` / `entityType:` values that are not a code: type annotations, schema columns, and
 * fields copied from an event built elsewhere (whose codes this scan finds where they are built).
 */
const NOT_A_CODE = new Set([
  'db/schema.ts: text(*)',
  'db/schema-disclosure.ts: text(*)',
  'lib/audit.ts: e.action',
  'lib/audit.ts: e.entityType',
  'lib/audit.ts: r.action',
  'modules/audit/routes.ts: r.action',
  'modules/audit/routes.ts: r.entityType',
  'modules/payroll/disclosure.ts: d.action',
  'modules/payroll/disclosure.ts: d.entityType',
  // complaint_event rows; the audit row is `complaint.${e.action}` above.
  'modules/complaints/service.ts: e.action',
  'modules/complaints/queries.ts: e.action',
  // insertContract's parameter: its callers pass the code (see contractCodes below).
  'modules/contracts/service.ts: audit',
]);

/** String constants of the server (`const PAY_AMOUNTS_VIEW = 'payroll.amounts.view'`). */
const CONSTANTS = new Map(
  files.flatMap((f) =>
    [...f.text.matchAll(/\bconst ([A-Z][A-Z0-9_]*)(?:\s*:[^=]+)?\s*=\s*'([^']*)'/g)].map(
      (m) => [m[1] ?? '', m[2] ?? ''] as const,
    ),
  ),
);

/** The codes contracts/service.ts hands to insertContract as its last argument. */
function contractCodes(): { calls: number; codes: string[] } {
  const calls = [
    ...sourceOf('modules/contracts/service.ts').matchAll(/\binsertContract\(([^;]*?)\);/g),
  ];
  const codes = calls.flatMap((m) => quoted(m[1] ?? '').slice(-1));
  return { calls: calls.length, codes };
}

const ACTION_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Every action code and entity type written to the trail, and any value the scan cannot read. */
function scanServer() {
  const actions = new Set<string>();
  const entityTypes = new Set<string>();
  const unexplained: string[] = [];
  for (const f of files) {
    for (const m of f.text.matchAll(/\b(action|entityType)\??:\s*(`[^`]*`|[^,;{}`]+)/g)) {
      const field = m[1];
      const expr = (m[2] ?? '').replace(/\s+/g, ' ').trim();
      const line = f.text.slice(0, m.index).split('\n').length;
      let values: readonly string[];
      if (/^('[^']*'|`[^`$]*`)$/.test(expr)) values = [expr.slice(1, -1)];
      else if (/^[^'?]+\? '[^']*' : '[^']*'$/.test(expr)) values = quoted(expr);
      else if (/^'[^']*'( \| '[^']*')+$/.test(expr)) values = quoted(expr);
      else if (expr.startsWith('`')) {
        const expansions = DYNAMIC[expr];
        if (!expansions) {
          unexplained.push(`${f.name}:${line} ${field}: ${expr} (list its values in DYNAMIC)`);
          continue;
        }
        values = expansions.map((v) => expr.slice(1, -1).replace(/\$\{[^}]*\}/, v));
      } else if (/^[A-Z][A-Z0-9_]*$/.test(expr)) {
        const value = CONSTANTS.get(expr);
        if (value === undefined) {
          unexplained.push(`${f.name}:${line} ${field}: ${expr} (not a string constant)`);
          continue;
        }
        values = [value];
      } else if (/^(string|typeof)\b/.test(expr)) continue;
      else if (NOT_A_CODE.has(`${f.name}: ${expr.replace(/^text\(.*/, 'text(*)')}`)) continue;
      else {
        unexplained.push(`${f.name}:${line} ${field}: ${expr}`);
        continue;
      }
      // An action code is `entity.verb`; dotless `action` values are other tables' fields
      // (complaint_event) or messages (lockCycle's `action`).
      if (field === 'action')
        values.filter((v) => ACTION_CODE.test(v)).forEach((v) => actions.add(v));
      else values.forEach((v) => entityTypes.add(v));
    }
  }
  for (const code of contractCodes().codes) actions.add(code);
  return { actions: [...actions].sort(), entityTypes: [...entityTypes].sort(), unexplained };
}

const scan = scanServer();

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    if (typeof node !== 'object' || node === null) return undefined;
    return new Map(Object.entries(node)).get(part);
  }, tree);
}

describe('audit labels', () => {
  it('reads the server source (the scan is not empty)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(DECISIONS).toEqual(['approve', 'return', 'withdraw']);
    expect(scan.actions).toEqual(
      expect.arrayContaining(['worker.reveal', 'payroll.amounts.view', 'rule_set.approve']),
    );
    expect(scan.entityTypes).toEqual(expect.arrayContaining(['worker', 'payroll_run', 'job']));
    const contracts = contractCodes();
    expect(contracts.codes).toHaveLength(contracts.calls);
    expect(contracts.codes).toContain('labor_contract.create');
  });

  it('understands every action and entity type the server writes', () => {
    expect(scan.unexplained).toEqual([]);
  });

  it('labels every action code the server writes', () => {
    expect(scan.actions.filter((code) => !Object.hasOwn(ACTION_LABELS, code))).toEqual([]);
  });

  it('labels every entity type the server writes', () => {
    expect(scan.entityTypes.filter((type) => !Object.hasOwn(ENTITY_LABELS, type))).toEqual([]);
  });

  it('keys each label by its code, dots turned into underscores', () => {
    for (const [code, key] of Object.entries(ACTION_LABELS))
      expect(key).toBe(`audit.actions.${code.replaceAll('.', '_')}`);
    for (const [type, key] of Object.entries(ENTITY_LABELS))
      expect(key).toBe(`audit.entity.${type}`);
  });

  it('has every label in both languages, the Chinese one in Chinese', () => {
    for (const key of [...Object.values(ACTION_LABELS), ...Object.values(ENTITY_LABELS)]) {
      const zh = lookup(zhCN, key);
      const english = lookup(en, key);
      expect(typeof zh === 'string' && /\p{Script=Han}/u.test(zh), `zh-CN ${key}`).toBe(true);
      expect(typeof english === 'string' && english.trim() !== '', `en ${key}`).toBe(true);
    }
  });
});
