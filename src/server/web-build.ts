import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** `entry`: the file whose age says whether the build is stale (index.html unless named). */
export type WebApp = { name: string; config: string; sources: string; out: string; entry?: string };

export const WEB_APPS: WebApp[] = [
  { name: 'web', config: 'src/web/vite.config.ts', sources: 'src/web', out: 'dist/web' },
  { name: 'widget', config: 'src/widget/vite.config.ts', sources: 'src/widget', out: 'dist/widget', entry: 'widget.js' },
];

/** Builds the web apps when their output is missing or older than their sources, so `npm start` just works. */
export async function ensureWebBuilt(log: (msg: string) => void = console.log): Promise<void> {
  await buildWebApps({ force: false, log });
}

export async function buildWebApps(opts: { force: boolean; log?: (msg: string) => void }): Promise<void> {
  const log = opts.log ?? console.log;
  for (const appDef of WEB_APPS) {
    const config = path.join(ROOT, appDef.config);
    if (!fs.existsSync(config)) continue;
    const index = path.join(ROOT, appDef.out, appDef.entry ?? 'index.html');
    const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
    if (!opts.force && built && built >= newestMtime(path.join(ROOT, appDef.sources))) continue;
    log(`Building the ${appDef.name} app…`);
    const { build } = await import('vite');
    await build({ configFile: config, logLevel: 'warn' });
  }
}
