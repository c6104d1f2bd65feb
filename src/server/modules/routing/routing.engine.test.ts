import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRoute, detectLanguage, hasKeyword, pickAgent, book, type Arrival, type Candidate, type EngineRule } from './routing.engine.ts';
import { segmentWords } from './keywords.ts';
import { needsOf } from './assign.ts';

const arrival = (over: Partial<Arrival> = {}): Arrival => ({
  channel: 'web',
  productId: null,
  productGroupIds: [],
  pageUrl: null,
  tier: 'normal',
  tags: [],
  text: '',
  businessOpen: true,
  language: 'zh-CN',
  accountManagerId: null,
  lastAgentId: null,
  dedicatedAgentIds: [],
  ...over,
});

const rule = (id: string, conditions: EngineRule['conditions'], actions: EngineRule['actions']): EngineRule => ({ id, name: id, conditions, actions });
const nobodyOnline = () => false;
const everyoneOnline = () => true;

describe('routing rules', () => {
  test('the first rule whose conditions all hold decides; the trace says why the others did not', () => {
    const rules = [
      rule('email-only', { channels: ['email'] }, { target: { kind: 'team', teamId: 'team_mail' } }),
      rule('japan', { productGroupIds: ['grp_japan'] }, { target: { kind: 'team', teamId: 'team_japan' }, priority: 2, labelIds: ['lbl_visa'] }),
      rule('visa', { productGroupIds: ['grp_visa'] }, { target: { kind: 'team', teamId: 'team_visa' } }),
    ];
    // The product's group is 日韩签证 under 签证: both later rules hold, the earlier one wins.
    const d = decideRoute(rules, arrival({ productId: 'prd_1', productGroupIds: ['grp_japan', 'grp_visa'] }), { fallbackTeamId: 'team_fb', isOnline: nobodyOnline });
    assert.equal(d.teamId, 'team_japan');
    assert.equal(d.rule?.id, 'japan');
    assert.equal(d.priority, 2);
    assert.deepEqual(d.labelIds, ['lbl_visa']);
    assert.deepEqual(d.trace.map((t) => [t.ruleId, t.matched, t.why.code]), [['email-only', false, 'channel'], ['japan', true, 'matched']]);
  });

  test('no rule: the fallback team, or no team at all', () => {
    const rules = [rule('vip', { tiers: ['vip'] }, { target: { kind: 'team', teamId: 'team_vip' } })];
    assert.equal(decideRoute(rules, arrival(), { fallbackTeamId: 'team_fb', isOnline: nobodyOnline }).teamId, 'team_fb');
    const none = decideRoute(rules, arrival(), { fallbackTeamId: null, isOnline: nobodyOnline });
    assert.equal(none.teamId, null);
    assert.equal(none.why.code, 'no_team');
  });

  test('every condition kind: URL, tier, tags, keywords, business hours, language', () => {
    const to = { target: { kind: 'team' as const, teamId: 't' } };
    const fb = { fallbackTeamId: null, isOnline: nobodyOnline };
    const holds = (c: EngineRule['conditions'], a: Partial<Arrival>) => decideRoute([rule('r', c, to)], arrival(a), fb).teamId === 't';
    assert.ok(holds({ urlContains: ['/visa/'] }, { pageUrl: 'https://shop.example/VISA/jp' }));
    assert.ok(!holds({ urlContains: ['/visa/'] }, { pageUrl: 'https://shop.example/travel' }));
    assert.ok(holds({ tiers: ['vip', 'supreme_vip'] }, { tier: 'supreme_vip' }));
    assert.ok(!holds({ tiers: ['vip'] }, { tier: 'normal' }));
    assert.ok(holds({ tags: ['大客户', '投诉过'] }, { tags: ['投诉过'] }));
    assert.ok(!holds({ tags: ['大客户'] }, { tags: [] }));
    assert.ok(holds({ keywords: ['退款'] }, { text: '你好，我想申请退款可以吗' }));
    assert.ok(!holds({ keywords: ['退款'] }, { text: '你好，请问什么时候发货' }));
    assert.ok(holds({ businessHours: 'closed' }, { businessOpen: false }));
    assert.ok(!holds({ businessHours: 'closed' }, { businessOpen: true }));
    assert.ok(holds({ languages: ['en'] }, { language: 'en' }));
    assert.ok(!holds({ languages: ['en'] }, { language: 'zh-CN' }));
    // All conditions of a rule must hold.
    assert.ok(!holds({ tiers: ['vip'], keywords: ['退款'] }, { tier: 'vip', text: '发货了吗' }));
  });

  test('dedicated agents, account manager and last agent apply only when one of them is online', () => {
    const rules = [
      rule('own', { productIds: ['prd_1'] }, { target: { kind: 'dedicated', teamId: 'team_japan' } }),
      rule('manager', {}, { target: { kind: 'account_manager' } }),
      rule('sticky', {}, { target: { kind: 'last_agent' } }),
      rule('rest', {}, { target: { kind: 'team', teamId: 'team_all' } }),
    ];
    const a = arrival({ productId: 'prd_1', dedicatedAgentIds: ['usr_a', 'usr_b'], accountManagerId: 'usr_m', lastAgentId: 'usr_l' });
    const online = (ids: string[]) => (u: string) => ids.includes(u);
    const own = decideRoute(rules, a, { fallbackTeamId: 'team_fb', isOnline: online(['usr_b']) });
    assert.equal(own.rule?.id, 'own');
    assert.equal(own.teamId, 'team_japan');
    assert.deepEqual(own.preferredAgentIds, ['usr_a', 'usr_b']);
    const manager = decideRoute(rules, a, { fallbackTeamId: 'team_fb', isOnline: online(['usr_m']) });
    assert.equal(manager.rule?.id, 'manager');
    assert.deepEqual(manager.preferredAgentIds, ['usr_m']);
    assert.equal(manager.trace[0].why.code, 'offline_dedicated');
    const sticky = decideRoute(rules, a, { fallbackTeamId: 'team_fb', isOnline: online(['usr_l']) });
    assert.equal(sticky.rule?.id, 'sticky');
    const rest = decideRoute(rules, arrival({ productId: 'prd_1' }), { fallbackTeamId: 'team_fb', isOnline: everyoneOnline });
    assert.equal(rest.rule?.id, 'rest');
    assert.deepEqual(rest.trace.map((t) => t.why.code), ['no_dedicated', 'no_account_manager', 'no_last_agent', 'matched']);
  });
});

