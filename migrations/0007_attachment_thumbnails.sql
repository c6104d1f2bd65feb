-- Thumbnails of images sent in conversations: WebP, the longest side at most 320 px, made in the
-- background after the upload. Until one exists the original is served in its place. A thumbnail
-- goes with its file.
create table attachment_thumbnails (
  account_id text not null,
  attachment_id text not null,
  content_type text not null,
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  byte_size integer not null check (byte_size >= 0),
  data bytea not null,
  created_at timestamptz not null default now(),
  primary key (account_id, attachment_id),
  foreign key (account_id, attachment_id) references attachments (account_id, id) on delete cascade
);

-- Daily housekeeping looks these up by age: files uploaded but never sent, finished webhook deliveries.
create index attachments_unsent_idx on attachments (created_at) where message_id is null;
create index webhook_deliveries_finished_idx on webhook_deliveries (created_at) where status <> 'pending';
