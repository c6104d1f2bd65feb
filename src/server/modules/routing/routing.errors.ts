import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const routingErrors = defineErrors({
  team_name_taken: { status: 409, message: { 'zh-CN': '同一层级下已有同名团队', en: 'A team with this name already exists at this level' } },
  team_parent_invalid: { status: 400, message: { 'zh-CN': '上级团队不存在，或会形成循环', en: 'The parent team does not exist or would make a cycle' } },
  team_in_use: { status: 409, message: { 'zh-CN': '该团队仍被分配规则或兜底设置使用，请先修改规则', en: 'Routing rules or the fallback setting still use this team; change them first' } },
  agent_invalid: { status: 400, message: { 'zh-CN': '只能选择本店在职、可接待顾客的成员', en: 'Choose active members of this account who may answer customers' } },
  team_invalid: { status: 400, message: { 'zh-CN': '所选团队不存在，请刷新后重试', en: 'No such team; reload and try again' } },
  agent_needs_user: { status: 404, message: { 'zh-CN': '接口令牌不代表任何客服，没有自己的接待状态', en: 'An API token is not an agent and has no status of its own' } },
  rule_target_invalid: { status: 400, message: { 'zh-CN': '规则的分配目标无效：团队不存在', en: 'The rule’s target is invalid: the team does not exist' } },
  rule_order_invalid: { status: 400, message: { 'zh-CN': '排序必须包含全部规则，且每条只出现一次', en: 'The order must name every rule exactly once' } },
  routing_needs_fallback: { status: 400, message: { 'zh-CN': '开启自动分配前，请先设置兜底团队', en: 'Set a fallback team before turning automatic assignment on' } },
});

registerNotFoundSubject('team', { 'zh-CN': '该团队', en: 'The team' });
registerNotFoundSubject('rule', { 'zh-CN': '该规则', en: 'The rule' });
registerNotFoundSubject('product', { 'zh-CN': '该商品', en: 'The product' });
