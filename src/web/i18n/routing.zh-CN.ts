/** Chinese strings of the routing screens (merged into zh-CN.ts; routing.en.ts carries the same keys). */
export const routingZhCN = {
  'nav.routing': '分配规则',
  'home.desc.routing': '新会话按商品、页面、渠道、关键词自动分给对的人',
} as const;
