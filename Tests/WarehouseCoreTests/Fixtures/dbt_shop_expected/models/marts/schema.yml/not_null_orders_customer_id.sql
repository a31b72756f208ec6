
    
    



select customer_id
from "warehouse"."public_marts"."orders"
where customer_id is null


