// Reference data every installation needs: built-in roles and the standard dictionaries. Runs at
// every start and only inserts what is missing, so administrators' edits are never overwritten.
import { BUILTIN_ROLES, PERMISSION_CODES } from '@cwp/contracts';
import { STANDARD_DICTIONARIES } from '@cwp/core';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../db/client';
import { dictionary, dictionaryItem, role, systemSetting } from '../db/schema';
import { retirementAgeRule } from '../db/schema-attendance';

/** system_setting key: permission code → when built-in roles were first given it. */
export const GRANTED_PERMISSIONS_KEY = 'builtin_role_permissions_granted';

/**
 * The catalogue as it was before grants were recorded: an installation without the setting has
 * already had these through the role seed, so only codes added since are granted to its roles.
 */
const CODES_BEFORE_GRANT_LEDGER = [
  'org:read',
  'org:manage',
  'user:read',
  'user:manage',
  'role:manage',
  'dict:manage',
  'audit:read',
  'worker:read',
  'worker:manage',
  'worker:pii',
  'worker:import',
  'worker:export',
  'self:read',
];

/**
 * Gives built-in roles the permission codes added to the catalogue since the last start, once
 * each: the codes granted are recorded, so an administrator who later removes one from a role is
 * not overruled at the next start.
 */
export async function grantNewBuiltinPermissions(tx: DbOrTx): Promise<string[]> {
  const [setting] = await tx
    .select({ value: systemSetting.value })
    .from(systemSetting)
    .where(eq(systemSetting.key, GRANTED_PERMISSIONS_KEY));
  const ledger: Record<string, string> = {};
  if (setting && typeof setting.value === 'object' && setting.value !== null) {
    for (const [code, at] of Object.entries(setting.value)) {
      if (typeof at === 'string') ledger[code] = at;
    }
  } else {
    for (const code of CODES_BEFORE_GRANT_LEDGER) ledger[code] = 'before-ledger';
  }
  const fresh = PERMISSION_CODES.filter((code) => !(code in ledger));
  if (fresh.length === 0 && setting) return [];
  for (const [code, def] of Object.entries(BUILTIN_ROLES)) {
    const wanted: readonly string[] = def.permissions;
    const add = fresh.filter((p) => wanted.includes(p));
    if (add.length === 0) continue;
    await tx.execute(sql`
      update role
         set permissions = (select array_agg(distinct p order by p)
                              from unnest(permissions || ${sql.param(add)}::text[]) p),
             version = version + 1, updated_at = now()
       where code = ${code} and builtin and not (permissions @> ${sql.param(add)}::text[])`);
  }
  const at = new Date().toISOString();
  for (const code of fresh) ledger[code] = at;
  await tx
    .insert(systemSetting)
    .values({ key: GRANTED_PERMISSIONS_KEY, value: ledger })
    .onConflictDoUpdate({
      target: systemSetting.key,
      set: { value: ledger, updatedAt: new Date() },
    });
  return fresh;
}

export async function bootstrapReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7420003)`);
    await tx
      .insert(role)
      .values(
        Object.entries(BUILTIN_ROLES).map(([code, r]) => ({
          code,
          nameZh: r.zh,
          nameEn: r.en,
          builtin: true,
          permissions: [...r.permissions],
        })),
      )
      .onConflictDoNothing({ target: role.code });
    await grantNewBuiltinPermissions(tx);
    await tx
      .insert(dictionary)
      .values(
        STANDARD_DICTIONARIES.map(({ code, nameZh, nameEn, standard }) => ({
          code,
          nameZh,
          nameEn,
          standard,
        })),
      )
      .onConflictDoNothing({ target: dictionary.code });
    await tx
      .insert(dictionaryItem)
      .values(
        STANDARD_DICTIONARIES.flatMap((d) =>
          d.items.map((item, i) => ({ dictionaryCode: d.code, ...item, sort: (i + 1) * 10 })),
        ),
      )
      .onConflictDoNothing();
    // Statutory retirement ages (法定退休年龄) as editable data: the base ages and the gradual
    // raise decided in 2024 (from 2025-01-01, one month more for every 4 months of birth after the
    // base cohort; men 60 -> 63, women in managerial and professional posts 55 -> 58).
    await tx
      .insert(retirementAgeRule)
      .values([
        {
          sex: 'male',
          label: '男职工',
          baseAgeMonths: 720,
          raiseFrom: '2025-01-01',
          raiseEveryMonths: 4,
          targetAgeMonths: 756,
        },
        {
          sex: 'female',
          label: '女职工（管理和专业技术岗位）',
          baseAgeMonths: 660,
          raiseFrom: '2025-01-01',
          raiseEveryMonths: 4,
          targetAgeMonths: 696,
        },
      ])
      .onConflictDoNothing({ target: retirementAgeRule.sex });
  });
}
