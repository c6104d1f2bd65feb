/** Chinese strings of the teams screens (merged into zh-CN.ts; teams.en.ts carries the same keys). */
export const teamsZhCN = {
  'nav.teams': '团队与客服',
  'home.desc.teams': '按业务线和小组组织客服，设置接待上限和专属商品',
} as const;
