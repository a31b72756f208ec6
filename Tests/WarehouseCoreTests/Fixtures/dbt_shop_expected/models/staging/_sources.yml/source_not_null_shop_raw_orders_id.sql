
    
    



select id
from "warehouse"."public_raw"."raw_orders"
where id is null


