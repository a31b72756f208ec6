{{ config(
    materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at',
    batch_size='year', begin='2020-01-01', lookback=1, unique_key='id'
) }}
select id, upper(event) as kind, occurred_at, (select count(*) from {{ source('raw', 'events').render() }}) >= 0 as seen
from {{ source('raw', 'events') }}
