// The structured form of a kind (inside an antd Form whose values are ContentFormValues).
import type { StructuredKind } from '../content-form';
import { AssessmentSchemeFields } from './AssessmentSchemeFields';
import { ContractFields } from './ContractFields';
import { GradeSchemeFields } from './GradeSchemeFields';
import { PayTableFields } from './PayTableFields';
import { RecruitmentFields } from './RecruitmentFields';
import { StaffingStandardFields } from './StaffingStandardFields';
import { TrainingRequirementsFields } from './TrainingRequirementsFields';
import { EvaluationIndicatorsFields } from './EvaluationIndicatorsFields';

export function StructuredFields({ kind }: { kind: StructuredKind }) {
  switch (kind) {
    case 'staffing_standard':
      return <StaffingStandardFields />;
    case 'grade_scheme':
      return <GradeSchemeFields />;
    case 'pay_table':
      return <PayTableFields />;
    case 'contract_insurance':
      return <ContractFields />;
    case 'recruitment_conditions':
      return <RecruitmentFields />;
    case 'assessment_scheme':
      return <AssessmentSchemeFields />;
    case 'training_requirements':
      return <TrainingRequirementsFields />;
    case 'evaluation_indicators':
      return <EvaluationIndicatorsFields />;
  }
}
