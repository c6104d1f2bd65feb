// Hosts PGlite on its own thread: PGlite runs each query synchronously inside WebAssembly, so on the
// main thread a long query would freeze every request and socket. The main thread talks to it by messages.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const INT8 = 20;
const DATE = 1082;

const options = {
  parsers: {
    [INT8]: (value) => Number(value),
    [DATE]: (value) => value,
  },
  // The extensions the migrations create (CREATE EXTENSION finds them only if loaded here).
  extensions: { pg_trgm },
};
if (workerData.loadDataDir) options.loadDataDir = new Blob([workerData.loadDataDir]);

let db;
try {
  db = await PGlite.create(workerData.dataDir ?? undefined, options);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: serialiseError(error) });
}

function serialiseError(error) {
  const out = { message: String(error?.message ?? error) };
  for (const key of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'position', 'where']) {
    if (error && error[key] !== undefined) out[key] = error[key];
  }
  return out;
}

function commandOf(sql) {
  const match = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(\w+)/.exec(sql);
  return match ? match[1].toUpperCase() : '';
}

parentPort.on('message', async (msg) => {
  try {
    let result;
    if (msg.op === 'query') {
      if (!msg.params || msg.params.length === 0) {
        // Like node-postgres: no parameters means the simple protocol, where several statements may run.
        const all = await db.exec(msg.sql);
        const last = all[all.length - 1] ?? { rows: [], fields: [] };
        result = { rows: last.rows, rowCount: last.affectedRows ?? last.rows.length, command: commandOf(msg.sql), fields: last.fields };
      } else {
        const r = await db.query(msg.sql, msg.params);
        const command = commandOf(msg.sql);
        const rowCount = command === 'SELECT' ? r.rows.length : (r.affectedRows ?? r.rows.length);
        result = { rows: r.rows, rowCount, command, fields: r.fields };
      }
    } else if (msg.op === 'dump') {
      const blob = await db.dumpDataDir('gzip');
      result = new Uint8Array(await blob.arrayBuffer());
    } else if (msg.op === 'close') {
      await db.close();
      result = true;
    }
    parentPort.postMessage({ id: msg.id, result });
  } catch (error) {
    parentPort.postMessage({ id: msg.id, error: serialiseError(error) });
  }
});
