
    
    



select customer_id
from "warehouse"."public"."stg_customers"
where customer_id is null


