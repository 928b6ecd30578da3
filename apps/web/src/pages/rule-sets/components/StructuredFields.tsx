// The structured form of a kind (inside an antd Form whose values are ContentFormValues).
import type { StructuredKind } from '../content-form';
import { ContractFields } from './ContractFields';
import { GradeSchemeFields } from './GradeSchemeFields';
import { PayTableFields } from './PayTableFields';
import { RecruitmentFields } from './RecruitmentFields';
import { StaffingStandardFields } from './StaffingStandardFields';

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
  }
}
