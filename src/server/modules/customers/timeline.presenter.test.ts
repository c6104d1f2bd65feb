import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timelineTitle } from './timeline.presenter.ts';

test('timeline titles speak both languages and use what each kind records', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['order.paid', { paidTotal: '189.00' }, '订单付款 ¥189.00', 'Order paid ¥189.00'],
    ['order.refunded', {}, '订单退款', 'Order refunded'],
    ['order.shipped', { platformOrderId: 'TM1' }, '订单 TM1 已发货', 'Order TM1 shipped'],
    ['tier.changed', { from: 'vip', to: 'svip' }, '会员等级变更：VIP会员 → 至尊VIP会员', 'Tier changed: VIP member → Supreme VIP member'],
    ['tier.changed', { from: 'normal', to: 'gold' }, '会员等级变更：普通会员 → gold', 'Tier changed: Member → gold'],
    ['points.earned', { points: 189 }, '获得 189 积分', 'Points earned: 189 points'],
    ['points.reversed', { points: -189 }, '积分冲回 189 积分', 'Points reversed: 189 points'],
    ['points.adjusted', { points: -30 }, '积分调整 -30', 'Points adjusted: -30'],
    ['points.adjusted', { points: 50 }, '积分调整 +50', 'Points adjusted: +50'],
    ['points.redeemed', { points: 500, gift: '旅行装小样' }, '兑换 旅行装小样（500 积分）', 'Redeemed 旅行装小样 for 500 points'],
    ['points.expired', { points: 20 }, '积分过期 20 积分', 'Points expired: 20 points'],
    ['key_account.visit', { outcome: '满意' }, '大客户回访', 'Key account return visit'],
    ['consent.changed', { channel: 'sms', status: 'opted_out' }, '短信退订', 'Consent: opted out (text message)'],
    ['consent.changed', {}, '联系授权变更', 'Contact consent changed'],
    ['customer.note', { authorName: '小美' }, '小美 添加了备注', 'Note by 小美'],
    ['conversation.started', { channel: 'email' }, '咨询会话（邮件）', 'Conversation (email)'],
    ['segment.entered', {}, '客户动态：segment.entered', 'Activity: segment.entered'],
  ];
  for (const [kind, data, zh, en] of cases) {
    assert.equal(timelineTitle(kind, data, 'zh-CN'), zh, `${kind} zh-CN`);
    assert.equal(timelineTitle(kind, data, 'en'), en, `${kind} en`);
  }
});
