import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from './db/database.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { countAccounts, createAccountWithOwner } from './modules/accounts/index.ts';
import { ensureDefaultInbox } from './modules/conversations/index.ts';

export type FirstLogin = { email: string; password: string; generated: boolean; accountName: string };

/**
 * On an empty database, makes the first account and its owner so a fresh install can be used at
 * once: from SHOPDESK_ADMIN_EMAIL / SHOPDESK_ADMIN_PASSWORD when set, otherwise with a generated
 * password that is printed once.
 */
export async function ensureFirstAccount(deps: { db: Db; clock: Clock; log: Logger; config: Config }): Promise<FirstLogin | null> {
  if ((await countAccounts(deps.db)) > 0) return null;
  const email = deps.config.adminEmail ?? 'admin@shopdesk.local';
  const generated = !deps.config.adminPassword;
  const password = deps.config.adminPassword ?? crypto.randomBytes(9).toString('base64url');
  const { accountId } = await createAccountWithOwner(deps, { accountName: deps.config.accountName, email, password, name: '店主' });
  await ensureDefaultInbox(deps.db, accountId);
  return { email, password, generated, accountName: deps.config.accountName };
}

export function printFirstLogin(login: FirstLogin, url: string): void {
  const lines = [
    '',
    '  ShopDesk 店服 is ready — first sign-in / 首次登录',
    `  URL / 地址:        ${url}`,
    `  Email / 邮箱:      ${login.email}`,
    `  Password / 密码:   ${login.generated ? login.password : '(SHOPDESK_ADMIN_PASSWORD)'}`,
    login.generated ? '  This password is shown only once: change it after signing in. / 密码只显示这一次，登录后请修改。' : '',
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== undefined).join('\n') + '\n');
}
