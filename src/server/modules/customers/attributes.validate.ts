import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/locale.ts';
import type { AttributeType } from './customers.tables.ts';

export type AttributeDefinitionShape = { key: string; label: string; type: AttributeType; options: string[] };
export type AttributeValue = string | number | string[];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 500;

function invalid(def: AttributeDefinitionShape, locale: Locale, detail: { 'zh-CN': string; en: string }): AppError {
  return new AppError('attribute_value_invalid', { field: `attributes.${def.key}`, vars: { label: def.label, detail: detail[locale] } });
}

function isRealDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The value as stored, or an error naming the attribute when it does not fit its definition. */
export function checkAttributeValue(def: AttributeDefinitionShape, value: unknown, locale: Locale): AttributeValue {
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string' || !value.trim()) throw invalid(def, locale, { 'zh-CN': '应为非空文字', en: 'expected non-empty text' });
      if (value.length > MAX_TEXT) throw invalid(def, locale, { 'zh-CN': `不能超过 ${MAX_TEXT} 字`, en: `at most ${MAX_TEXT} characters` });
      return value.trim();
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(def, locale, { 'zh-CN': '应为数字', en: 'expected a number' });
      return n;
    }
    case 'date':
      if (typeof value !== 'string' || !isRealDay(value)) throw invalid(def, locale, { 'zh-CN': '应为日期（YYYY-MM-DD）', en: 'expected a date (YYYY-MM-DD)' });
      return value;
    case 'select':
      if (typeof value !== 'string' || !def.options.includes(value)) throw invalid(def, locale, { 'zh-CN': `应为以下选项之一：${def.options.join('、')}`, en: `expected one of: ${def.options.join(', ')}` });
      return value;
    case 'multi_select': {
      if (!Array.isArray(value) || value.length === 0) throw invalid(def, locale, { 'zh-CN': '应为选项列表', en: 'expected a list of options' });
      const bad = value.find((v) => typeof v !== 'string' || !def.options.includes(v));
      if (bad !== undefined) throw invalid(def, locale, { 'zh-CN': `「${String(bad)}」不是可选项`, en: `“${String(bad)}” is not an option` });
      return [...new Set(value as string[])];
    }
  }
}

/** The containment pattern that finds customers whose attribute has this value (a filter's text). */
export function attributeFilterPattern(def: AttributeDefinitionShape, text: string, locale: Locale): Record<string, unknown> {
  if (def.type === 'multi_select') return { [def.key]: [checkAttributeValue({ ...def, type: 'select' }, text, locale)] };
  return { [def.key]: checkAttributeValue(def, text, locale) };
}

/** Options are required for select types, refused for the others, and never repeated. */
export function optionsFitType(type: AttributeType, options: string[]): boolean {
  const choice = type === 'select' || type === 'multi_select';
  if (!choice) return options.length === 0;
  return options.length > 0 && new Set(options).size === options.length;
}
