import crypto from 'node:crypto';
import type { Locale } from '../../platform/locale.ts';
import type { ProgressList } from './progress.service.ts';

/** HTML text and attribute values: every piece of data goes through here. */
function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COPY = {
  'zh-CN': {
    title: '我的工单进度',
    intro: '这里是你在本店提交的问题的处理进度，客服有新的答复会显示在这里。',
    empty: '暂时没有工单。',
    replies: '客服答复',
    noReplies: '客服正在处理，有进展会第一时间告诉你。',
    created: '提交于 {at}',
    agent: '客服',
    notFoundTitle: '链接无效',
    notFound: '这个链接无效或已过期，请回到邮件或聊天窗口重新打开，或直接联系客服。',
    footer: '店服 ShopDesk',
  },
  en: {
    title: 'My requests',
    intro: 'The progress of what you asked the shop about; new answers show up here.',
    empty: 'No requests yet.',
    replies: 'Answers',
    noReplies: 'We are working on it and will tell you as soon as there is news.',
    created: 'Submitted {at}',
    agent: 'Support',
    notFoundTitle: 'Link not valid',
    notFound: 'This link is not valid. Open it again from the email or the chat, or contact the shop.',
    footer: 'ShopDesk',
  },
} satisfies Record<Locale, Record<string, string>>;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f5f6f8;color:#1f2329;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Segoe UI",Roboto,Arial,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:640px;margin:0 auto;padding:20px 14px 40px}
h1{margin:4px 0 6px;font-size:21px}
.intro{margin:0 0 18px;color:#595f6d;font-size:14px}
.card{background:#fff;border-radius:12px;padding:14px 16px;margin:0 0 14px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.top{display:flex;align-items:flex-start;justify-content:space-between;gap:10px}
.card h2{margin:0;font-size:16px;overflow-wrap:anywhere}
.meta{margin:4px 0 0;color:#8a919f;font-size:13px}
.tag{flex:none;padding:1px 10px;border-radius:10px;font-size:13px;white-space:nowrap;background:#e6f4ff;color:#0958d9}
.tag.pending_customer{background:#fff7e6;color:#d46b08}
.tag.pending_team{background:#f9f0ff;color:#531dab}
.tag.resolved{background:#f6ffed;color:#389e0d}
.tag.closed{background:#f0f0f0;color:#595959}
.replies{margin:12px 0 0;padding:0;list-style:none;border-top:1px solid #eef0f3}
.replies li{padding:10px 0 0}
.who{color:#8a919f;font-size:12px}
.text{margin:2px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.none{margin:10px 0 0;color:#8a919f;font-size:13px}
.empty{padding:40px 0;text-align:center;color:#8a919f}
footer{margin-top:24px;text-align:center;color:#a0a6b1;font-size:12px}
`;

/** The page's one style, allowed by its hash: the page runs no script at all. */
export const PROGRESS_PAGE_CSP = `default-src 'none'; style-src 'sha256-${crypto.createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function page(locale: Locale, title: string, content: string): string {
  const c = COPY[locale];
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
<footer>${esc(c.footer)}</footer>
</main>
</body>
</html>`;
}

/** Dates in the shop's zone; a zone the runtime does not know falls back to China's. */
function dateFormat(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'Asia/Shanghai' });
  }
}

export function renderProgressPage(list: ProgressList, locale: Locale, timeZone: string): string {
  const c = COPY[locale];
  const when = dateFormat(locale, timeZone);
  const at = (iso: string) => when.format(new Date(iso));
  const cards = list.items.map((item) => {
    const replies = item.replies.length
      ? `<ol class="replies">${item.replies.map((r) => `<li><div class="who">${esc(r.by || c.agent)} · ${esc(at(r.at))}</div><div class="text">${esc(r.body)}</div></li>`).join('')}</ol>`
      : item.status === 'resolved' || item.status === 'closed'
        ? ''
        : `<p class="none">${esc(c.noReplies)}</p>`;
    return `<section class="card" data-testid="progress-item">
<div class="top"><h2>${esc(item.title)}</h2><span class="tag ${esc(item.status)}">${esc(item.statusLabel)}</span></div>
<p class="meta">#${esc(item.number)} · ${esc(item.typeName)} · ${esc(c.created.replace('{at}', at(item.createdAt)))}</p>
${replies}
</section>`;
  });
  return page(locale, c.title, `<h1>${esc(c.title)}</h1>
<p class="intro">${esc(c.intro)}</p>
${cards.length ? cards.join('\n') : `<p class="empty">${esc(c.empty)}</p>`}`);
}

export function renderProgressNotFound(locale: Locale): string {
  const c = COPY[locale];
  return page(locale, c.notFoundTitle, `<h1>${esc(c.notFoundTitle)}</h1>
<p class="intro">${esc(c.notFound)}</p>`);
}
