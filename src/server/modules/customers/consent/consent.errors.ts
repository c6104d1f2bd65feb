import { defineErrors } from '../../../platform/errors.ts';

export const consentErrors = defineErrors({
  contact_window_closed: { status: 409, message: { 'zh-CN': '该客户最近30天内没有订单或会话，且未订阅，不能主动联系', en: 'This customer has had no order or conversation in the last 30 days and has not subscribed, so they cannot be contacted' } },
  contact_opted_out: { status: 409, message: { 'zh-CN': '该客户已退订此渠道，不能主动联系', en: 'This customer has opted out of this channel and cannot be contacted on it' } },
  contact_channel_unavailable: { status: 409, message: { 'zh-CN': '该客户在此渠道没有可用的联系方式，或店铺未开通此渠道', en: 'The customer cannot be reached on this channel: no contact on it, or the shop has no inbox for it' } },
  contact_customer_erased: { status: 409, message: { 'zh-CN': '该客户的个人数据已删除，不能联系', en: 'This customer’s personal data has been erased; they cannot be contacted' } },
});
