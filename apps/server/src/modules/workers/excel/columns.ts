// The worker spreadsheet's columns, defined once for the template, the import, the export and the
// error report: Chinese header, field, dictionary and width. Columns marked `exportOnly` are
// derived (sex and birth date come from the ID number, the unit name from the division code);
// the import recognises and ignores them, so an exported file imports back unchanged.
import { WORKER_DICTIONARY_FIELDS, type WorkerStatus } from '@cwp/contracts';

export type ColumnKind =
  'text' | 'idNumber' | 'phone' | 'date' | 'dict' | 'status' | 'grade' | 'divisionCode' | 'derived';

export interface WorkerColumn {
  header: string;
  /** Field of createWorkerBody (or of the export row for derived columns). */
  key: string;
  kind: ColumnKind;
  /** Dictionary code for `dict` columns. */
  dict?: string;
  width: number;
  /** The cell may not be empty. */
  required: boolean;
  exportOnly?: boolean;
  /** Other headers people use for the same column. */
  aliases?: string[];
  /** Shown in the template's instructions sheet. */
  hint?: string;
}

const dict = (field: keyof typeof WORKER_DICTIONARY_FIELDS) => WORKER_DICTIONARY_FIELDS[field];

export const WORKER_COLUMNS: readonly WorkerColumn[] = [
  { header: '姓名', key: 'name', kind: 'text', width: 10, required: true },
  {
    header: '身份证号',
    key: 'idNumber',
    kind: 'idNumber',
    width: 21,
    required: true,
    aliases: ['身份证号码', '公民身份号码'],
    hint: '18 位，末位可为 X；请设为文本格式，否则 Excel 会丢失末几位',
  },
  { header: '性别', key: 'sex', kind: 'derived', width: 6, required: false, exportOnly: true },
  {
    header: '出生日期',
    key: 'birthDate',
    kind: 'derived',
    width: 12,
    required: false,
    exportOnly: true,
  },
  {
    header: '民族',
    key: 'ethnicity',
    kind: 'dict',
    dict: dict('ethnicity'),
    width: 8,
    required: true,
  },
  { header: '籍贯', key: 'nativePlace', kind: 'text', width: 12, required: false },
  {
    header: '政治面貌',
    key: 'politicalStatus',
    kind: 'dict',
    dict: dict('politicalStatus'),
    width: 16,
    required: true,
  },
  { header: '入党（团）时间', key: 'partyJoinDate', kind: 'date', width: 14, required: false },
  {
    header: '全日制学历',
    key: 'educationFullTime',
    kind: 'dict',
    dict: dict('educationFullTime'),
    width: 12,
    required: false,
  },
  {
    header: '在职学历',
    key: 'educationInService',
    kind: 'dict',
    dict: dict('educationInService'),
    width: 12,
    required: false,
  },
  { header: '学位', key: 'degree', kind: 'dict', dict: dict('degree'), width: 8, required: false },
  { header: '毕业院校', key: 'school', kind: 'text', width: 16, required: false },
  { header: '专业', key: 'major', kind: 'text', width: 14, required: false },
  {
    header: '婚姻状况',
    key: 'maritalStatus',
    kind: 'dict',
    dict: dict('maritalStatus'),
    width: 10,
    required: false,
  },
  {
    header: '手机号码',
    key: 'phone',
    kind: 'phone',
    width: 14,
    required: true,
    aliases: ['手机号', '联系电话'],
  },
  { header: '住址', key: 'address', kind: 'text', width: 30, required: false },
  {
    header: '人员类别',
    key: 'category',
    kind: 'dict',
    dict: dict('category'),
    width: 18,
    required: true,
  },
  {
    header: '所属单位',
    key: 'orgUnitName',
    kind: 'derived',
    width: 18,
    required: false,
    exportOnly: true,
  },
  {
    header: '单位区划代码',
    key: 'orgUnitId',
    kind: 'divisionCode',
    width: 15,
    required: true,
    aliases: ['所属单位区划代码', '区划代码'],
    hint: '所属社区或街道的 12 位或 9 位区划代码（在组织机构页面查看）',
  },
  { header: '岗位', key: 'post', kind: 'dict', dict: dict('post'), width: 10, required: true },
  { header: '等级', key: 'grade', kind: 'grade', width: 6, required: false, hint: '1–30 的整数' },
  { header: '人员状态', key: 'status', kind: 'status', width: 10, required: true },
  {
    header: '参加社区工作时间',
    key: 'workStartDate',
    kind: 'date',
    width: 16,
    required: true,
  },
  { header: '聘用日期', key: 'hireDate', kind: 'date', width: 12, required: true },
  {
    header: '试用期截止日期',
    key: 'probationEnd',
    kind: 'date',
    width: 14,
    required: false,
    hint: '人员状态为试用期时必填',
  },
  {
    header: '社会工作者职业资格',
    key: 'qualification',
    kind: 'dict',
    dict: dict('qualification'),
    width: 18,
    required: false,
  },
  {
    header: '证书编号',
    key: 'certNumber',
    kind: 'text',
    width: 16,
    required: false,
    hint: '有职业资格时必填',
  },
  { header: '取得证书日期', key: 'certDate', kind: 'date', width: 14, required: false },
];

/** What the import reads: every column except the derived ones. */
export const IMPORT_COLUMNS = WORKER_COLUMNS.filter((c) => !c.exportOnly);

/** Columns of the error report in front of the data, ignored when the report is imported again. */
export const REPORT_ROW_HEADER = '原行号';
export const REPORT_REASON_HEADER = '错误原因';

export const WORKER_STATUS_LABELS: Record<WorkerStatus, string> = {
  active: '在岗',
  probation: '试用期',
  suspended: '停岗',
  exited: '已退出',
};
/** Other spellings accepted on import. */
export const WORKER_STATUS_ALIASES: Record<string, WorkerStatus> = {
  在职: 'active',
  试用: 'probation',
  暂停: 'suspended',
  退出: 'exited',
  离职: 'exited',
};

/** Sheet names in the template and the export. */
export const DATA_SHEET = '社区工作者';
export const LISTS_SHEET = '字典';
export const HELP_SHEET = '填写说明';

/** The template's example row starts its name with this; the import skips such rows. */
export const EXAMPLE_MARK = '（示例）';
