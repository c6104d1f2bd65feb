import type { PlatformTables } from '../platform/platform.tables.ts';
import type { AccountsTables } from '../modules/accounts/accounts.tables.ts';
import type { CustomersTables } from '../modules/customers/customers.tables.ts';
import type { OrdersTables } from '../modules/orders/orders.tables.ts';
import type { ConversationsTables } from '../modules/conversations/conversations.tables.ts';
import type { RoutingTables } from '../modules/routing/routing.tables.ts';
import type { TiersTables } from '../modules/customers/tiers/tiers.tables.ts';
import type { PointsTables } from '../modules/customers/points/points.tables.ts';
import type { KeyAccountsTables } from '../modules/customers/key-accounts/key-accounts.tables.ts';
import type { ConsentTables } from '../modules/customers/consent/consent.tables.ts';
import type { PrivacyTables } from '../modules/customers/privacy/privacy.tables.ts';
import type { ShipmentsTables } from '../modules/orders/shipments.tables.ts';
import type { TicketsTables } from '../modules/tickets/tickets.tables.ts';

/** The whole database as Kysely sees it: each module declares its own tables. */
export type Schema = PlatformTables & AccountsTables & CustomersTables & OrdersTables & ConversationsTables & RoutingTables & TiersTables & PointsTables & KeyAccountsTables & ConsentTables & PrivacyTables & ShipmentsTables & TicketsTables;
