#!/usr/bin/env node
// Builds the web apps now (npm start also builds them when they are missing or stale).
import { register } from 'tsx/esm/api';

register();
const { buildWebApps } = await import('../src/server/web-build.ts');
await buildWebApps({ force: true });
