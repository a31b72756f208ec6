-- New rows arrive: an order updated, new orders (one of a new customer), new events, and a late 2021 event.
update raw.orders set amount = 12.00, updated_at = '2022-02-01 10:00' where id = 1;
insert into raw.orders values
    (5, 'bob', 7.00, '2022-02-02 12:00'),
    (6, 'dave', 1.50, '2022-02-03 13:00');
insert into raw.events values
    (6, 'order', '2022-08-01 10:00'),
    (7, 'signup', '2022-09-09 09:09'),
    (8, 'late', '2021-06-15 15:00');
