import { teamsZhCN } from './teams.zh-CN';
import { routingZhCN } from './routing.zh-CN';
import { wallboardZhCN } from './wallboard.zh-CN';
import { presenceZhCN } from './presence.zh-CN';
import { keyAccountsZhCN } from './key-accounts.zh-CN';
import { customerPrivacyZhCN } from './customer-privacy.zh-CN';
import { loyaltyZhCN } from './loyalty.zh-CN';
import { ordersZhCN } from './orders.zh-CN';
import { customersZhCN } from './customers.zh-CN';
import { conversationsZhCN } from './conversations.zh-CN';
import { adminZhCN } from './admin.zh-CN';
import { customerMergeZhCN } from './customer-merge.zh-CN';
import { notificationsZhCN } from './notifications.zh-CN';
import { workOrdersZhCN } from './work-orders.zh-CN';
import { workOrderSettingsZhCN } from './work-order-settings.zh-CN';

/**
 * Chinese (simplified) is the product's first language: every key starts here, and `en.ts` must
 * carry exactly the same keys (the type in `messages.ts` makes the compiler check it).
 */
export const zhCN = {
  ...customersZhCN,
  ...teamsZhCN,
  ...routingZhCN,
  ...wallboardZhCN,
  ...presenceZhCN,
  ...keyAccountsZhCN,
  ...customerPrivacyZhCN,
  ...loyaltyZhCN,
  ...ordersZhCN,
  ...conversationsZhCN,
  ...adminZhCN,
  ...customerMergeZhCN,
  ...notificationsZhCN,
  ...workOrdersZhCN,
  ...workOrderSettingsZhCN,
  'app.name': '店服 ShopDesk',
  'app.tagline': '电商客服与客户关系管理平台',
  'app.copyright': '© {year} 店服 ShopDesk · 开源电商客服与 CRM',
  'app.connectFailed': '无法连接服务器',
  'app.connectFailedHint': '请检查网络或稍后重试。',
  'app.sessionExpired': '登录已过期，请重新登录',

  'lang.switch': '切换语言',
  'lang.zh-CN': '简体中文',
  'lang.en': 'English',
  'lang.saveFailed': '语言偏好未能保存到个人资料：{message}',

  'common.save': '保存',
  'common.cancel': '取消',
  'common.edit': '编辑',
  'common.refresh': '刷新',
  'common.retry': '重试',
  'common.copy': '复制',
  'common.copied': '已复制到剪贴板',
  'common.copyFailed': '复制失败，请手动选择并复制',
  'common.actions': '操作',
  'common.done': '完成',
  'common.loadMore': '加载更多',
  'common.noMore': '没有更多了',
  'common.never': '从未',
  'common.optional': '选填',
  'common.you': '我',
  'common.backHome': '返回首页',
  'common.networkError': '网络连接失败，请检查网络后重试',
  'common.unknownError': '出错了，请稍后重试（{status}）',
  'common.loadFailed': '加载失败',
  'nav.home': '首页',
  'nav.conversations': '会话',
  'nav.settings': '团队与设置',
  'nav.users': '成员管理',
  'nav.roles': '角色与权限',
  'nav.audit': '操作日志',
  'nav.tokens': '接口令牌',
  'nav.account': '店铺设置',
  'nav.profile': '个人资料',
  'nav.logout': '退出登录',
  'nav.loggedOut': '已退出登录',

  'form.required': '请输入{field}',
  'form.selectRequired': '请选择{field}',
  'form.emailInvalid': '请输入有效的邮箱地址',
  'form.passwordMin': '密码至少 {min} 位',
  'form.passwordMismatch': '两次输入的密码不一致',

  'login.title': '登录',
  'login.welcome': '欢迎回来，请登录你的账号',
  'login.email': '邮箱',
  'login.emailPlaceholder': 'name@example.com',
  'login.password': '密码',
  'login.passwordPlaceholder': '请输入密码',
  'login.submit': '登录',
  'login.forgotHint': '忘记密码？请联系店铺管理员重置。',

  'home.greeting': '你好，{name}',
  'home.intro': '欢迎使用店服。以下是你可以使用的功能。',
  'home.role': '角色',
  'home.account': '店铺',
  'home.email': '邮箱',
  'home.lastLogin': '上次登录',
  'home.quickLinks': '快捷入口',
  'home.desc.conversations': '接待买家咨询：实时回复、分配与跟进',
  'home.desc.users': '查看团队成员，邀请新同事，调整角色与岗位',
  'home.desc.roles': '了解每个角色能做什么',
  'home.desc.audit': '追溯登录、权限变更等敏感操作',
  'home.desc.tokens': '为 ERP、店铺后台等外部系统创建接口令牌',
  'home.desc.account': '店铺名称、默认语言与时区',
  'home.desc.profile': '修改昵称、界面语言与登录密码',

  'nav.inboxes': '咨询入口',
  'home.desc.inboxes': '网站插件、邮箱、平台对接：顾客从哪里来，怎么接入',
  'common.create': '创建',
  'common.saved': '已保存',
  'nav.labels': '会话标签',
  'home.desc.labels': '给会话打标签，在列表中按标签筛选',
  'account.subtitle': '店铺的基本信息，对本店铺的全部成员生效。',
  'account.name': '店铺名称',
  'account.locale': '默认语言',
  'account.localeHelp': '新成员和买家界面默认使用的语言',
  'account.timezone': '时区',
  'account.timezoneHelp': '用于报表、SLA 计时和营业时间',
  'account.saved': '店铺设置已保存',

  'profile.subtitle': '你的个人信息与登录安全',
  'profile.basic': '基本信息',
  'profile.email': '登录邮箱',
  'profile.role': '角色',
  'profile.name': '姓名',
  'profile.nickname': '昵称',
  'profile.nicknameHelp': '买家在聊天窗口中看到的名称，留空则显示姓名',
  'profile.locale': '界面语言',
  'profile.saved': '个人资料已保存',
  'password.title': '修改密码',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.newHelp': '至少 8 位，且不能与邮箱相同',
  'password.confirm': '确认新密码',
  'password.submit': '修改密码',
  'password.changed': '密码已修改，其他设备上的登录已失效',

  'error.403.title': '无权访问',
  'error.403.desc': '你没有访问此页面的权限，如有需要请联系店铺管理员。',
  'error.404.title': '页面不存在',
  'error.404.desc': '你访问的页面不存在或已被移除。',

  'nav.quickReplies': '快捷回复',
  'home.desc.quickReplies': '维护团队话术与我的话术，输入 / 即可调用',
  'common.delete': '删除',
} as const;
