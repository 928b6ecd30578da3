/**
 * Deterministic pseudo-random numbers for demo data, so a given seed always produces the same
 * dataset (reproducible screenshots, tests and bug reports). Not suitable for anything secret.
 */

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(arr: readonly T[]): T;
  weighted<T>(items: readonly (readonly [T, number])[]): T;
};

function elementAt<T>(arr: readonly T[], index: number): T {
  if (!Number.isInteger(index) || index < 0 || index >= arr.length) {
    throw new RangeError(`index ${index} out of bounds for length ${arr.length}`);
  }
  // Bounds are checked above; noUncheckedIndexedAccess cannot see that.
  return arr[index] as T;
}

/** mulberry32: tiny, fast, and good enough statistically for fake data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`invalid integer range [${min}, ${max}]`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(arr: readonly T[]): T => {
    if (arr.length === 0) throw new RangeError('cannot pick from an empty array');
    return elementAt(arr, Math.floor(next() * arr.length));
  };

  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let total = 0;
    for (const [, weight] of items) {
      if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`invalid weight ${weight}`);
      total += weight;
    }
    if (total <= 0) throw new RangeError('weighted() needs at least one positive weight');

    let r = next() * total;
    let lastPositive: { value: T } | null = null;
    for (const [value, weight] of items) {
      if (weight <= 0) continue;
      if (r < weight) return value;
      r -= weight;
      lastPositive = { value };
    }
    // Floating-point rounding can leave r marginally >= the final weight.
    if (lastPositive === null)
      throw new RangeError('weighted() needs at least one positive weight');
    return lastPositive.value;
  };

  return { next, int, pick, weighted };
}

/** About 100 common surnames, most frequent first (approximate national ranking). */
export const CHINESE_SURNAMES: readonly string[] = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向汤',
);

const NEUTRAL_GIVEN = Array.from(
  '文华明晓春子佳思嘉一新宇雨欣晨安心怡语清若然诗涵青云立德永和平家乐予俊凡林星逸睿景梓诺可依书舒卓奕歆言',
);
const MALE_GIVEN = Array.from(
  '伟强磊军勇杰涛斌超刚辉鹏飞鑫波浩凯健帆帅旭宁龙洋峰建国成志东亮海兵博瑞轩昊豪天翔振庆胜利贵福生荣毅坤彬铭锋泽阳航哲皓晖义仁武宏江山松柏威雄良民忠兴光坚鸿智力达晋骏',
);
const FEMALE_GIVEN = Array.from(
  '芳娜敏静丽艳秀英娟霞燕玲桂兰萍红琳雪梅莉婷慧倩颖洁琴莹丹璐瑶悦雯薇菲蕾岚晶妍婉淑珍凤琪玉彤蓉爽月露茜媛萱美秋晴琼雅楠芬菊翠蕊馨婕姗娅妮珊',
);

/** 200 common given-name characters (gender-neutral, then male-leaning, then female-leaning). */
export const GIVEN_NAME_CHARS: readonly string[] = [
  ...NEUTRAL_GIVEN,
  ...MALE_GIVEN,
  ...FEMALE_GIVEN,
];

const MALE_POOL: readonly string[] = [...NEUTRAL_GIVEN, ...MALE_GIVEN];
const FEMALE_POOL: readonly string[] = [...NEUTRAL_GIVEN, ...FEMALE_GIVEN];

/**
 * A 2- or 3-character name (surname + 1–2 given characters). Passing `sex` keeps the name
 * plausible for the generated person's ID number.
 */
export function makeChineseName(rng: Rng, sex?: 'male' | 'female'): string {
  // Squaring skews picks towards the front of the frequency-ordered list.
  const surnameIndex = Math.floor(rng.next() ** 2 * CHINESE_SURNAMES.length);
  const surname = elementAt(CHINESE_SURNAMES, surnameIndex);
  const pool = sex === 'male' ? MALE_POOL : sex === 'female' ? FEMALE_POOL : GIVEN_NAME_CHARS;
  const givenLength = rng.next() < 0.75 ? 2 : 1;
  let given = '';
  for (let i = 0; i < givenLength; i++) given += rng.pick(pool);
  return surname + given;
}
