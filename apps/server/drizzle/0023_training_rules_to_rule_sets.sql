-- Training rules become rule sets of kind 'training_requirements' (one source of truth, with the
-- rule sets' approval flow). Every stored version is copied as an in-force rule-set version of the
-- same unit, number and effective date (they were in force without approval before); the content
-- shape ({rules, certificateHours}) is unchanged.
INSERT INTO "rule_set" ("kind", "org_unit_id", "org_path", "name", "version_no", "effective_from",
                        "status", "content", "note", "created_by", "approved_by", "approved_at",
                        "created_at", "updated_at")
SELECT 'training_requirements', t."org_unit_id", t."org_path", '培训规则', t."version_no",
       t."effective_from", 'in_force', t."rules",
       coalesce(t."note", '') || '（迁移自培训规则 #' || t."id" || '）', t."created_by",
       t."created_by", t."created_at", t."created_at", t."created_at"
  FROM "training_rule_set" t;--> statement-breakpoint
DROP TABLE "training_rule_set" CASCADE;--> statement-breakpoint
ALTER TABLE "training_session" ADD COLUMN "sign_in_opens_minutes" integer DEFAULT 30 NOT NULL;