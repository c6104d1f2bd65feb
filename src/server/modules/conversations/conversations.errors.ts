import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const conversationsErrors = defineErrors({
  inbox_not_found: { status: 404, message: { 'zh-CN': '咨询入口不存在或已停用', en: 'This chat inbox does not exist' } },
  identity_invalid: { status: 403, message: { 'zh-CN': '顾客身份签名无效', en: 'The customer identity signature is invalid' } },
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
