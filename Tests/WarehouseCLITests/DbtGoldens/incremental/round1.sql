-- The first load: orders of three customers, events over three years.
create schema if not exists raw;
create table raw.orders (id int, customer text, amount numeric(10, 2), updated_at timestamp);
create table raw.events (id int, event text, occurred_at timestamp);
insert into raw.orders values
    (1, 'alice', 10.00, '2021-03-01 10:00'),
    (2, 'bob', 20.50, '2021-03-02 11:00'),
    (3, 'alice', 5.25, '2021-04-01 09:30'),
    (4, 'carol', 99.99, '2022-01-15 08:00');
insert into raw.events values
    (1, 'signup', '2020-06-01 00:00'),
    (2, 'order', '2021-02-03 12:00'),
    (3, 'order', '2021-12-31 23:59:59'),
    (4, 'refund', '2022-05-05 05:05'),
    (5, 'order', '2022-07-01 00:00');
