select * from {{ ref('stg_a') }}
