{% snapshot customers_snapshot %}
{#-
    Each customer's country and e-mail address over time (SCD type 2): a new version whenever silver_customers
    gives a customer another value, the old one closed with dbt_valid_to. Customers known only from the CSV
    history have no e-mail; their first order event adds one. dim_customer reads the current versions.
-#}
{{ config(schema='silver', unique_key='customer_id', strategy='check', check_cols=['country', 'email'],
          hard_deletes='invalidate') }}
select customer_id, country, email from {{ ref('silver_customers') }}
{% endsnapshot %}
