import crypto from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { AppError } from '../../../platform/errors.ts';
import './email.errors.ts';

/** A received email reduced to what a conversation keeps: plain text only, never HTML to render. */
export type ParsedEmail = {
  /** Without angle brackets; made from the raw bytes when the mail has none, so a re-post still dedupes. */
  messageId: string;
  inReplyTo: string | null;
  /** Oldest first, as the References header lists them. */
  references: string[];
  subject: string;
  from: { address: string; name: string };
  replyTo: string | null;
  to: string[];
  cc: string[];
  date: Date | null;
  text: string;
  /** True when text was cut at MAX_TEXT characters. */
  truncated: boolean;
  /** An out-of-office reply or other machine-sent mail (Auto-Submitted header). */
  autoSubmitted: boolean;
  attachments: EmailAttachment[];
};

export type EmailAttachment = { fileName: string; contentType: string; content: Buffer; size: number; sha256: string };

export const MAX_TEXT = 20_000;
const MAX_ATTACHMENTS = 50;
const MAX_ID = 250;
const MAX_REFERENCES = 20;

// PostgreSQL refuses NUL in text and unpaired UTF-16 surrogates in jsonb: mail from anywhere may hold either.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storable(s: string): string {
  return s.replace(UNSTORABLE, '');
}

function oneLine(s: string, max: number): string {
  return storable(s).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max);
}

/** `<abc@example.com>` → `abc@example.com`; absurdly long ids are replaced by their hash so they still match. */
export function normalizeMessageId(value: string): string | null {
  const bare = storable(value).trim().replace(/^<|>$/g, '').replace(/\s+/g, '');
  if (!bare) return null;
  return bare.length > MAX_ID ? `sha256.${crypto.createHash('sha256').update(bare).digest('hex')}@long-id` : bare;
}

/** Every `<id>` in a header value (In-Reply-To and References may carry several, and comments). */
export function messageIds(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
  const ids = bracketed.length ? bracketed : text.split(/[\s,]+/);
  return [...new Set(ids.map(normalizeMessageId).filter((id): id is string => Boolean(id)))];
}

function addresses(field: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> {
  const objects = field ? (Array.isArray(field) ? field : [field]) : [];
  const out: Array<{ address: string; name: string }> = [];
  for (const o of objects) {
    for (const v of o.value ?? []) {
      for (const member of v.group ?? [v]) {
        if (member.address) out.push({ address: oneLine(member.address, 254).toLowerCase(), name: oneLine(member.name ?? '', 100) });
      }
    }
  }
  return out;
}

// A line that starts the quoted earlier mail, in the forms common mail clients write (English and Chinese).
const REPLY_HEADERS = [
  /^On .{1,300}wrote:$/i,
  /^在.{1,300}(写道|寫道)[:：]?$/,
  /^-{2,}\s*(Original Message|原始邮件|原始郵件|回复的原邮件)\s*-{2,}$/i,
];
const OUTLOOK_FROM = /^(From|发件人|發件人)[:：]\s*\S/i;
const OUTLOOK_NEXT = /^(Sent|Date|To|Subject|发送时间|日期|收件人|主题)[:：]/i;

/**
 * Drops the quoted earlier mail under a reply ("On … wrote:", "在 … 写道：", QQ's 原始邮件 line,
 * Outlook's From/Sent block, and trailing `>` lines), so the timeline shows what the customer wrote.
 * When nothing would be left, the text stays whole.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1].trim()}` : line;
    if (REPLY_HEADERS.some((re) => re.test(line)) || (/^On /i.test(line) && /wrote:$/i.test(joined) && !/wrote:/i.test(line))) {
      cut = i;
      break;
    }
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 4).some((l) => OUTLOOK_NEXT.test(l.trim())) && (i === 0 || lines[i - 1].trim() === '' || /^[-_]{5,}$/.test(lines[i - 1].trim()))) {
      cut = i;
      break;
    }
  }
  let kept = lines.slice(0, cut);
  while (kept.length && (kept[kept.length - 1].trim() === '' || kept[kept.length - 1].trimStart().startsWith('>'))) kept.pop();
  const result = kept.join('\n').trim();
  return result || text.trim();
}

function cleanText(raw: string): { text: string; truncated: boolean } {
  const normalised = storable(raw).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
  const text = stripQuotedReply(normalised);
  return text.length > MAX_TEXT ? { text: text.slice(0, MAX_TEXT), truncated: true } : { text, truncated: false };
}

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

function fileNameOf(name: string | undefined, contentType: string, index: number): string {
  const cleaned = oneLine(name ?? '', 400).replace(/[\\/:*?"<>|]+/g, '_').replace(/^\.+/, '');
  if (cleaned) return cleaned.length > 200 ? cleaned.slice(cleaned.length - 200) : cleaned;
  const ext = contentType.split('/')[1]?.replace(/[^a-z0-9]/g, '').slice(0, 8);
  return `attachment-${index + 1}${ext && ext !== 'octetstream' ? `.${ext}` : ''}`;
}

function attachmentsOf(mail: ParsedMail): EmailAttachment[] {
  return mail.attachments.slice(0, MAX_ATTACHMENTS).map((a, i) => {
    const type = (a.contentType ?? '').toLowerCase();
    const contentType = CONTENT_TYPE.test(type) ? type : 'application/octet-stream';
    const content = a.content;
    return {
      fileName: fileNameOf(a.filename, contentType, i),
      contentType,
      content,
      size: content.length,
      sha256: a.checksum && /^[0-9a-f]{64}$/.test(a.checksum) ? a.checksum : crypto.createHash('sha256').update(content).digest('hex'),
    };
  });
}

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, keepCidLinks: true, checksumAlgo: 'sha256', maxHtmlLengthToParse: 5_000_000 });
  } catch (err) {
    throw new AppError('email_unreadable', { cause: err });
  }
  const from = addresses(mail.from)[0];
  if (!from) throw new AppError('email_sender_missing', { field: 'From' });
  const headerId = mail.messageId ? normalizeMessageId(mail.messageId) : null;
  const messageId = headerId ?? `sha256.${crypto.createHash('sha256').update(raw).digest('hex')}@no-message-id`;
  const auto = mail.headers.get('auto-submitted') as unknown;
  const autoSubmitted = String((typeof auto === 'object' && auto && 'value' in auto ? auto.value : auto) ?? 'no').toLowerCase();
  const { text, truncated } = cleanText(mail.text ?? '');
  return {
    messageId,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: messageIds(mail.references).slice(-MAX_REFERENCES),
    subject: oneLine(mail.subject ?? '', 300),
    from,
    replyTo: addresses(mail.replyTo)[0]?.address ?? null,
    to: addresses(mail.to).map((a) => a.address),
    cc: addresses(mail.cc).map((a) => a.address),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text,
    truncated,
    autoSubmitted: !autoSubmitted.startsWith('no'),
    attachments: attachmentsOf(mail),
  };
}
