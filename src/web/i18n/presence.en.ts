import type { presenceZhCN } from './presence.zh-CN';

export const presenceEn: Record<keyof typeof presenceZhCN, string> = {
};
