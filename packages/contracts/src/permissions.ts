// Permission codes are data attached to roles; this list is the catalogue the UI offers and the
// server validates against. Route declarations may only name codes from here.
export const PERMISSIONS = {
  'org:read': { zh: '查看组织机构', en: 'View org units' },
  'org:manage': { zh: '管理组织机构', en: 'Manage org units' },
  'user:read': { zh: '查看账号', en: 'View accounts' },
  'user:manage': { zh: '管理账号', en: 'Manage accounts' },
  'role:manage': { zh: '管理角色与权限', en: 'Manage roles and permissions' },
  'dict:manage': { zh: '管理数据字典', en: 'Manage dictionaries' },
  'audit:read': { zh: '查看审计日志', en: 'View audit trail' },
  'worker:read': { zh: '查看社区工作者', en: 'View workers' },
  'worker:manage': { zh: '管理社区工作者', en: 'Manage workers' },
  'worker:pii': {
    zh: '查看敏感信息（身份证号、手机号、薪酬、健康）',
    en: 'View sensitive personal data',
  },
  'worker:import': { zh: '导入社区工作者', en: 'Import workers' },
  'worker:export': { zh: '导出社区工作者', en: 'Export workers' },
  'self:read': { zh: '查看本人档案', en: 'View own dossier' },
  'rule:read': { zh: '查看规则集', en: 'View rule sets' },
  'rule:manage': { zh: '编辑规则集（起草、提交、撤回）', en: 'Edit rule sets' },
  'rule:approve': { zh: '审批规则集', en: 'Approve rule sets' },
  'staffing:read': { zh: '查看员额与配备情况', en: 'View staffing and quotas' },
  'staffing:manage': { zh: '核定员额（重算、手工调整）', en: 'Manage quotas' },
  'assessment:read': { zh: '查看考核结果', en: 'View assessment results' },
  'assessment:manage': { zh: '录入考核结果', en: 'Record assessment results' },
  'recruit:read': { zh: '查看选聘', en: 'View recruitment' },
  'recruit:manage': { zh: '组织选聘（计划、审查、成绩、公示、聘用）', en: 'Run recruitment' },
  'recruit:approve': { zh: '审批选聘计划与聘用', en: 'Approve recruitment plans and hires' },
  'grade:read': { zh: '查看岗位等级', en: 'View post grades' },
  'grade:manage': { zh: '定级、晋级评审与调整', en: 'Manage grading and reviews' },
  'grade:approve': { zh: '审批晋级与等级调整', en: 'Approve grade changes' },
  'payroll:read': { zh: '查看薪酬发放', en: 'View payroll' },
  'payroll:manage': { zh: '核算薪酬（计算、调整、提交）', en: 'Run payroll' },
  'payroll:approve': { zh: '审批并锁定薪酬', en: 'Approve and lock payroll' },
  'contract:read': { zh: '查看劳动合同与社保', en: 'View contracts and insurance' },
  'contract:manage': {
    zh: '管理劳动合同、社保与职业通道',
    en: 'Manage contracts, insurance and career channels',
  },
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_CODES = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(code: string): code is Permission {
  return Object.hasOwn(PERMISSIONS, code);
}

/** Built-in roles seeded on first start; administrators may edit their permissions. */
export const BUILTIN_ROLES = {
  system_admin: {
    zh: '系统管理员',
    en: 'System administrator',
    permissions: PERMISSION_CODES,
  },
  dept_admin: {
    zh: '部门管理员（组织部/社会工作部）',
    en: 'Department administrator',
    permissions: [
      'org:read',
      'org:manage',
      'user:read',
      'user:manage',
      'audit:read',
      'worker:read',
      'worker:manage',
      'worker:pii',
      'worker:import',
      'worker:export',
      'rule:read',
      'rule:manage',
      'rule:approve',
      'staffing:read',
      'staffing:manage',
      'assessment:read',
      'assessment:manage',
      'recruit:read',
      'recruit:manage',
      'recruit:approve',
      'grade:read',
      'grade:manage',
      'grade:approve',
      'payroll:read',
      'payroll:manage',
      'payroll:approve',
      'contract:read',
      'contract:manage',
    ],
  },
  hr_officer: {
    zh: '街道人事专员',
    en: 'Subdistrict HR officer',
    permissions: [
      'org:read',
      'user:read',
      'worker:read',
      'worker:manage',
      'worker:pii',
      'worker:import',
      'worker:export',
      'rule:read',
      'staffing:read',
      'assessment:read',
      'assessment:manage',
      'recruit:read',
      'recruit:manage',
      'grade:read',
      'grade:manage',
      'payroll:read',
      'payroll:manage',
      'contract:read',
      'contract:manage',
    ],
  },
  community_leader: {
    zh: '社区书记/主任',
    en: 'Community leader',
    permissions: ['org:read', 'worker:read'],
  },
  worker: {
    zh: '社区工作者',
    en: 'Community worker',
    permissions: ['self:read'],
  },
  auditor: {
    zh: '审计人员',
    en: 'Auditor',
    permissions: ['org:read', 'worker:read'],
  },
} as const satisfies Record<string, { zh: string; en: string; permissions: readonly Permission[] }>;

export type BuiltinRoleCode = keyof typeof BUILTIN_ROLES;
