
    
    



select payment_id
from "warehouse"."public"."stg_payments"
where payment_id is null


