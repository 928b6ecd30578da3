// The proposals of a review as .xlsx (every proposal the caller may see, in worker id order).
import { ASSESSMENT_RATING_LABELS, type AssessmentRating } from '@cwp/core';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { createSheetWriter, memorySink } from '../workers/excel/xlsx-write';
import { allProposals } from './reviews';

const COLUMNS = [
  { header: '人员编号', width: 10 },
  { header: '姓名', width: 12 },
  { header: '所在单位', width: 24 },
  { header: '岗位', width: 12 },
  { header: '现等级', width: 8 },
  { header: '规则建议等级', width: 12 },
  { header: '结果', width: 10 },
  { header: '理由', width: 60 },
  { header: '任现等级年限', width: 12 },
  { header: '上一年度考核', width: 12 },
  { header: '生效日期', width: 12 },
  { header: '是否排除', width: 10 },
  { header: '调整后等级', width: 10 },
  { header: '最终等级', width: 10 },
  { header: '人事说明', width: 40 },
  { header: '规则集', width: 10 },
  { header: '规则版本', width: 10 },
] as const;

const OUTCOME_ZH = { promoted: '晋级', blocked: '不晋级' } as const;

export async function exportProposals(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  reviewId: number,
): Promise<{ fileName: string; bytes: Buffer }> {
  const { review, rows } = await allProposals(db, auth, reviewId);
  const sink = memorySink();
  const writer = createSheetWriter(sink.stream, { sheetName: '晋级评审', columns: COLUMNS });
  for (const p of rows) {
    writer.addRow([
      p.workerId,
      p.workerName,
      p.orgUnitName,
      p.post,
      p.currentGrade,
      p.proposedGrade,
      OUTCOME_ZH[p.outcome],
      p.reason,
      p.yearsInGrade,
      p.lastRating ? ASSESSMENT_RATING_LABELS[p.lastRating as AssessmentRating] : '',
      p.effectiveFrom,
      p.excluded ? '是' : '',
      p.adjustedGrade,
      p.finalGrade,
      p.hrReason,
      p.ruleSetId,
      p.ruleVersionNo,
    ]);
    if (writer.rows % 5000 === 0) await writer.drain();
  }
  await writer.finish();
  await db.transaction((tx) =>
    writeAudit(tx, ctx, [
      {
        action: 'grade_review.export',
        entityType: 'grade_review',
        entityId: reviewId,
        orgPath: review.orgPath,
        changes: { rows: rows.length },
      },
    ]),
  );
  return { fileName: `晋级评审-${review.year}-${review.id}.xlsx`, bytes: sink.result() };
}
