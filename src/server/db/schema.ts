import type { PlatformTables } from '../platform/platform.tables.ts';
import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';

/** The whole database as Kysely sees it: each module declares its own tables. */
export type Schema = PlatformTables & AccountsTables;
