import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

export const ticketsErrors = defineErrors({
  work_order_type_invalid: { status: 400, message: { 'zh-CN': '所选工单类型不存在或已停用', en: 'No such work order type, or it is archived' } },
  work_order_team_invalid: { status: 400, message: { 'zh-CN': '所选团队不存在，请刷新后重试', en: 'No such team; reload and try again' } },
  work_order_assignee_invalid: { status: 400, message: { 'zh-CN': '处理人必须是本店在职成员', en: 'The assignee must be an active member of this account' } },
  work_order_customer_invalid: { status: 400, message: { 'zh-CN': '所选客户不存在', en: 'No such customer' } },
  work_order_conversation_invalid: { status: 400, message: { 'zh-CN': '所选会话不存在', en: 'No such conversation' } },
  work_order_field_invalid: { status: 400, message: { 'zh-CN': '字段“{label}”填写不正确：{reason}', en: 'The field “{label}” is not valid: {reason}' } },
  work_order_reply_needs_conversation: { status: 409, message: { 'zh-CN': '该工单没有关联会话，无法回复顾客；请先关联会话或发内部评论', en: 'This work order has no conversation to reply through; link one or write an internal comment' } },
  work_order_attachment_invalid: { status: 400, message: { 'zh-CN': '附件不存在或不属于该工单', en: 'The attachment does not exist or belongs to another work order' } },
  work_order_mention_invalid: { status: 400, message: { 'zh-CN': '只能 @ 本店在职成员', en: 'Mention active members of this account only' } },
  work_order_already_linked: { status: 409, message: { 'zh-CN': '该会话已关联到此工单', en: 'The conversation is already linked to this work order' } },
  sla_calendar_timezone_invalid: { status: 400, message: { 'zh-CN': '时区“{timezone}”无效，请填写 IANA 时区，如 Asia/Shanghai', en: 'The time zone “{timezone}” is not valid; use an IANA zone such as Asia/Shanghai' } },
  sla_calendar_day_invalid: { status: 400, message: { 'zh-CN': '日期 {date} 无效或重复出现', en: 'The date {date} is not valid or appears twice' } },
  sla_calendar_in_use: { status: 409, message: { 'zh-CN': '仍有 {count} 个 SLA 策略使用该服务时间，请先改用其他服务时间', en: '{count} SLA policies use this calendar; move them to another first' } },
  sla_policy_calendar_invalid: { status: 400, message: { 'zh-CN': '所选服务时间不存在，请刷新后重试', en: 'No such service calendar; reload and try again' } },
  sla_policy_tier_invalid: { status: 400, message: { 'zh-CN': '会员等级“{tier}”不存在', en: 'No such membership tier “{tier}”' } },
  sla_policy_target_duplicate: { status: 400, message: { 'zh-CN': '同一优先级和会员等级的时限只能设一行', en: 'Set one row per priority and tier' } },
  sla_policy_escalation_invalid: { status: 400, message: { 'zh-CN': '升级级别须从 1 开始连续编号，且时间逐级递增', en: 'Escalation levels must count up from 1 with growing times' } },
  sla_policy_in_use: { status: 409, message: { 'zh-CN': '仍有 {count} 个工单类型使用该 SLA 策略，请先改用其他策略', en: '{count} work order types use this SLA policy; move them to another first' } },
  work_order_type_name_taken: { status: 409, message: { 'zh-CN': '已有同名的工单类型', en: 'A work order type of that name already exists' } },
  work_order_type_policy_invalid: { status: 400, message: { 'zh-CN': '所选 SLA 策略不存在，请刷新后重试', en: 'No such SLA policy; reload and try again' } },
  work_order_report_range_invalid: { status: 400, message: { 'zh-CN': '报表月份范围无效：起始月不能晚于结束月，且最多 36 个月', en: 'The report range is not valid: from must not be after to, and at most 36 months' } },
  work_order_type_in_use: { status: 409, message: { 'zh-CN': '已有 {count} 张工单使用该类型，不能删除；可改为停用', en: '{count} work orders use this type, so it cannot be deleted; archive it instead' } },
  work_order_type_fields_invalid: { status: 400, message: { 'zh-CN': '字段设置有误：{reason}', en: 'The fields are not valid: {reason}' } },
});

registerNotFoundSubject('work_order', { 'zh-CN': '该工单', en: 'The work order' });
registerNotFoundSubject('work_order_type', { 'zh-CN': '该工单类型', en: 'The work order type' });
registerNotFoundSubject('sla_policy', { 'zh-CN': '该 SLA 策略', en: 'The SLA policy' });
registerNotFoundSubject('sla_calendar', { 'zh-CN': '该服务时间', en: 'The service calendar' });
registerNotFoundSubject('notification', { 'zh-CN': '该通知', en: 'The notification' });
