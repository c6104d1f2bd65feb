import type { ColumnType } from 'kysely';

export type ShipmentStatus = 'shipped' | 'in_transit' | 'delivered' | 'returned';

export type ShipmentsTable = {
  id: string;
  account_id: string;
  order_id: string;
  courier: string;
  tracking_number: string;
  status: ColumnType<ShipmentStatus, ShipmentStatus | undefined, ShipmentStatus>;
  shipped_at: ColumnType<Date, Date | string, Date | string>;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type ShipmentsTables = { shipments: ShipmentsTable };
