import type { Locale } from './types.ts';

/** Every string the widget shows, in both languages. `{name}` placeholders are filled by `t`. */
const DICTIONARY = {
  'zh-CN': {
    open: '联系客服',
    close: '关闭',
    online: '在线',
    offline: '暂时离开',
    connecting: '正在连接…',
    reconnecting: '网络中断，正在重新连接…',
    placeholder: '输入消息…',
    send: '发送',
    emoji: '表情',
    attach: '发送图片或文件',
    uploading: '上传中 {percent}%',
    tooLarge: '文件不能超过 {limit}',
    sent: '已送达',
    read: '已读',
    sending: '发送中',
    failed: '未送达',
    retry: '重试',
    typing: '{name}正在输入',
    agent: '客服',
    today: '今天',
    earlier: '以前的对话',
    leaveTitle: '客服暂时不在线，请留言',
    leaveIntro: '留下你的联系方式和问题，客服上线后会第一时间联系你。',
    leaveName: '称呼',
    leaveContact: '手机号或邮箱',
    leaveBody: '留言内容',
    leaveSubmit: '提交留言',
    leaveSending: '正在提交…',
    leaveNeedName: '请填写称呼',
    leaveNeedContact: '请填写正确的手机号或邮箱',
    leaveNeedBody: '请填写留言内容',
    thanksTitle: '留言已收到，谢谢！',
    thanksBody: '客服上线后会尽快通过 {contact} 联系你。',
    thanksAgain: '再留一条',
    networkError: '网络连接失败，请稍后再试',
    loadError: '客服暂时无法连接：{message}',
    tryAgain: '重新连接',
    missingInbox: '店服组件缺少 data-inbox 属性',
    queued: '排队中：前面还有 {n} 位顾客',
    queuedNext: '排队中：下一位就是你',
    queuedEta: '，预计等待约 {m} 分钟',
    workOrders: '我的工单',
    backToChat: '返回',
    workOrdersLoading: '正在加载…',
    workOrdersEmpty: '暂时没有工单。需要客服跟进的问题（如办理进度、物流异常）会在这里显示处理进度。',
    workOrdersNoReply: '客服正在处理，有进展会第一时间告诉你。',
  },
  en: {
    open: 'Chat with us',
    close: 'Close',
    online: 'Online',
    offline: 'Away',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost, reconnecting…',
    placeholder: 'Type a message…',
    send: 'Send',
    emoji: 'Emoji',
    attach: 'Send a photo or file',
    uploading: 'Uploading {percent}%',
    tooLarge: 'Files can be at most {limit}',
    sent: 'Delivered',
    read: 'Read',
    sending: 'Sending',
    failed: 'Not delivered',
    retry: 'Retry',
    typing: '{name} is typing',
    agent: 'Support',
    today: 'Today',
    earlier: 'Earlier conversation',
    leaveTitle: "We're away, leave us a message",
    leaveIntro: "Tell us how to reach you and what you need; we'll get back to you as soon as we're back.",
    leaveName: 'Your name',
    leaveContact: 'Phone or email',
    leaveBody: 'Message',
    leaveSubmit: 'Send message',
    leaveSending: 'Sending…',
    leaveNeedName: 'Please enter your name',
    leaveNeedContact: 'Please enter a valid phone number or email address',
    leaveNeedBody: 'Please enter a message',
    thanksTitle: 'Thank you, we got your message!',
    thanksBody: "We'll contact you at {contact} as soon as we're back.",
    thanksAgain: 'Leave another message',
    networkError: 'Network error, please try again later',
    loadError: 'Chat is unavailable: {message}',
    tryAgain: 'Try again',
    missingInbox: 'The ShopDesk widget needs a data-inbox attribute',
    queued: 'In the queue: {n} ahead of you',
    queuedNext: "In the queue: you're next",
    queuedEta: ', about {m} min',
    workOrders: 'My requests',
    backToChat: 'Back',
    workOrdersLoading: 'Loading…',
    workOrdersEmpty: 'No requests yet. When the shop follows something up for you (an application, a delayed parcel), its progress shows here.',
    workOrdersNoReply: 'We are working on it and will tell you as soon as there is news.',
  },
} satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof DICTIONARY)['zh-CN'];

/**
 * zh* → zh-CN, anything else → en. The shop's setting wins, then the page's `lang`; a page that
 * declares no language falls back to the browser's.
 */
export function pickLocale(setting?: string | null, pageLang?: string | null, browserLang?: string | null): Locale {
  const tag = (setting?.trim() || pageLang?.trim() || browserLang?.trim() || '').toLowerCase();
  return tag.startsWith('zh') ? 'zh-CN' : 'en';
}

export function translator(locale: Locale) {
  const dict: Record<MessageKey, string> = DICTIONARY[locale];
  return (key: MessageKey, vars?: Record<string, string>): string =>
    vars ? dict[key].replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '') : dict[key];
}

export type Translate = ReturnType<typeof translator>;
