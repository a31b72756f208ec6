
    
    



select customer_id
from "warehouse"."public_marts"."customers"
where customer_id is null


