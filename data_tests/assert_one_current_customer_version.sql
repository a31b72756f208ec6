-- A customer has exactly one current version in the snapshot: the check strategy closes the old one when it
-- inserts the new one.
select customer_id, count(*) as current_versions
from {{ ref('customers_snapshot') }}
where dbt_valid_to is null
group by customer_id
having count(*) <> 1
