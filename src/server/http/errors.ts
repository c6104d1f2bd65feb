import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../platform/errors.ts';
import type { Locale } from '../platform/locale.ts';

type Issue = { path?: PropertyKey[]; instancePath?: string; message?: string; code?: string; keys?: string[]; expected?: string; params?: Record<string, unknown> };

const DETAIL: Record<string, { 'zh-CN': (i: Issue) => string; en: (i: Issue) => string }> = {
  invalid_type: { 'zh-CN': (i) => `类型应为 ${i.expected ?? ''}`, en: (i) => `expected ${i.expected ?? 'another type'}` },
  too_small: { 'zh-CN': () => '太短或太小', en: () => 'too short or too small' },
  too_big: { 'zh-CN': () => '太长或太大', en: () => 'too long or too large' },
  invalid_format: { 'zh-CN': (i) => `格式不正确${i.expected ? `（应为 ${i.expected}）` : ''}`, en: (i) => `wrong format${i.expected ? ` (expected ${i.expected})` : ''}` },
  invalid_value: { 'zh-CN': () => '不是允许的取值', en: () => 'not an allowed value' },
  unrecognized_keys: { 'zh-CN': (i) => `不认识的字段 ${(i.keys ?? []).join(', ')}`, en: (i) => `unknown field ${(i.keys ?? []).join(', ')}` },
  custom: { 'zh-CN': () => '取值无效', en: (i) => i.message ?? 'invalid value' },
};

function fieldOf(issue: Issue, context?: string): string | undefined {
  const path = issue.path?.length ? issue.path.map(String).join('.') : issue.instancePath?.replace(/^\//, '').replace(/\//g, '.');
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) return [path, issue.keys[0]].filter(Boolean).join('.');
  return path || (context === 'body' ? undefined : context);
}

export function validationError(error: FastifyError, locale: Locale): { status: number; body: object } {
  const raw = ((error.validation ?? [])[0] ?? {}) as { keyword?: string; instancePath?: string; message?: string; params?: Record<string, any> };
  const issue: Issue = { code: raw.keyword, instancePath: raw.instancePath, message: raw.message, keys: raw.params?.keys, expected: raw.params?.expected ?? raw.params?.format };
  const field = fieldOf(issue, error.validationContext);
  const describe = DETAIL[issue.code ?? 'custom'] ?? DETAIL.custom;
  const detail = `${field ? `${field}: ` : ''}${describe[locale](issue)}`;
  const err = new AppError('validation_failed', { field, vars: { detail } });
  return { status: 400, body: { error: { code: err.code, message: err.messageIn(locale), ...(field ? { field } : {}) } } };
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (or the object holding the first key) in a parsed request part that
 * the database cannot store: PostgreSQL refuses NUL in text and unpaired UTF-16 surrogates in jsonb.
 * Null when there is none. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function unstorableTextPath(value: unknown): string | null {
  const bad = (s: string) => UNSTORABLE.test(s);
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (bad(v)) return path;
    } else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      // Raw bytes (an uploaded file, a mail's source) are not text: walking them byte by byte would only cost time.
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k;
        if (bad(k)) return path;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

export function unstorableTextError(field: string | undefined, locale: Locale): AppError {
  const detail = `${field ? `${field}: ` : ''}${locale === 'en' ? 'contains a character that cannot be stored (NUL or an unpaired surrogate)' : '包含无法保存的字符（NUL 或不成对的代理字符）'}`;
  return new AppError('validation_failed', { field, vars: { detail } });
}

/** Maps anything thrown to the one error shape; only unknown errors become a 500, and they are logged. */
export function errorHandler(error: FastifyError & { code?: string }, req: FastifyRequest, reply: FastifyReply) {
  const locale = req.locale ?? 'zh-CN';
  const send = (err: AppError) => {
    if (err.headers) reply.headers(err.headers);
    return reply.status(err.status).send({ error: { code: err.code, message: err.messageIn(locale), ...(err.field ? { field: err.field } : {}) } });
  };
  if (error instanceof AppError) return send(error);
  if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
    const { status, body } = validationError(error, locale);
    return reply.status(status).send(body);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send(new AppError('invalid_json'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(new AppError('payload_too_large', { vars: { limit: '1 MB' } }));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send(new AppError('unsupported_media_type'));
    default:
      break;
  }
  if (typeof error.message === 'string' && /JSON|Unexpected token|Unexpected end/i.test(error.message) && error.statusCode === 400) {
    return send(new AppError('invalid_json'));
  }
  if (isDatabaseUnavailable(error)) {
    req.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', '5');
    return send(new AppError('service_unavailable'));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return send(new AppError(error.statusCode === 404 ? 'not_found' : error.statusCode === 429 ? 'too_many_requests' : 'bad_request', { vars: { seconds: 60 } }));
  }
  if (isResponseSerializationError(error)) req.log.error({ err: error, cause: error.cause }, 'response did not match its schema');
  else req.log.error({ err: error }, 'unhandled error');
  return send(new AppError('internal'));
}

const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && UNAVAILABLE.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? '');
}
