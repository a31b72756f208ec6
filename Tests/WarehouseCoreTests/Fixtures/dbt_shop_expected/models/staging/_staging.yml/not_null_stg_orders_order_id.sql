
    
    



select order_id
from "warehouse"."public"."stg_orders"
where order_id is null


