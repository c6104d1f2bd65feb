import { defineErrors, registerNotFoundSubject } from '../../../platform/errors.ts';

registerNotFoundSubject('gift', { 'zh-CN': '该礼品', en: 'The gift' });
registerNotFoundSubject('reevaluation', { 'zh-CN': '等级重新评定任务', en: 'The tier re-evaluation' });

export const loyaltyErrors = defineErrors({
  tier_key_repeated: { status: 400, message: { 'zh-CN': '等级标识「{key}」重复了', en: 'The tier key “{key}” is used twice' } },
  tier_base_has_threshold: { status: 400, message: { 'zh-CN': '第一个（最低）等级是所有客户的起点，不能设门槛', en: 'The first (lowest) tier is where every customer starts: it cannot have thresholds' } },
  tier_needs_threshold: { status: 400, message: { 'zh-CN': '等级「{name}」需要设置消费金额或订单数门槛', en: 'The tier “{name}” needs a spend or order-count threshold' } },
  points_insufficient: { status: 409, message: { 'zh-CN': '积分不足：当前余额 {balance}，需要 {needed}', en: 'Not enough points: the balance is {balance}, {needed} are needed' } },
  gift_out_of_stock: { status: 409, message: { 'zh-CN': '该礼品已兑完', en: 'This gift is out of stock' } },
  gift_inactive: { status: 409, message: { 'zh-CN': '该礼品已下架，不能兑换', en: 'This gift is withdrawn and cannot be redeemed' } },
  points_cursor_invalid: { status: 400, message: { 'zh-CN': '分页游标无效，请从第一页重新加载', en: 'The page cursor is invalid; reload from the first page' } },
});
