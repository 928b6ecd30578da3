// Reference data every installation needs: built-in roles and the standard dictionaries. Runs at
// every start and only inserts what is missing, so administrators' edits are never overwritten.
import { BUILTIN_ROLES } from '@cwp/contracts';
import { STANDARD_DICTIONARIES } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { dictionary, dictionaryItem, role } from '../db/schema';

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
  });
}