describe('keywords (Chinese words)', () => {
  test('a keyword is a word or a run of words of the message, never part of one', () => {
    const words = segmentWords('请问日本签证多久能办好？');
    assert.ok(hasKeyword(words, '日本签证'), words.join('/'));
    assert.ok(hasKeyword(words, '签证'));
    assert.ok(!hasKeyword(words, '本签'));
    assert.ok(hasKeyword(segmentWords('Where is my VISA?'), 'visa'));
  });
  test('the language of a message', () => {
    assert.equal(detectLanguage('你好'), 'zh-CN');
    assert.equal(detectLanguage('hello there'), 'en');
    assert.equal(detectLanguage('123'), null);
  });
});

describe('choosing the agent', () => {
  const agent = (userId: string, load: number, capacity: number, lastAssignedAt: string | null = null, over: Partial<Candidate> = {}): Candidate => ({
    userId, status: 'online', load, capacity, channelLoad: { web: load }, channelCapacity: {}, lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null, ...over,
  });
  test('least load first, then longest idle; never past capacity or to someone not online', () => {
    const pool = [agent('a', 2, 3), agent('b', 1, 3, '2026-12-01T10:00:00Z'), agent('c', 1, 3, '2026-12-01T09:00:00Z'), agent('d', 0, 0), agent('e', 0, 5, null, { status: 'busy' })];
    assert.equal(pickAgent(pool, 'web')?.userId, 'c');
    assert.equal(pickAgent([agent('a', 3, 3)], 'web'), null);
    assert.equal(pickAgent(pool, 'web', new Set(['c']))?.userId, 'b');
  });
  test('a channel cap holds under the overall capacity', () => {
    const capped = agent('a', 1, 5, null, { channelLoad: { email: 2 }, channelCapacity: { email: 2 } });
    assert.equal(pickAgent([capped], 'email'), null);
    assert.equal(pickAgent([capped], 'web')?.userId, 'a');
  });
  test('booking a burst keeps loads within one of each other', () => {
    const pool = Array.from({ length: 7 }, (_, i) => agent(`a${i}`, i % 3, 10));
    for (let n = 0; n < 40; n++) {
      const at = new Date(Date.UTC(2026, 11, 1, 10, 0, n));
      const pick = pickAgent(pool, 'web');
      if (!pick) break;
      book(pick, 'web', at);
      const loads = pool.map((p) => p.load);
      if (n >= 7) assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, loads.join(','));
    }
    assert.ok(pool.every((p) => p.load <= p.capacity));
  });
});

describe('what an arrival must load, from the rules', () => {
  test('team rules on products need neither the message, the last agent nor who is online', () => {
    assert.deepEqual(needsOf([{ conditions: { productGroupIds: ['g'] } as never, actions: { target: { kind: 'team' } } }]), { text: false, lastAgent: false, online: false });
  });
  test('keywords or languages need the first message; a sticky target needs who is online; last agent needs the history', () => {
    assert.equal(needsOf([{ conditions: { keywords: ['退款'] }, actions: {} }]).text, true);
    assert.equal(needsOf([{ conditions: { languages: ['en'] }, actions: {} }]).text, true);
    assert.deepEqual(needsOf([{ conditions: {}, actions: { target: { kind: 'dedicated' } } }]), { text: false, lastAgent: false, online: true });
    assert.deepEqual(needsOf([{ conditions: {}, actions: { target: { kind: 'last_agent' } } }]), { text: false, lastAgent: true, online: true });
  });
});
