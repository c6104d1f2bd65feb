import { defineErrors, registerNotFoundSubject } from '../../../platform/errors.ts';

export const keyAccountsErrors = defineErrors({
  account_manager_invalid: { status: 400, message: { 'zh-CN': '客户经理必须是本店在职成员', en: 'The account manager must be an active member of this account' } },
  visit_already_done: { status: 409, message: { 'zh-CN': '该回访已完成或已取消', en: 'This return visit is already done or cancelled' } },
  visit_not_yours: { status: 403, message: { 'zh-CN': '只有该客户的客户经理或主管可以完成此回访', en: 'Only the customer’s account manager or a supervisor can complete this return visit' } },
  key_account_erased: { status: 409, message: { 'zh-CN': '该客户的个人数据已删除，不能设为大客户', en: 'This customer’s personal data has been erased; they cannot be made a key account' } },
});

registerNotFoundSubject('key_account', { 'zh-CN': '该大客户', en: 'The key account' });
registerNotFoundSubject('visit', { 'zh-CN': '该回访', en: 'The return visit' });
