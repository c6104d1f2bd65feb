import { defineErrors, registerNotFoundSubject } from '../../../platform/errors.ts';

registerNotFoundSubject('customer_merge', { 'zh-CN': '该合并记录', en: 'The merge' });

export const mergeErrors = defineErrors({
  merge_same_customer: { status: 400, message: { 'zh-CN': '不能把客户与自己合并', en: 'A customer cannot be merged with itself' } },
  merge_customer_merged: { status: 409, message: { 'zh-CN': '客户 {id} 已合并到 {survivorId}，请在保留的客户 {survivorId} 上操作', en: 'Customer {id} has been merged into {survivorId}: work on {survivorId} instead' } },
  merge_customer_erased: { status: 409, message: { 'zh-CN': '客户 {id} 的个人数据已删除，不能合并', en: 'Customer {id}’s personal data has been erased; it cannot be merged' } },
  merge_already_undone: { status: 409, message: { 'zh-CN': '这次合并已于 {at} 撤销，不能重复撤销', en: 'This merge was undone at {at}; it cannot be undone again' } },
  merge_undo_blocked: { status: 409, message: { 'zh-CN': '保留的客户 {survivorId} 之后又合并到了 {into}，请先撤销那次合并', en: 'The surviving customer {survivorId} was later merged into {into}: undo that merge first' } },
  merge_customer_not_merged: { status: 409, message: { 'zh-CN': '客户 {id} 当前不是被合并状态，无法撤销这次合并', en: 'Customer {id} is no longer merged; this merge cannot be undone' } },
});
