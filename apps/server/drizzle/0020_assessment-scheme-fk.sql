ALTER TABLE "assessment_cycle" DROP CONSTRAINT "assessment_cycle_scheme_id_assessment_scheme_id_fk";
