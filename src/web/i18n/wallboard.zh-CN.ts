/** Chinese strings of the wallboard screens (merged into zh-CN.ts; wallboard.en.ts carries the same keys). */
export const wallboardZhCN = {
  'nav.wallboard': '调度大屏',
  'home.desc.wallboard': '实时查看各组排队、等待和客服状态',
} as const;
