import type { Locale, Localized } from '../../platform/locale.ts';

/** Membership tiers by key (seed 003: 普通会员, 高级会员, VIP会员, 至尊VIP会员). */
export const TIER_LABELS: Record<string, Localized> = {
  normal: { 'zh-CN': '普通会员', en: 'Member' },
  advanced: { 'zh-CN': '高级会员', en: 'Advanced member' },
  vip: { 'zh-CN': 'VIP会员', en: 'VIP member' },
  svip: { 'zh-CN': '至尊VIP会员', en: 'Supreme VIP member' },
};

type Data = Record<string, unknown>;
type Title = (d: Data, locale: Locale) => string;

const num = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');
const tier = (v: unknown, locale: Locale) => (typeof v === 'string' ? TIER_LABELS[v]?.[locale] ?? v : '');
const withAmount = (text: string, amount: unknown) => (num(amount) ? `${text} ¥${num(amount)}` : text);
const withPoints = (zh: string, en: string, points: unknown) => (locale: Locale) => {
  const n = num(points).replace(/^-/, '');
  if (locale === 'en') return n ? `${en}: ${n} points` : en;
  return n ? `${zh} ${n} 积分` : zh;
};

const CHANNELS: Record<string, Localized> = {
  web: { 'zh-CN': '网页咨询', en: 'web chat' },
  email: { 'zh-CN': '邮件', en: 'email' },
  phone: { 'zh-CN': '电话', en: 'phone call' },
  sms: { 'zh-CN': '短信', en: 'text message' },
  api: { 'zh-CN': '平台消息', en: 'marketplace message' },
};
const channel = (v: unknown, l: Locale) => (typeof v === 'string' ? CHANNELS[v]?.[l] ?? v : '');

const CONSENT: Record<string, Localized> = {
  opted_in: { 'zh-CN': '订阅', en: 'opted in' },
  opted_out: { 'zh-CN': '退订', en: 'opted out' },
};
const signed = (v: unknown) => (typeof v === 'number' && v > 0 ? `+${v}` : num(v));

/** A localized title for each kind the timeline knows; any other kind gets a generic one. */
const TITLES: Record<string, Title> = {
  'order.placed': (d, l) => (l === 'en' ? `Order ${num(d.platformOrderId)} placed` : `下单 ${num(d.platformOrderId)}`),
  'order.paid': (d, l) => withAmount(l === 'en' ? 'Order paid' : '订单付款', d.paidTotal),
  'order.refunded': (d, l) => withAmount(l === 'en' ? 'Order refunded' : '订单退款', d.paidTotal),
  'order.shipped': (d, l) => (l === 'en' ? `Order ${num(d.platformOrderId)} shipped` : `订单 ${num(d.platformOrderId)} 已发货`),
  'tier.changed': (d, l) => (l === 'en' ? `Tier changed: ${tier(d.from, l)} → ${tier(d.to, l)}` : `会员等级变更：${tier(d.from, l)} → ${tier(d.to, l)}`),
  'points.earned': (d, l) => withPoints('获得', 'Points earned', d.points)(l),
  'points.reversed': (d, l) => withPoints('积分冲回', 'Points reversed', d.points)(l),
  'points.redeemed': (d, l) => {
    if (typeof d.gift !== 'string') return withPoints('兑换使用', 'Points redeemed', d.points)(l);
    return l === 'en' ? `Redeemed ${d.gift} for ${num(d.points)} points` : `兑换 ${d.gift}（${num(d.points)} 积分）`;
  },
  'points.adjusted': (d, l) => (l === 'en' ? `Points adjusted: ${signed(d.points)}` : `积分调整 ${signed(d.points)}`),
  'points.expired': (d, l) => withPoints('积分过期', 'Points expired', d.points)(l),
  'key_account.visit': (_d, l) => (l === 'en' ? 'Key account return visit' : '大客户回访'),
  'consent.changed': (d, l) => {
    const status = typeof d.status === 'string' ? CONSENT[d.status]?.[l] ?? d.status : '';
    if (!status) return l === 'en' ? 'Contact consent changed' : '联系授权变更';
    return l === 'en' ? `Consent: ${status} (${channel(d.channel, l)})` : `${channel(d.channel, l)}${status}`;
  },
  'customer.note': (d, l) => (l === 'en' ? `Note by ${num(d.authorName)}` : `${num(d.authorName)} 添加了备注`),
  'customer.merged': (d, l) => (l === 'en' ? `Merged in customer ${num(d.fromName)}` : `合并了客户 ${num(d.fromName)}`),
  'customer.merged_into': (d, l) => (l === 'en' ? `Merged into customer ${num(d.survivorName)}` : `已合并到客户 ${num(d.survivorName)}`),
  'customer.unmerged': (d, l) => (l === 'en' ? `Merge with ${num(d.customerName)} undone` : `已撤销与 ${num(d.customerName)} 的合并`),
  'conversation.started': (d, l) => (l === 'en' ? `Conversation (${channel(d.channel, l)})` : `咨询会话（${channel(d.channel, l)}）`),
};

export function timelineTitle(kind: string, data: Data, locale: Locale): string {
  const title = TITLES[kind];
  if (title) return title(data, locale);
  return locale === 'en' ? `Activity: ${kind}` : `客户动态：${kind}`;
}
