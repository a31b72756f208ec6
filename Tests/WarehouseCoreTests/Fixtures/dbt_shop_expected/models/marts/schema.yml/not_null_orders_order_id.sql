
    
    



select order_id
from "warehouse"."public_marts"."orders"
where order_id is null


