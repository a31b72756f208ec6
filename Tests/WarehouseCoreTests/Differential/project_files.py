"""The files around the templates, shared by run_dbt.py and (as project_files.json) by the Swift test."""
import json
import pathlib

DBT_PROJECT = """name: diff
version: '1.0'
config-version: 2
profile: diff
vars:
  diff_str: hello
  diff_num: 41
  diff_list: [a, b]
  diff_dict: {k: v}
"""

HELPER_MACROS = """{% macro diff_ret(x) %}
  {{ return(x) }}
{% endmacro %}

{% macro diff_cols(columns) -%}
  {%- for c in columns %}
    {{ c }}{{ ',' if not loop.last }}
  {%- endfor %}
{%- endmacro %}

{% macro diff_kw(a=1) -%}
  {{ a }} {{ kwargs }} {{ varargs }}
{%- endmacro %}
"""

SOURCES = """version: 2
sources:
  - name: raw
    schema: raw_data
    tables:
      - name: events
"""

if __name__ == "__main__":
    files = {"dbt_project.yml": DBT_PROJECT, "macros/helpers.sql": HELPER_MACROS, "models/sources.yml": SOURCES,
             "models/base_model.sql": "select 1 as id"}
    path = pathlib.Path(__file__).with_name("project_files.json")
    path.write_text(json.dumps(files, indent=1) + "\n", encoding="utf-8")
