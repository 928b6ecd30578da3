/**
 * Seed values for code dictionaries. National-standard dictionaries use the codes of the cited
 * standard so exported data can be exchanged with other government systems without mapping.
 * Array order is the intended display order.
 */

export type DictionaryItemSeed = { code: string; labelZh: string; labelEn: string };

export type DictionarySeed = {
  code: string;
  nameZh: string;
  nameEn: string;
  standard: string | null;
  items: DictionaryItemSeed[];
};

const item = (code: string, labelZh: string, labelEn: string): DictionaryItemSeed => ({
  code,
  labelZh,
  labelEn,
});

/** GB/T 2261.1-2003 */
export const SEX: DictionaryItemSeed[] = [
  item('0', '未知的性别', 'Unknown'),
  item('1', '男性', 'Male'),
  item('2', '女性', 'Female'),
  item('9', '未说明的性别', 'Unspecified'),
];

/** GB/T 3304-1991, in the standard's order; codes are derived from position to rule out gaps. */
export const ETHNICITY: DictionaryItemSeed[] = (
  [
    ['汉族', 'Han'],
    ['蒙古族', 'Mongol'],
    ['回族', 'Hui'],
    ['藏族', 'Tibetan'],
    ['维吾尔族', 'Uyghur'],
    ['苗族', 'Miao'],
    ['彝族', 'Yi'],
    ['壮族', 'Zhuang'],
    ['布依族', 'Bouyei'],
    ['朝鲜族', 'Korean'],
    ['满族', 'Manchu'],
    ['侗族', 'Dong'],
    ['瑶族', 'Yao'],
    ['白族', 'Bai'],
    ['土家族', 'Tujia'],
    ['哈尼族', 'Hani'],
    ['哈萨克族', 'Kazakh'],
    ['傣族', 'Dai'],
    ['黎族', 'Li'],
    ['傈僳族', 'Lisu'],
    ['佤族', 'Va'],
    ['畲族', 'She'],
    ['高山族', 'Gaoshan'],
    ['拉祜族', 'Lahu'],
    ['水族', 'Sui'],
    ['东乡族', 'Dongxiang'],
    ['纳西族', 'Naxi'],
    ['景颇族', 'Jingpo'],
    ['柯尔克孜族', 'Kyrgyz'],
    ['土族', 'Tu'],
    ['达斡尔族', 'Daur'],
    ['仫佬族', 'Mulao'],
    ['羌族', 'Qiang'],
    ['布朗族', 'Blang'],
    ['撒拉族', 'Salar'],
    ['毛南族', 'Maonan'],
    ['仡佬族', 'Gelao'],
    ['锡伯族', 'Xibe'],
    ['阿昌族', 'Achang'],
    ['普米族', 'Pumi'],
    ['塔吉克族', 'Tajik'],
    ['怒族', 'Nu'],
    ['乌孜别克族', 'Uzbek'],
    ['俄罗斯族', 'Russian'],
    ['鄂温克族', 'Evenki'],
    ['德昂族', "De'ang"],
    ['保安族', 'Bonan'],
    ['裕固族', 'Yugur'],
    ['京族', 'Gin'],
    ['塔塔尔族', 'Tatar'],
    ['独龙族', 'Derung'],
    ['鄂伦春族', 'Oroqen'],
    ['赫哲族', 'Hezhen'],
    ['门巴族', 'Monpa'],
    ['珞巴族', 'Lhoba'],
    ['基诺族', 'Jino'],
  ] as const
).map(([zh, en], i) => item(String(i + 1).padStart(2, '0'), zh, en));

/** GB/T 4762-1984 */
export const POLITICAL_STATUS: DictionaryItemSeed[] = [
  item('01', '中国共产党党员', 'CPC member'),
  item('02', '中国共产党预备党员', 'CPC probationary member'),
  item('03', '中国共产主义青年团团员', 'CYL member'),
  item(
    '04',
    '中国国民党革命委员会会员',
    'Member of the Revolutionary Committee of the Chinese Kuomintang',
  ),
  item('05', '中国民主同盟盟员', 'Member of the China Democratic League'),
  item(
    '06',
    '中国民主建国会会员',
    'Member of the China National Democratic Construction Association',
  ),
  item('07', '中国民主促进会会员', 'Member of the China Association for Promoting Democracy'),
  item('08', '中国农工民主党党员', "Member of the Chinese Peasants' and Workers' Democratic Party"),
  item('09', '中国致公党党员', 'Member of the China Zhi Gong Party'),
  item('10', '九三学社社员', 'Member of the Jiusan Society'),
  item('11', '台湾民主自治同盟盟员', 'Member of the Taiwan Democratic Self-Government League'),
  item('12', '无党派人士', 'Non-partisan'),
  item('13', '群众', 'Ordinary citizen'),
];

