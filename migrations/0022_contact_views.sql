-- Who has seen a customer's full phone and email, and when: one row per member, customer and day
-- (China's date). The first view of the day also writes a 'customer.contact_viewed' audit entry, so
-- the audit log answers "who has seen this customer's contacts" without one entry per page load.
create table contact_views (
  account_id text not null,
  user_id text not null,
  customer_id text not null,
  day date not null,
  primary key (account_id, customer_id, day, user_id)
);
