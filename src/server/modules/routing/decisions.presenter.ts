import type { Locale } from '../../platform/locale.ts';
import type { Why } from './routing.engine.ts';

/** Why routing did what it did, in the reader's language. Codes come from routing.engine.ts, assign.ts and teams.service.ts. */
const TEXT: Record<string, Record<Locale, string>> = {
  // A rule's verdict in the dry-run trace.
  matched: { 'zh-CN': '条件全部满足', en: 'every condition holds' },
  matched_no_target: { 'zh-CN': '条件满足；本规则只设优先级和标签，交给兜底团队', en: 'conditions hold; the rule sets only priority and labels, so the fallback team takes it' },
  channel: { 'zh-CN': '渠道不符（{value}）', en: 'channel does not match ({value})' },
  product: { 'zh-CN': '不是指定的商品', en: 'not one of the products' },
  product_group: { 'zh-CN': '商品不属于指定分组', en: 'the product is not in the groups' },
  url: { 'zh-CN': '页面地址不含指定内容', en: 'the page URL does not contain the text' },
  tier: { 'zh-CN': '会员等级不符', en: 'the customer tier does not match' },
  tags: { 'zh-CN': '顾客没有指定标签', en: 'the customer has none of the tags' },
  keywords: { 'zh-CN': '首条消息不含关键词', en: 'the first message has none of the keywords' },
  hours_open: { 'zh-CN': '现在是营业时间内', en: 'it is within business hours' },
  hours_closed: { 'zh-CN': '现在是营业时间外', en: 'it is outside business hours' },
  language: { 'zh-CN': '语言不符', en: 'the language does not match' },
  no_dedicated: { 'zh-CN': '该商品没有绑定专属客服，试下一条', en: 'the product has no dedicated agents; next rule' },
  offline_dedicated: { 'zh-CN': '专属客服都不在线，试下一条', en: 'no dedicated agent is online; next rule' },
  no_account_manager: { 'zh-CN': '顾客没有专属客户经理，试下一条', en: 'the customer has no account manager; next rule' },
  offline_account_manager: { 'zh-CN': '客户经理不在线，试下一条', en: 'the account manager is not online; next rule' },
  no_last_agent: { 'zh-CN': '顾客之前没有接待客服，试下一条', en: 'no earlier agent for this customer; next rule' },
  offline_last_agent: { 'zh-CN': '上次接待的客服不在线，试下一条', en: 'the last agent is not online; next rule' },
  // The decision.
  rule_team: { 'zh-CN': '命中规则，分给规则指定的团队', en: 'a rule matched and names the team' },
  rule_dedicated: { 'zh-CN': '命中规则，分给该商品的专属客服', en: 'a rule matched: the product’s dedicated agents' },
  rule_account_manager: { 'zh-CN': '命中规则，分给顾客的专属客户经理', en: 'a rule matched: the customer’s account manager' },
  rule_last_agent: { 'zh-CN': '命中规则，分给上次接待的客服', en: 'a rule matched: the agent who served the customer last' },
  rule_fallback: { 'zh-CN': '命中规则（未指定团队），交给兜底团队', en: 'a rule matched without a team; the fallback team takes it' },
  fallback: { 'zh-CN': '没有规则命中，交给兜底团队', en: 'no rule matched; the fallback team takes it' },
  no_team: { 'zh-CN': '没有规则命中，也没有设置兜底团队', en: 'no rule matched and there is no fallback team' },
  all_busy: { 'zh-CN': '团队里在线的客服都已满额，进入排队', en: 'every online agent of the team is at capacity: queued' },
  team_empty: { 'zh-CN': '团队里没有在线客服，进入排队', en: 'nobody of the team is online: queued' },
  from_queue: { 'zh-CN': '有客服空出接待名额，从队列分配', en: 'an agent had room: taken from the queue' },
  transferred: { 'zh-CN': '转接到团队后分配', en: 'assigned after a transfer to the team' },
  overflow: { 'zh-CN': '排队超过 {limit} 秒，转给兜底团队', en: 'queued longer than {limit} s: moved to the fallback team' },
  reoffered: { 'zh-CN': '原客服 {seconds} 秒未回复，改派他人', en: 'the agent did not answer in {seconds} s: offered to another' },
  team_deleted: { 'zh-CN': '所在团队「{team}」已删除，转给兜底团队，排队位置不变', en: 'its team “{team}” was deleted: moved to the fallback team, keeping its place in the queue' },
  team_deleted_no_fallback: { 'zh-CN': '所在团队「{team}」已删除，且没有兜底团队：移出队列，等待人工接入', en: 'its team “{team}” was deleted and there is no fallback team: out of the queue, for a person to take' },
  unassign: { 'zh-CN': '未分配', en: 'not assigned' },
};

export function whyText(why: Why | undefined, locale: Locale): string {
  if (!why) return '';
  const t = TEXT[why.code]?.[locale] ?? why.code;
  return t.replace(/\{(\w+)\}/g, (_, k: string) => String(why.vars?.[k] ?? ''));
}

/** The reason stored with a decision, told in a sentence: the placement, with the route that led to it. */
export function decisionWhy(kind: string, reason: Record<string, unknown>, locale: Locale, agentId: string | null = null): string {
  const code = typeof reason.code === 'string' ? reason.code : kind;
  const vars: Record<string, string | number> = {};
  if (typeof reason.limitSeconds === 'number') vars.limit = reason.limitSeconds;
  if (typeof reason.timeoutSeconds === 'number') vars.seconds = reason.timeoutSeconds;
  if (kind === 'transferred') return locale === 'en' ? `Transferred to the team${reason.note ? `: ${String(reason.note)}` : ''}` : `转接到团队${reason.note ? `：${String(reason.note)}` : ''}`;
  if (kind === 'reassigned') {
    if (reason.by && reason.by === agentId) return locale === 'en' ? 'Taken by the agent' : '客服主动接入';
    return locale === 'en' ? 'Assigned by a person' : '由人工分配或改派';
  }
  const route = reason.routeWhy as Why | undefined;
  const main = whyText({ code, vars: { ...vars, ...((reason.vars as Record<string, string | number>) ?? {}) } }, locale);
  const waited = typeof reason.waitedSeconds === 'number' && reason.waitedSeconds > 0 ? (locale === 'en' ? ` (waited ${reason.waitedSeconds} s)` : `（等待 ${reason.waitedSeconds} 秒）`) : '';
  return route ? `${whyText(route, locale)}；${main}${waited}` : `${main}${waited}`;
}
