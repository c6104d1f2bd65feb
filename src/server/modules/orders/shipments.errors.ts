import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const shipmentsErrors = defineErrors({
  shipment_tracking_taken: { status: 409, message: { 'zh-CN': '该快递公司的这个运单号已登记在另一个订单上', en: 'This courier’s waybill number is already recorded on another order' } },
  shipment_order_not_shippable: { status: 409, message: { 'zh-CN': '订单当前状态（{status}）不能发货：只有已付款的订单可以登记运单', en: 'The order cannot ship in its current status ({status}): only paid orders get a waybill' } },
});

registerNotFoundSubject('shipment', { 'zh-CN': '该运单', en: 'The shipment' });
