// The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL, the local server by default), and
// the two things each does with it: name a database of its own on it, and run an admin statement.
import pg from 'pg';

export const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the benchmarks' server. */
export function databaseUrl(name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on its own connection (create or drop a database, set a server setting). */
export async function admin(statement: string, url = serverUrl): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}
