-- Shipments: the courier and waybill (运单号) an order went out with, and where it is. An order may
-- leave in several parcels. Recorded by the warehouse or an agent, or brought in with the orders;
-- agents quote them ({{order.tracking}} in quick replies) when a buyer asks where their parcel is.
create table shipments (
  id text primary key,
  account_id text not null,
  order_id text not null,
  courier text not null,
  tracking_number text not null,
  status text not null default 'shipped' check (status in ('shipped', 'in_transit', 'delivered', 'returned')),
  shipped_at timestamptz not null,
  delivered_at timestamptz,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, courier, tracking_number),
  foreign key (account_id, order_id) references orders (account_id, id) on delete cascade
);
create index shipments_order_idx on shipments (account_id, order_id, shipped_at desc);
