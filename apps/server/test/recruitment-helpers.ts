// A recruitment plan's create body, shared by the tests that need a plan: one post in a community,
// applications open from yesterday for ten days, the exam in twenty.

function localDay(offsetDays: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function recruitmentPlanBody(
  units: { subdistrictId: number; communityId: number },
  overrides: Record<string, unknown> = {},
) {
  return {
    title: '2026 年社区工作者公开招聘',
    orgUnitId: units.subdistrictId,
    announcement: '为加强社区工作者队伍建设，现公开招聘社区专职工作者。',
    applicationStart: localDay(-1),
    applicationEnd: localDay(10),
    examDate: localDay(20),
    conditions: {
      ageMin: 18,
      ageMax: 35,
      ageReference: 'application_deadline',
      minEducation: '20',
      majors: null,
      householdRegistration: null,
      requiredQualification: null,
    },
    weights: { writtenExam: 0.6, interview: 0.4 },
    tieBreak: 'written_exam_first',
    publicNoticeWorkingDays: 5,
    posts: [
      {
        orgUnitId: units.communityId,
        title: '社区专职工作者（一）',
        post: 'staff',
        category: 'full_time',
        headcount: 1,
      },
    ],
    ...overrides,
  };
}
