import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const conversationsErrors = defineErrors({
  inbox_not_found: { status: 404, message: { 'zh-CN': '咨询入口不存在或已停用', en: 'This chat inbox does not exist' } },
  identity_invalid: { status: 403, message: { 'zh-CN': '顾客身份签名无效', en: 'The customer identity signature is invalid' } },
  visitor_unknown: { status: 401, message: { 'zh-CN': '会话已失效，请刷新页面', en: 'Your chat session has expired; reload the page' } },
  conversation_closed: { status: 409, message: { 'zh-CN': '该会话已结束', en: 'This conversation has ended' } },
  rate_limited: { status: 429, message: { 'zh-CN': '发送太快了，请 {seconds} 秒后再试', en: 'You are sending too fast; try again in {seconds} s' } },
  upgrade_required: { status: 426, message: { 'zh-CN': '此地址需要 WebSocket 连接', en: 'This endpoint needs a WebSocket connection' } },
  assignee_invalid: { status: 400, message: { 'zh-CN': '只能分配给本店在职的客服', en: 'Assign only to an active member of this account' } },
});

registerNotFoundSubject('conversation', { 'zh-CN': '该会话', en: 'The conversation' });
