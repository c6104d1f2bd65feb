import { en } from './en';
import type { Locale, Messages } from './messages';
import { zhCN } from './zh-CN';

export const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
