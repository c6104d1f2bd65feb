// The soak's shop: agents signed in (each a browser-like client with its session and CSRF token),
// an API token for the shop's order connector, and customers with names and phones (made by their
// first orders) for the agents to search.
import net from 'node:net';
import { TestClient } from '../test/harness.ts';
import { inParallel } from './chat-clients.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['晓明', '丽娜', '建国', '婷婷', '志强', '雪', '磊', '芳', '杰', '敏', '静', '伟', '秀英', '欣怡', '子涵', '浩然', '梓萱', '一诺', '思远', '嘉怡'];
const PRODUCTS = [
  { sku: 'HY-CREAM-50', name: '玻尿酸保湿面霜 50ml', price: 268 },
  { sku: 'HY-LIP-07', name: '丝绒雾面口红 #07', price: 159 },
  { sku: 'HY-MASK-10', name: '补水面膜 10片装', price: 99 },
  { sku: 'HY-SERUM-30', name: '烟酰胺精华 30ml', price: 329 },
];

/** A small deterministic generator (mulberry32): two runs make the same load. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Buyer = { name: string; phone: string; buyerId: string };

export function buyer(i: number): Buyer {
  return { name: SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length], phone: `139${String(10_000_000 + i).slice(-8)}`, buyerId: `tb_soak_${i}` };
}

/** What an agent types into the customer search: a name's start, a phone's last 4 digits (尾号), or a whole phone. */
export function customerQuery(rnd: () => number, buyers: number): string {
  const b = buyer(Math.floor(rnd() * buyers));
  const r = rnd();
  if (r < 0.5) return b.name.slice(0, 2);
  if (r < 0.8) return b.phone.slice(-4);
  return b.phone;
}

/** One paid order of a buyer, as the shop's connector posts it. */
export function orderOf(i: number, b: Buyer, tag: string, rnd: () => number): Record<string, unknown> {
  const now = new Date().toISOString();
  const lines = 1 + Math.floor(rnd() * 2);
  return {
    platform: 'tmall',
    platformOrderId: `SOAK${tag}${String(i).padStart(8, '0')}`,
    status: 'paid',
    buyer: { platformBuyerId: b.buyerId, phone: b.phone, name: b.name },
    placedAt: now,
    paidAt: now,
    items: Array.from({ length: lines }, (_, k) => {
      const p = PRODUCTS[(i + k) % PRODUCTS.length];
      return { sku: p.sku, name: p.name, quantity: 1 + Math.floor(rnd() * 2), unitPrice: `${p.price}.00` };
    }),
  };
}

/** Customers with names and phones, made by one first order each (1,000 orders a request). */
export async function seedBuyers(connector: TestClient, count: number, tag: string): Promise<void> {
  const rnd = random(7);
  for (let from = 0; from < count; from += 1000) {
    const orders = Array.from({ length: Math.min(1000, count - from) }, (_, k) => orderOf(from + k, buyer(from + k), `${tag}S`, rnd));
    const res = await connector.post('/api/orders', { orders });
    if (res.status !== 201) throw new Error(`seed orders: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  }
}

/** Invited and signed-in agents: each a client with its own session cookie and CSRF token. */
export async function seedAgents(base: string, owner: TestClient, count: number, tag: string): Promise<Array<{ id: string; client: TestClient }>> {
  return inParallel(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    const inv = await owner.post('/api/invitations', { email: `agent${i}-${tag}@soak.shopdesk`, role: 'agent', name: `客服${i + 1}` });
    if (inv.status !== 201) throw new Error(`invite: ${inv.status} ${JSON.stringify(inv.body)}`);
    const client = new TestClient(base);
    const accepted = await client.post('/api/invitations/accept', { token: String(inv.body.inviteUrl).split('/invite/')[1], name: `客服${i + 1}`, password: 'soak-agent-password' });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    if (!client.csrfToken) await client.login(`agent${i}-${tag}@soak.shopdesk`, 'soak-agent-password');
    return { id: String(accepted.body.user.id), client };
  });
}

/** True when a Redis server answers PING at the URL within a second. */
export function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}
