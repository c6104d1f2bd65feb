import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const conversationsErrors = defineErrors({
  inbox_not_found: { status: 404, message: { 'zh-CN': '咨询入口不存在或已停用', en: 'This chat inbox does not exist' } },
  identity_invalid: { status: 403, message: { 'zh-CN': '顾客身份签名无效：应为用顾客身份密钥对“顾客编号.expiresAt”计算的 HMAC-SHA256（十六进制）', en: 'The customer identity signature is invalid: it must be the hex HMAC-SHA256 of "<customerId>.<expiresAt>" keyed with the identity secret' } },
  identity_expiry_missing: { status: 400, message: { 'zh-CN': '顾客身份缺少有效期：请带上 expiresAt（Unix 时间，单位秒，最多 {days} 天后），并对“顾客编号.expiresAt”签名；只对顾客编号签名的旧方式已不再接受', en: 'The customer identity has no expiry: send expiresAt (Unix time in seconds, at most {days} days ahead) and sign "<customerId>.<expiresAt>"; a signature of the customer id alone is no longer accepted' } },
  identity_expired: { status: 403, message: { 'zh-CN': '顾客身份签名已过期，请刷新页面后重试（店铺应在每次打开页面时重新签名）', en: 'The customer identity signature has expired; reload the page and try again (the shop should sign afresh for each page)' } },
  identity_expiry_too_far: { status: 400, message: { 'zh-CN': '顾客身份有效期过长：expiresAt 最多为 {days} 天后（Unix 时间，单位是秒而不是毫秒）', en: 'The customer identity expires too far ahead: expiresAt may be at most {days} days from now (Unix time in seconds, not milliseconds)' } },
  visitor_unknown: { status: 401, message: { 'zh-CN': '会话已失效，请刷新页面', en: 'Your chat session has expired; reload the page' } },
  conversation_closed: { status: 409, message: { 'zh-CN': '该会话已结束', en: 'This conversation has ended' } },
  rate_limited: { status: 429, message: { 'zh-CN': '发送太快了，请 {seconds} 秒后再试', en: 'You are sending too fast; try again in {seconds} s' } },
  upgrade_required: { status: 426, message: { 'zh-CN': '此地址需要 WebSocket 连接', en: 'This endpoint needs a WebSocket connection' } },
  member_invalid: { status: 400, message: { 'zh-CN': '只能提及或转接给本店在职的成员', en: 'Mention or transfer only to active members of this account' } },
  transfer_not_yours: { status: 403, message: { 'zh-CN': '只能转接自己负责的会话；请联系组长或调度改派', en: 'You can transfer only your own conversations; ask a team lead or the dispatcher to reassign this one' } },
  transfer_same: { status: 400, message: { 'zh-CN': '会话已由该成员负责', en: 'This member already has the conversation' } },
  mentions_need_note: { status: 400, message: { 'zh-CN': '@提及只能用在内部备注里', en: '@mentions are for internal notes only' } },
  assignee_invalid: { status: 400, message: { 'zh-CN': '只能分配给本店在职的客服', en: 'Assign only to an active member of this account' } },
});

registerNotFoundSubject('conversation', { 'zh-CN': '该会话', en: 'The conversation' });
