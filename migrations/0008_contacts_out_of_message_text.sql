-- 留言 (the widget's leave-a-message form) wrote the shopper's name and contact into the message
-- text: 【留言】<text>\n——<name>（<contact>）. They move to meta.leaveMessage ({ name, phone } or
-- { name, email }), where members without customers.contact.read see the contact masked; the text
-- keeps the shopper's own words, and its search words are made again in the background (a null
-- search is filled by the backfill at start). A conversation whose latest message is one of them
-- gets its list line again, as the form writes it now.
with moved as (
  update messages m
     set body = left_message.parts[1],
         meta = m.meta || jsonb_build_object('leaveMessage', jsonb_build_object(
           'name', left_message.parts[2],
           case when position('@' in left_message.parts[3]) > 0 then 'email' else 'phone' end, left_message.parts[3])),
         search = null
    from (
      select id, regexp_match(body, '^【留言】(.*)\n——(.*)（([^（）]*)）$') as parts
        from messages
       where sender_type = 'customer' and kind = 'text' and body like '【留言】%'
    ) as left_message
   where m.id = left_message.id and left_message.parts is not null
  returning m.account_id, m.id, m.body
)
update conversations c
   set last_message_preview = left('【留言】' || moved.body, 120)
  from moved
 where c.account_id = moved.account_id and c.last_message_id = moved.id;

-- A reply that could not be delivered said so in the conversation list with the customer's full
-- address, which every member sees: masked there, as it is written now (z***@example.com).
update conversations c
   set last_message_preview = regexp_replace(c.last_message_preview, '([A-Za-z0-9_.%+-])[A-Za-z0-9_.%+-]*@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)', '\1***@\2', 'g')
  from messages m
 where m.account_id = c.account_id and m.id = c.last_message_id
   and m.kind = 'event' and m.meta ->> 'event' = 'email.delivery_failed';
