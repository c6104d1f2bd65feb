/** Chinese strings of the presence screens (merged into zh-CN.ts; presence.en.ts carries the same keys). */
export const presenceZhCN = {
} as const;
