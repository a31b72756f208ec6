drop table if exists public.golden_source;
create table public.golden_source (id integer, label varchar(12), amount numeric(10,2), ratio double precision, flag boolean, day date, note text);
insert into public.golden_source values (1, 'alpha', 2.50, 0.5, true, '2024-01-02', 'x'), (2, 'beta', 10, 1.25, false, '2024-03-04', null);
drop table if exists public.golden_other;
create table public.golden_other (id integer, note text);