/** GB/T 4658-2006, main levels only. */
export const EDUCATION: DictionaryItemSeed[] = [
  item('10', '研究生', 'Postgraduate'),
  item('11', '博士研究生', 'Doctoral'),
  item('14', '硕士研究生', "Master's"),
  item('20', '大学本科', "Bachelor's"),
  item('30', '大学专科', 'Junior college'),
  item('40', '中等专业学校', 'Secondary vocational'),
  item('60', '普通高级中学', 'Senior high school'),
  item('70', '初级中学', 'Junior high school'),
  item('80', '小学', 'Primary school'),
  item('90', '其他', 'Other'),
];

/** GB/T 6864-2003, simplified to the degree level. */
export const DEGREE: DictionaryItemSeed[] = [
  item('2', '博士', 'Doctor'),
  item('3', '硕士', 'Master'),
  item('4', '学士', 'Bachelor'),
  item('0', '无', 'None'),
];

/** GB/T 2261.2-2003, main categories only. */
export const MARITAL_STATUS: DictionaryItemSeed[] = [
  item('10', '未婚', 'Unmarried'),
  item('20', '已婚', 'Married'),
  item('30', '丧偶', 'Widowed'),
  item('40', '离婚', 'Divorced'),
  item('90', '未说明的婚姻状况', 'Unspecified'),
];

export const WORKER_CATEGORY: DictionaryItemSeed[] = [
  item('committee_member', '社区“两委”成员', 'Committee member'),
  item('full_time', '专职社区工作者', 'Full-time community worker'),
  item('grid_worker', '专职网格员', 'Full-time grid worker'),
];

export const POST: DictionaryItemSeed[] = [
  item('principal', '正职', 'Principal'),
  item('deputy', '副职', 'Deputy'),
  item('staff', '工作人员', 'Staff'),
];

export const SOCIAL_WORK_QUALIFICATION: DictionaryItemSeed[] = [
  item('assistant', '助理社会工作师', 'Assistant social worker'),
  item('intermediate', '社会工作师', 'Social worker'),
  item('senior', '高级社会工作师', 'Senior social worker'),
];

export const STANDARD_DICTIONARIES: DictionarySeed[] = [
  { code: 'sex', nameZh: '性别', nameEn: 'Sex', standard: 'GB/T 2261.1-2003', items: SEX },
  {
    code: 'ethnicity',
    nameZh: '民族',
    nameEn: 'Ethnicity',
    standard: 'GB/T 3304-1991',
    items: ETHNICITY,
  },
  {
    code: 'political_status',
    nameZh: '政治面貌',
    nameEn: 'Political status',
    standard: 'GB/T 4762-1984',
    items: POLITICAL_STATUS,
  },
  {
    code: 'education',
    nameZh: '学历',
    nameEn: 'Education',
    standard: 'GB/T 4658-2006',
    items: EDUCATION,
  },
  { code: 'degree', nameZh: '学位', nameEn: 'Degree', standard: 'GB/T 6864-2003', items: DEGREE },
  {
    code: 'marital_status',
    nameZh: '婚姻状况',
    nameEn: 'Marital status',
    standard: 'GB/T 2261.2-2003',
    items: MARITAL_STATUS,
  },
  {
    code: 'worker_category',
    nameZh: '社区工作者类别',
    nameEn: 'Worker category',
    standard: null,
    items: WORKER_CATEGORY,
  },
  { code: 'post', nameZh: '岗位', nameEn: 'Post', standard: null, items: POST },
  {
    code: 'social_work_qualification',
    nameZh: '社会工作职业资格',
    nameEn: 'Social work qualification',
    standard: null,
    items: SOCIAL_WORK_QUALIFICATION,
  },
];
