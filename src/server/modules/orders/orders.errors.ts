import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const ordersErrors = defineErrors({
  order_invalid: { status: 400, message: { 'zh-CN': '订单 {order} 无效：{reasonZh}', en: 'Order {order} is invalid: {reasonEn}' } },
  product_sku_taken: { status: 409, message: { 'zh-CN': '已有商品使用该商家编码（SKU）', en: 'Another product already has this SKU' } },
  product_group_invalid: { status: 400, message: { 'zh-CN': '商品分组不存在，或会形成循环', en: 'The product group does not exist or would make a cycle' } },
  cursor_invalid: { status: 400, message: { 'zh-CN': '分页游标无效，请从第一页重新开始', en: 'The page cursor is invalid; start again from the first page' } },
  webhook_source_unknown: { status: 404, message: { 'zh-CN': '未知的订单推送地址：来源须为 taobao、tmall、jd、shopify 或 web，并带上已设置推送密钥的店铺账户', en: 'Unknown order webhook: the source must be taobao, tmall, jd, shopify or web, with the account that set a webhook secret' } },
  webhook_timestamp_missing: { status: 401, message: { 'zh-CN': '订单推送缺少时间戳：请在请求头 X-ShopDesk-Timestamp 中带上 Unix 时间（秒），并对“时间戳.请求体”签名', en: 'The order webhook has no timestamp: send the Unix time in seconds as X-ShopDesk-Timestamp and sign "<timestamp>.<body>"' } },
  webhook_timestamp_invalid: { status: 401, message: { 'zh-CN': '订单推送时间戳无效：X-ShopDesk-Timestamp 应为 Unix 时间（秒）', en: 'The order webhook timestamp is invalid: X-ShopDesk-Timestamp must be the Unix time in seconds' } },
  webhook_timestamp_stale: { status: 401, message: { 'zh-CN': '订单推送时间戳与服务器时间相差超过 {minutes} 分钟，请求被拒绝（可能是重放，或发送方时钟不准）', en: 'The order webhook timestamp is more than {minutes} minutes from the server’s time; the request is refused (a replay, or the sender’s clock is wrong)' } },
  webhook_signature_invalid: { status: 401, message: { 'zh-CN': '订单推送签名无效', en: 'The order webhook signature is invalid' } },
  webhook_body_invalid: { status: 400, message: { 'zh-CN': '订单推送内容无效：{detail}', en: 'The order webhook body is invalid: {detail}' } },
  import_file_empty: { status: 400, message: { 'zh-CN': '文件是空的', en: 'The file is empty' } },
  import_file_too_large: { status: 413, message: { 'zh-CN': '文件过大（上限 {limit}）', en: 'The file is too large (limit {limit})' } },
  import_no_header: { status: 400, message: { 'zh-CN': '文件第一行应是表头', en: 'The first line of the file must be the header' } },
  import_mapping_invalid: { status: 400, message: { 'zh-CN': '字段对应有误：{detail}', en: 'The column mapping is invalid: {detail}' } },
  import_wrong_state: { status: 409, message: { 'zh-CN': '该导入当前不能执行此操作（状态：{status}）', en: 'The import cannot do this now (status: {status})' } },
});

registerNotFoundSubject('order', { 'zh-CN': '该订单', en: 'The order' });
registerNotFoundSubject('product_group', { 'zh-CN': '该商品分组', en: 'The product group' });
registerNotFoundSubject('order_import', { 'zh-CN': '该导入', en: 'The import' });
