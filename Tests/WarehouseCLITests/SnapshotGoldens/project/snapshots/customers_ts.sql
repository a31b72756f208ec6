{% snapshot customers_ts %}
{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at',
          hard_deletes='invalidate') }}
select id, email, country, updated_at from {{ ref('customers') }}
{% endsnapshot %}
