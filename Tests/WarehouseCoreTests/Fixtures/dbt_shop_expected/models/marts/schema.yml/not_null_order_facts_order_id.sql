
    
    



select order_id
from "warehouse"."public_marts"."order_facts"
where order_id is null


