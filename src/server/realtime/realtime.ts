import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Real-time fan-out. A message is addressed to a channel of one account: `account` (everyone
 * signed in to it) or `user:<id>`, and later `conversation:<id>` and the like. Each node delivers
 * to the sockets it holds; with Redis, every node also hears what the others publish.
 */
export type RealtimeMessage = {
  accountId: string;
  channel: string;
  event: string;
  data: unknown;
  /** What a member without customers.contact.read receives instead of `data`, when it holds personal contacts. */
  maskedData?: unknown;
};

export type Subscriber = { deliver(msg: RealtimeMessage): void };

const REDIS_CHANNEL = 'shopdesk:realtime';

export class Realtime {
  private local = new Map<string, Set<Subscriber>>();
  private pub?: Redis;
  private sub?: Redis;
  private redisUp = false;
  readonly nodeId = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  readonly usesRedis: boolean;

  constructor(private opts: { redisUrl?: string; log: Logger }) {
    this.usesRedis = Boolean(opts.redisUrl);
  }

  async start(): Promise<void> {
    if (!this.opts.redisUrl) return;
    const common = {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      // Keep trying every second at most; delivery on this node goes on meanwhile.
      retryStrategy: (times: number) => Math.min(times * 200, 1000),
    };
    this.pub = new Redis(this.opts.redisUrl, { ...common, enableOfflineQueue: false });
    this.sub = new Redis(this.opts.redisUrl, { ...common, enableOfflineQueue: true });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (err) => this.opts.log.debug({ err }, 'redis error'));
    }
    this.sub.on('ready', () => {
      this.redisUp = true;
      this.opts.log.info('realtime: redis fan-out connected');
    });
    this.sub.on('end', () => { this.redisUp = false; });
    this.sub.on('close', () => {
      if (this.redisUp) this.opts.log.warn('realtime: redis connection lost; delivering on this node only until it is back');
      this.redisUp = false;
    });
    this.sub.on('message', (_channel, raw: string) => {
      try {
        const { origin, msg } = JSON.parse(raw) as { origin: string; msg: RealtimeMessage };
        if (origin !== this.nodeId) this.deliverLocal(msg);
      } catch (err) {
        this.opts.log.warn({ err }, 'realtime: unreadable message from redis');
      }
    });
    try {
      await this.pub.connect();
      await this.sub.connect();
      await this.sub.subscribe(REDIS_CHANNEL);
    } catch (err) {
      this.opts.log.warn({ err }, 'realtime: redis not reachable at start; retrying in the background');
    }
  }

  redisHealthy(): boolean {
    return this.redisUp && this.pub?.status === 'ready';
  }

  subscribe(key: string, s: Subscriber): () => void {
    const set = this.local.get(key) ?? new Set();
    set.add(s);
    this.local.set(key, set);
    return () => {
      set.delete(s);
      if (set.size === 0) this.local.delete(key);
    };
  }

  static key(accountId: string, channel: string): string {
    return `${accountId}|${channel}`;
  }

  /** Delivers here at once, and to the other nodes through Redis when it is there. */
  publish(msg: RealtimeMessage): void {
    this.deliverLocal(msg);
    if (this.pub && this.pub.status === 'ready') {
      this.pub.publish(REDIS_CHANNEL, JSON.stringify({ origin: this.nodeId, msg })).catch((err) => {
        this.opts.log.warn({ err }, 'realtime: publish to redis failed');
      });
    }
  }

  private deliverLocal(msg: RealtimeMessage) {
    const set = this.local.get(Realtime.key(msg.accountId, msg.channel));
    if (!set) return;
    for (const s of set) s.deliver(msg);
  }

  localSubscriberCount(): number {
    let n = 0;
    for (const set of this.local.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
