import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const accountsErrors = defineErrors({
  invalid_credentials: { status: 401, message: { 'zh-CN': '邮箱或密码不正确', en: 'Wrong email or password' } },
  too_many_attempts: { status: 429, message: { 'zh-CN': '登录失败次数过多，请 {seconds} 秒后再试', en: 'Too many failed sign-ins; try again in {seconds} s' } },
  user_deactivated: { status: 403, message: { 'zh-CN': '该账号已被停用，请联系管理员', en: 'This user has been deactivated; ask an admin' } },
  wrong_password: { status: 400, message: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' } },
  weak_password: { status: 400, message: { 'zh-CN': '密码至少 {min} 位，且不能与邮箱相同', en: 'The password needs at least {min} characters and must differ from the email' } },
  email_taken: { status: 409, message: { 'zh-CN': '该邮箱已被使用', en: 'This email is already in use' } },
  invitation_pending: { status: 409, message: { 'zh-CN': '该邮箱已有待接受的邀请', en: 'This email already has a pending invitation' } },
  invitation_invalid: { status: 404, message: { 'zh-CN': '邀请链接无效或已过期', en: 'The invitation link is invalid or has expired' } },
  role_not_assignable: { status: 403, message: { 'zh-CN': '你不能授予该角色', en: 'You cannot grant this role' } },
  owner_protected: { status: 403, message: { 'zh-CN': '店主账号不能被停用或降级', en: 'The owner cannot be deactivated or demoted' } },
  cannot_change_self: { status: 403, message: { 'zh-CN': '不能停用自己或修改自己的角色', en: 'You cannot deactivate yourself or change your own role' } },
  specialisation_needs_agent: { status: 400, message: { 'zh-CN': '只有客服角色可以设置岗位方向', en: 'Only agents have a specialisation' } },
});

registerNotFoundSubject('user', { 'zh-CN': '该成员', en: 'The user' });
