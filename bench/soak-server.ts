// What the soak samples of the server each minute: its resident memory from /proc (VmRSS, and the
// peak VmHWM), and from its own /metrics (prom-client's default process metrics) the V8 heap, the
// event loop lag, open handles and file descriptors; from the database, its size and what is
// waiting (open conversations, unprocessed outbox events).
import fs from 'node:fs';
import pg from 'pg';

export type ServerSample = {
  rssMb: number;
  hwmMb: number;
  heapUsedMb: number | null;
  heapTotalMb: number | null;
  externalMb: number | null;
  eventLoopLagP99Ms: number | null;
  handles: number | null;
  openFds: number | null;
};

export function readRss(pid: number): { rssMb: number; hwmMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round((kb('VmRSS') / 1024) * 10) / 10, hwmMb: Math.round((kb('VmHWM') / 1024) * 10) / 10 };
}

/** One unlabelled gauge of a Prometheus text page (the first series of that name). */
function gauge(text: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

const mb = (bytes: number | null) => (bytes === null ? null : Math.round((bytes / 2 ** 20) * 10) / 10);

export async function sampleServer(pid: number, baseUrl: string): Promise<ServerSample> {
  const { rssMb, hwmMb } = readRss(pid);
  let text = '';
  try {
    const res = await fetch(`${baseUrl}/metrics`);
    if (res.ok) text = await res.text();
  } catch {
    // no metrics this minute: the memory from /proc still counts
  }
  const lag = gauge(text, 'shopdesk_nodejs_eventloop_lag_p99_seconds');
  return {
    rssMb,
    hwmMb,
    heapUsedMb: mb(gauge(text, 'shopdesk_nodejs_heap_size_used_bytes')),
    heapTotalMb: mb(gauge(text, 'shopdesk_nodejs_heap_size_total_bytes')),
    externalMb: mb(gauge(text, 'shopdesk_nodejs_external_memory_bytes')),
    eventLoopLagP99Ms: lag === null ? null : Math.round(lag * 10_000) / 10,
    handles: gauge(text, 'shopdesk_nodejs_active_handles_total'),
    openFds: gauge(text, 'shopdesk_process_open_fds'),
  };
}

export type DatabaseSample = { sizeMb: number; openConversations: number; conversations: number; messages: number; outboxPending: number };

export async function sampleDatabase(pool: pg.Pool): Promise<DatabaseSample | null> {
  try {
    const { rows: [r] } = await pool.query<{ size: string; open: number; conversations: number; messages: number; pending: number }>(
      `select pg_database_size(current_database()) as size,
              (select count(*) from conversations where status = 'open')::int as open,
              (select count(*) from conversations)::int as conversations,
              (select count(*) from messages)::int as messages,
              (select count(*) from outbox where processed_at is null)::int as pending`,
    );
    return { sizeMb: Math.round(Number(r.size) / 2 ** 20), openConversations: r.open, conversations: r.conversations, messages: r.messages, outboxPending: r.pending };
  } catch {
    return null;
  }
}
