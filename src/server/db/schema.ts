import type { PlatformTables } from '../platform/platform.tables.ts';
import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';
import type { CustomersTables } from '../modules/customers/customers.tables.ts';
import type { OrdersTables } from '../modules/orders/orders.tables.ts';
import type { ConversationsTables } from '../modules/conversations/conversations.tables.ts';
import type { RoutingTables } from '../modules/routing/routing.tables.ts';

/** The whole database as Kysely sees it: each module declares its own tables. */
export type Schema = PlatformTables & AccountsTables & CustomersTables & OrdersTables & ConversationsTables & RoutingTables;
