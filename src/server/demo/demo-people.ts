import type { Gender, SourcePlatform } from '../modules/customers/customers.tables.ts';
import {
  EMAIL_DOMAINS, ENGLISH_FEMALE_NAMES, ENGLISH_MALE_NAMES, EXTRA_PINYIN, FEMALE_CHARS, MALE_CHARS, MOBILE_PREFIXES, MODERN_FEMALE_NAMES,
  MODERN_MALE_NAMES, NICK_ADJECTIVES, NICK_NOUNS, NICK_SUFFIXES, SURNAMES,
} from './demo-names.data.ts';
import { PROVINCES, type City, type Province } from './demo-regions.data.ts';
import { hash32, padNumber, permute, Rng, Weighted } from './demo-random.ts';

// Who a demo customer is: name, nickname, gender, birthday, where they live, how to reach them, and
// their buyer id on each marketplace. Unique values (phones, buyer ids) come from keyed bijections
// of the customer's index, so a million customers never collide and nothing needs remembering.

const surnames = new Weighted(SURNAMES.map(([s, p]) => ({ s, p })), SURNAMES.map(([, , w]) => w));
const prefixes = new Weighted(MOBILE_PREFIXES.map(([p]) => p), MOBILE_PREFIXES.map(([, w]) => w));
const domains = new Weighted(EMAIL_DOMAINS.map(([d]) => d), EMAIL_DOMAINS.map(([, w]) => w));
const provinces = new Weighted(PROVINCES, PROVINCES.map((p) => p.weight));
const citiesOf = new Map<Province, Weighted<City>>(PROVINCES.map((p) => [p, new Weighted(p.cities, p.cities.map((c) => c.weight))]));

const PINYIN: Record<string, string> = { ...EXTRA_PINYIN };
for (const [c, p] of [...FEMALE_CHARS, ...MALE_CHARS]) PINYIN[c] ??= p;

export function pinyinOf(text: string): string {
  return [...text].map((c) => PINYIN[c] ?? '').join('');
}

export type Region = { province: string; city: string; district: string };

export function drawRegion(rng: Rng): Region {
  const province = provinces.draw(rng);
  const city = citiesOf.get(province)!.draw(rng);
  return { province: province.name, city: city.name, district: rng.pick(city.districts) };
}

export type Person = {
  name: string;
  /** Name in pinyin, for e-mail addresses and nicknames. */
  surnamePinyin: string;
  givenPinyin: string;
  gender: Gender;
  birthYear: number;
  birthday: string | null;
};

