import { defineErrors, registerNotFoundSubject } from '../../../platform/errors.ts';

export const EMAIL_MAX_BYTES = 25 * 1024 * 1024;

export const emailChannelErrors = defineErrors({
  email_inbox_not_found: { status: 404, message: { 'zh-CN': '邮件入口不存在', en: 'This email inbox does not exist' } },
  email_key_invalid: { status: 401, message: { 'zh-CN': '邮件接收密钥缺失或不正确（请在请求头 X-ShopDesk-Inbound-Key 或 ?key= 中提供该邮件入口的接收密钥）', en: 'The inbound key is missing or wrong (send the email inbox’s inbound key as the X-ShopDesk-Inbound-Key header or ?key=)' } },
  email_raw_required: { status: 415, message: { 'zh-CN': '请以 message/rfc822 或 text/plain 提交邮件原文（RFC 5322）', en: 'Post the raw message (RFC 5322) as message/rfc822 or text/plain' } },
  email_too_large: { status: 413, message: { 'zh-CN': '邮件过大（上限 {limit}），未保存', en: 'The message is too large (limit {limit}); it was not stored' } },
  email_empty: { status: 400, message: { 'zh-CN': '邮件内容为空', en: 'The message is empty' } },
  email_unreadable: { status: 400, message: { 'zh-CN': '无法解析该邮件原文，邮件未保存', en: 'The raw message could not be parsed; it was not stored' } },
  email_sender_missing: { status: 400, message: { 'zh-CN': '无法读取发件人地址（From），邮件未保存', en: 'The message has no readable sender address (From); it was not stored' } },
  smtp_host_required: { status: 400, message: { 'zh-CN': '请填写发信服务器（SMTP）地址', en: 'Enter the SMTP server' } },
});

registerNotFoundSubject('email_inbox', { 'zh-CN': '该邮件入口', en: 'The email inbox' });
