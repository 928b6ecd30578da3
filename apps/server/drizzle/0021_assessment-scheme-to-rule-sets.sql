-- Assessment schemes become rule sets of kind 'assessment_scheme' (one source of truth, with the
-- rule sets' approval flow). Every stored scheme version is copied as an in-force rule-set version
-- of the same unit, number and effective date (these were in force without approval before), and
-- each cycle is pointed at the copy of the version it used. The next migration drops the old table.
CREATE TEMPORARY TABLE "assessment_scheme_moved" ("old_id" bigint PRIMARY KEY, "new_id" bigint NOT NULL);--> statement-breakpoint
WITH "moved" AS (
  INSERT INTO "rule_set" ("kind", "org_unit_id", "org_path", "name", "version_no", "effective_from",
                          "status", "content", "note", "created_by", "approved_by", "approved_at",
                          "created_at", "updated_at")
  SELECT 'assessment_scheme', s."org_unit_id", s."org_path", s."name", s."version_no",
         s."effective_from", 'in_force', s."content", '迁移自考核方案 #' || s."id", s."created_by",
         s."created_by", s."created_at", s."created_at", s."created_at"
    FROM "assessment_scheme" s
  RETURNING "id", "note"
)
INSERT INTO "assessment_scheme_moved" ("old_id", "new_id")
SELECT substring("note" from '#(\d+)$')::bigint, "id" FROM "moved";--> statement-breakpoint
UPDATE "assessment_cycle" c SET "scheme_id" = m."new_id"
  FROM "assessment_scheme_moved" m WHERE m."old_id" = c."scheme_id";--> statement-breakpoint
DROP TABLE "assessment_scheme_moved";
