import type { Locale, Localized } from './locale.ts';

/**
 * Every error a user can see has a stable code, an HTTP status and a message in each language.
 * Modules add their own codes with `defineErrors`; the HTTP layer turns them into one JSON shape.
 */
type ErrorSpec = { status: number; message: Localized };

const catalogue = new Map<string, ErrorSpec>();

export function defineErrors<T extends Record<string, ErrorSpec>>(specs: T): T {
  for (const [code, spec] of Object.entries(specs)) catalogue.set(code, spec);
  return specs;
}

export const platformErrors = defineErrors({
  bad_request: { status: 400, message: { 'zh-CN': '请求无效', en: 'The request is invalid' } },
  validation_failed: { status: 400, message: { 'zh-CN': '输入有误：{detail}', en: 'Invalid input: {detail}' } },
  invalid_json: { status: 400, message: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' } },
  unsupported_media_type: { status: 415, message: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' } },
  payload_too_large: { status: 413, message: { 'zh-CN': '请求体过大（上限 {limit}）', en: 'The request body is too large (limit {limit})' } },
  unauthenticated: { status: 401, message: { 'zh-CN': '请先登录', en: 'Please sign in' } },
  csrf_failed: { status: 403, message: { 'zh-CN': '安全校验失败，请刷新页面后重试', en: 'Security check failed; reload the page and try again' } },
  forbidden: { status: 403, message: { 'zh-CN': '你没有执行此操作的权限', en: 'You do not have permission to do this' } },
  not_found: { status: 404, message: { 'zh-CN': '未找到{what}', en: '{what} not found' } },
  route_not_found: { status: 404, message: { 'zh-CN': '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' } },
  method_not_allowed: { status: 405, message: { 'zh-CN': '不支持该请求方法', en: 'Method not allowed' } },
  conflict: { status: 409, message: { 'zh-CN': '数据冲突：{detail}', en: 'Conflict: {detail}' } },
  too_many_requests: { status: 429, message: { 'zh-CN': '请求过于频繁，请 {seconds} 秒后再试', en: 'Too many requests; try again in {seconds} s' } },
  service_unavailable: { status: 503, message: { 'zh-CN': '服务暂时不可用，请稍后重试', en: 'The service is temporarily unavailable; try again shortly' } },
  internal: { status: 500, message: { 'zh-CN': '服务器内部错误，请稍后重试', en: 'Internal server error; please try again' } },
});

const WHAT: Record<string, Localized> = {
  resource: { 'zh-CN': '该记录', en: 'The record' },
  user: { 'zh-CN': '该成员', en: 'The user' },
  invitation: { 'zh-CN': '该邀请', en: 'The invitation' },
  api_token: { 'zh-CN': '该令牌', en: 'The API token' },
  account: { 'zh-CN': '该店铺账户', en: 'The account' },
};

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field?: string;
  readonly vars: Record<string, string | number>;
  readonly headers?: Record<string, string>;

  constructor(
    code: string,
    opts: { field?: string; vars?: Record<string, string | number>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    const spec = catalogue.get(code);
    if (!spec) throw new Error(`unknown error code ${code}`);
    super(render(spec.message.en, opts.vars ?? {}), { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.field = opts.field;
    this.vars = opts.vars ?? {};
    this.headers = opts.headers;
  }

  messageIn(locale: Locale): string {
    const spec = catalogue.get(this.code)!;
    return render(spec.message[locale], this.vars, locale);
  }
}

function render(template: string, vars: Record<string, string | number>, locale: Locale = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = vars[key];
    if (key === 'what') return (WHAT[String(value ?? 'resource')] ?? WHAT.resource)[locale];
    return value === undefined ? '' : String(value);
  });
}

export function notFound(what: keyof typeof WHAT | string = 'resource'): AppError {
  return new AppError('not_found', { vars: { what } });
}

export function registerNotFoundSubject(key: string, label: Localized): void {
  WHAT[key] = label;
}
