import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

registerNotFoundSubject('customer', { 'zh-CN': '该客户', en: 'The customer' });
registerNotFoundSubject('customer_attribute', { 'zh-CN': '该客户属性', en: 'The customer attribute' });
registerNotFoundSubject('customer_note', { 'zh-CN': '该备注', en: 'The note' });

export const customersErrors = defineErrors({
  customer_phone_taken: { status: 409, message: { 'zh-CN': '该手机号已属于另一位客户', en: 'This phone number already belongs to another customer' } },
  customer_email_taken: { status: 409, message: { 'zh-CN': '该邮箱已属于另一位客户', en: 'This email address already belongs to another customer' } },
  customer_manager_invalid: { status: 400, message: { 'zh-CN': '客户经理必须是本店在职成员', en: 'The account manager must be an active member of this account' } },
  attribute_key_taken: { status: 409, message: { 'zh-CN': '已有相同标识的客户属性', en: 'A customer attribute with this key already exists' } },
  attribute_options_invalid: { status: 400, message: { 'zh-CN': '单选和多选属性需要至少一个选项，选项不能重复；其他类型不设选项', en: 'Select and multi-select attributes need at least one option, without repeats; other types take none' } },
  attribute_unknown: { status: 400, message: { 'zh-CN': '没有标识为「{key}」的客户属性', en: 'There is no customer attribute with the key “{key}”' } },
  attribute_value_invalid: { status: 400, message: { 'zh-CN': '属性「{label}」的值无效：{detail}', en: 'Invalid value for the attribute “{label}”: {detail}' } },
  customer_spend_range_invalid: { status: 400, message: { 'zh-CN': '消费金额下限不能大于上限', en: 'The minimum spend cannot exceed the maximum' } },
});
