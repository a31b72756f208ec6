select
-- columns: id:integer:None:32:0:False:True, label:character varying(12):12:None:None:True:False, amount:numeric(10,2):None:10:2:False:True, ratio:double precision:None:53:None:False:True, flag:boolean:None:None:None:False:False, day:date:None:None:None:False:False, note:text:None:None:None:True:False
-- missing: None True
-- found: "wh"."public"."golden_source" table True
-- table: ('id', 'label', 'amount', 'ratio', 'flag', 'day') 2 2 6
-- values: (1, 2) ('alpha', 'beta')
-- rows: 1/alpha/True/2024-01-02/0.5 2/beta/False/2024-03-04/1.25
-- index: alpha beta alpha
-- items: id=2,label=2,amount=2,ratio=2,flag=2,day=2
-- stats: [(2, 3, 'beta')] 3 SELECT 1 1 beta
-- mapped: [2]
-- execute: True
-- return in a statement: returned early None
-- missing columns: label,amount,ratio,flag,day | 0
-- schemas: True False True False
-- pattern: "wh"."public"."golden_other", "wh"."public"."golden_source" table,table True
1 as done