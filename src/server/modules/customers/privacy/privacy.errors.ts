import { defineErrors } from '../../../platform/errors.ts';

export const privacyErrors = defineErrors({
  erase_not_confirmed: { status: 400, message: { 'zh-CN': '删除个人数据不可撤销，请勾选确认后再提交', en: 'Erasure cannot be undone: confirm it to go ahead' } },
  customer_already_erased: { status: 409, message: { 'zh-CN': '该客户的个人数据已删除', en: 'This customer’s personal data has already been erased' } },
});
