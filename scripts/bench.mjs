#!/usr/bin/env node
// `npm run bench -- NAME` runs bench/NAME.bench.ts; with no name it lists the benchmarks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const names = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME\navailable: ${names.join(', ') || '(none)'}`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(root, 'bench', `${name}.bench.ts`), ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
