import type { Translate } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { TIERS } from '../conversations/list-filters';
import type { RuleActions, RuleConditions } from './routing-api';
import type { RoutingNames } from './use-routing-options';

const SHOWN = 3;

export function tierLabel(t: Translate, tier: string): string {
  return (TIERS as readonly string[]).includes(tier) ? t(`conv.tier.${tier}` as MessageKey) : tier;
}

export function priorityLabel(t: Translate, priority: number): string {
  return t(`routing.priority.${priority}` as MessageKey);
}

/** "A 或 B 或 C 等 5 个": a few values, then how many there are in all. */
function anyOf(t: Translate, values: readonly string[]): string {
  const shown = values.slice(0, SHOWN).join(t('routing.summary.or'));
  return values.length > SHOWN ? t('routing.summary.andMore', { shown, count: values.length }) : shown;
}

/** Each condition of a rule as a phrase: "商品分组是 日韩签证", "渠道是 网页 或 邮件". */
export function conditionPhrases(c: RuleConditions, names: RoutingNames, t: Translate): string[] {
  const out: string[] = [];
  const add = (key: MessageKey, values: readonly string[] | undefined) => {
    if (values && values.length > 0) out.push(t(key, { values: anyOf(t, values) }));
  };
  add('routing.summary.products', c.productIds?.map(names.product));
  add('routing.summary.groups', c.productGroupIds?.map(names.group));
  add('routing.summary.url', c.urlContains);
  add('routing.summary.channels', c.channels?.map((ch) => t(`routing.channel.${ch}` as MessageKey)));
  add('routing.summary.tiers', c.tiers?.map((tier) => tierLabel(t, tier)));
  add('routing.summary.tags', c.tags);
  add('routing.summary.keywords', c.keywords);
  if (c.businessHours) out.push(t(c.businessHours === 'open' ? 'routing.summary.hoursOpen' : 'routing.summary.hoursClosed'));
  add('routing.summary.languages', c.languages?.map((l) => t(`routing.lang.${l}` as MessageKey)));
  return out;
}

export function describeConditions(c: RuleConditions, names: RoutingNames, t: Translate): string {
  const phrases = conditionPhrases(c, names, t);
  return phrases.length > 0 ? phrases.join(t('routing.summary.and')) : t('routing.summary.always');
}

/** "分给 日韩签证，优先级 高，加标签 加急". */
export function describeActions(a: RuleActions, names: RoutingNames, t: Translate): string {
  const parts: string[] = [];
  const target = a.target;
  if (!target) parts.push(t('routing.summary.noTarget'));
  else if (target.kind === 'team') parts.push(t('routing.summary.toTeam', { team: names.team(target.teamId) }));
  else if (target.kind === 'dedicated') parts.push(target.teamId ? t('routing.summary.toDedicatedIn', { team: names.team(target.teamId) }) : t('routing.summary.toDedicated'));
  else if (target.kind === 'account_manager') parts.push(t('routing.summary.toAccountManager'));
  else parts.push(t('routing.summary.toLastAgent'));
  if (a.priority !== undefined) parts.push(t('routing.summary.priority', { priority: priorityLabel(t, a.priority) }));
  const labels = (a.labelIds ?? []).map((id) => names.label(id)?.name ?? id);
  if (labels.length > 0) parts.push(t('routing.summary.labels', { labels: labels.join('、') }));
  return parts.join(t('routing.summary.comma'));
}

/** Dedicated agents, account manager and last agent apply only when one of them is online. */
export function targetNeedsOnline(a: RuleActions): boolean {
  return Boolean(a.target && a.target.kind !== 'team');
}
