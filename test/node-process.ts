// One ShopDesk node as its own process, for tests that need several nodes or a real kill.
// Configured by the environment exactly like `shopdesk serve`, without building the web app.
import { loadConfig } from '../src/server/platform/config.ts';
import { startServer } from '../src/server/main.ts';

const server = await startServer(loadConfig());
process.stdout.write(`LISTENING ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
