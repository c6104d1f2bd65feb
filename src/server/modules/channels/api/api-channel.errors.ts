import { defineErrors, registerNotFoundSubject } from '../../../platform/errors.ts';

export const apiChannelErrors = defineErrors({
  api_channel_disabled: { status: 409, message: { 'zh-CN': '该接口渠道已停用，请在咨询入口设置中启用', en: 'This API channel is turned off; turn it on in the inbox settings' } },
  delivery_in_progress: { status: 409, message: { 'zh-CN': '该推送正在投递中，请稍后再试', en: 'This delivery is still being attempted; try again later' } },
});

registerNotFoundSubject('api_inbox', { 'zh-CN': '该接口渠道入口', en: 'The API inbox' });
registerNotFoundSubject('webhook_delivery', { 'zh-CN': '该推送记录', en: 'The webhook delivery' });
