{{ config(materialized='incremental', incremental_strategy='append') }}
select id, event, occurred_at
from {{ source('raw', 'events') }}
{% if is_incremental() %}
where occurred_at > (select max(occurred_at) from {{ this }})
{% endif %}
