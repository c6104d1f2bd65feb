import type { Db } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';

export const DEFAULT_GREETING = '您好，欢迎光临！请问有什么可以帮您？';

/** Every account has a web inbox for the widget; made with the account and on demand for older ones. */
export async function ensureDefaultInbox(db: Db, accountId: string) {
  const existing = await db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('channel', '=', 'web').orderBy('created_at').executeTakeFirst();
  if (existing) return existing;
  const inbox = await db
    .insertInto('inboxes')
    .values({ id: newId('inb'), account_id: accountId, name: '网站咨询', channel: 'web', greeting: DEFAULT_GREETING, identity_secret: newSecret(32), settings: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await seedStarterQuickReplies(db, accountId);
  return inbox;
}

// One reply per step of the eight-step reception, so a new team starts with a usable library.
const STARTER_REPLIES: Array<{ step: string; shortcut: string; title: string; body: string }> = [
  { step: 'greet', shortcut: 'hi', title: '问候', body: '您好{{customer.name}}，我是{{shop.name}}的客服{{agent.nickname}}，很高兴为您服务～' },
  { step: 'ask', shortcut: 'ask', title: '询问需求', body: '请问您是自用还是送人呢？平时比较在意哪些方面，我帮您挑选合适的～' },
  { step: 'analyse', shortcut: 'fit', title: '分析', body: '根据您之前的购买记录，这款的规格应该更适合您。' },
  { step: 'recommend', shortcut: 'rec', title: '推荐', body: '这款是店里的热销款，口碑很好，很多老顾客回购，推荐您试试。' },
  { step: 'negotiate', shortcut: 'price', title: '议价', body: '这已经是活动价啦，现在下单还有赠品，性价比很高的～' },
  { step: 'help', shortcut: 'pay', title: '协助下单', body: '您拍下后我这边马上为您备注，付款后会尽快安排发货。' },
  { step: 'verify', shortcut: 'addr', title: '核实订单', body: '{{customer.name}}，帮您核对一下订单{{order.number}}的商品和收货地址，确认无误我们就安排发货啦。' },
  { step: 'farewell', shortcut: 'bye', title: '道别', body: '感谢您的光临，有任何问题随时找我，祝您生活愉快～' },
];

async function seedStarterQuickReplies(db: Db, accountId: string) {
  await db
    .insertInto('quick_replies')
    .values(STARTER_REPLIES.map((r) => ({ id: newId('qr'), account_id: accountId, scope: 'shared' as const, owner_id: null, shortcut: r.shortcut, title: r.title, body: r.body, step: r.step as never, created_by: null })))
    .execute();
}

/** The widget knows only the inbox id; the inbox tells which account the visitor talks to. */
export async function findWebInbox(db: Db, inboxId: string) {
  const inbox = await db.selectFrom('inboxes').selectAll().where('id', '=', inboxId).where('channel', '=', 'web').executeTakeFirst();
  if (!inbox) throw new AppError('inbox_not_found', { field: 'inboxId' });
  return inbox;
}