export function drawPerson(rng: Rng, nowYear: number): Person {
  const roll = rng.next();
  const sex: 'male' | 'female' = roll < 0.74 ? 'female' : 'male';
  // About one in twenty never says: the name is still there, the gender field stays unknown.
  const gender: Gender = rng.chance(0.05) ? 'unknown' : sex;
  const age = Math.round(Math.min(62, Math.max(17, 29 + rng.normal() * 7.5)));
  const birthYear = nowYear - age;
  const surname = surnames.draw(rng);
  let given: string;
  if (age < 26 && rng.chance(0.4)) {
    given = rng.pick(sex === 'female' ? MODERN_FEMALE_NAMES : MODERN_MALE_NAMES);
  } else {
    const chars = sex === 'female' ? FEMALE_CHARS : MALE_CHARS;
    const first = rng.pick(chars)[0];
    if (rng.chance(age > 40 ? 0.3 : 0.12)) given = first;
    else if (sex === 'female' && rng.chance(0.05)) given = first + first;
    else {
      let second = rng.pick(chars)[0];
      if (second === first) second = rng.pick(chars)[0];
      given = first + second;
    }
  }
  const month = rng.between(1, 12);
  const day = rng.between(1, month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  return {
    name: surname.s + given,
    surnamePinyin: surname.p,
    givenPinyin: pinyinOf(given),
    gender,
    birthYear,
    birthday: rng.chance(0.65) ? `${birthYear}-${padNumber(month, 2)}-${padNumber(day, 2)}` : null,
  };
}

/** 淘宝-style nicknames: "tb8274619350", "爱笑的小鱼", "小雪酱", "lixue0612", "Coco_li". */
export function drawNickname(rng: Rng, person: Person, platform: SourcePlatform): string {
  const style = rng.next();
  if (platform === 'jd' && style < 0.3) return `jd_${rng.u32().toString(16).padStart(8, '0')}${rng.int(1 << 16).toString(16)}`;
  if (style < 0.22) return `tb${padNumber(rng.int(1e6), 6)}${padNumber(rng.int(1e4), 4)}`;
  if (style < 0.47) return rng.pick(NICK_ADJECTIVES) + rng.pick(NICK_NOUNS);
  if (style < 0.62) {
    const given = [...person.name].slice(-1)[0];
    return (rng.chance(0.6) ? '小' : '阿') + given + rng.pick(NICK_SUFFIXES);
  }
  if (style < 0.84) {
    const tail = rng.chance(0.5) ? String(person.birthYear % 100).padStart(2, '0') + padNumber(rng.between(1, 12), 2) : String(rng.between(1, 999));
    return person.surnamePinyin + (rng.chance(0.3) ? '_' : '') + person.givenPinyin + tail;
  }
  const english = rng.pick(person.gender === 'male' ? ENGLISH_MALE_NAMES : ENGLISH_FEMALE_NAMES);
  return rng.chance(0.5) ? `${english}_${person.surnamePinyin}` : english + rng.pick(person.gender === 'male' ? ['', '同学', '哥'] : ['酱', '小姐', '同学', '']);
}

export type Keys = { phone: number; qq: number; platform: Record<SourcePlatform, number> };

export function keysFor(seed: number): Keys {
  return {
    phone: hash32(seed, 0x70686f6e),
    qq: hash32(seed, 0x71710000),
    platform: {
      taobao: hash32(seed, 0x7462),
      tmall: hash32(seed, 0x746d),
      jd: hash32(seed, 0x6a64),
      shopify: hash32(seed, 0x7368),
      web: hash32(seed, 0x7765),
    },
  };
}

/** A mobile number unique to the customer index: a real prefix and 8 digits from a bijection. */
export function phoneFor(rng: Rng, keys: Keys, index: number): string {
  return prefixes.draw(rng) + padNumber(permute(index, 10_000, keys.phone), 8);
}

/** The buyer's id on a marketplace, unique per platform and customer index. */
export function buyerIdFor(platform: SourcePlatform, keys: Keys, index: number): string {
  const p = permute(index, 100_000, keys.platform[platform]);
  switch (platform) {
    case 'taobao':
    case 'tmall':
      return String(2_200_000_000_000 + p);
    case 'jd':
      return `jd_${p.toString(36).padStart(7, '0')}`;
    case 'shopify':
      return String(6_800_000_000_000 + p);
    case 'web':
      return `u${padNumber(p, 10)}`;
  }
}

/**
 * An e-mail address: QQ mail by a QQ number unique to the index, or the name in pinyin with a year
 * or a few digits; `taken` holds the pinyin ones already handed out, so none repeats.
 */
export function emailFor(rng: Rng, keys: Keys, index: number, person: Person, taken: Set<string>): string {
  const domain = domains.draw(rng);
  if (domain === 'qq.com') return `${rng.between(1, 39)}${padNumber(permute(index, 10_000, keys.qq), 8)}@qq.com`;
  const name = rng.chance(0.7) ? person.surnamePinyin + person.givenPinyin : person.givenPinyin + '.' + person.surnamePinyin;
  const tail = rng.next();
  let local = name + (tail < 0.4 ? String(person.birthYear) : tail < 0.8 ? String(rng.between(1, 999)) : '');
  while (taken.has(`${local}@${domain}`)) local += String(rng.int(10));
  const email = `${local}@${domain}`;
  taken.add(email);
  return email;
}
