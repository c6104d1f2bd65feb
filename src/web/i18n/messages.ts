import { zhCN } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'shopdesk.locale';

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
export type MessageVars = Record<string, string | number>;

/** A text given in both languages, as the API sends role, permission and specialisation labels. */
export type Localized = Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; an unknown placeholder is left visible so a missing var shows up. */
export function format(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function pickLocalized(text: Localized | undefined, locale: Locale, fallback = ''): string {
  if (!text) return fallback;
  return text[locale] || text[DEFAULT_LOCALE] || text.en || fallback;
}
