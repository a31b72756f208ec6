/// The files of the project `wh init` creates: a seed, a model reading it, tests on both, and a README, which
/// `wh build` runs as they are on the embedded Postgres.
enum StarterProject {
    /// Each file's path in the project and its text.
    static func files(name: String) -> [(path: String, text: String)] {
        [
            ("project.yml", projectFile(name: name)),
            ("seeds/customers.csv", customers),
            ("seeds/_seeds.yml", seedProperties),
            ("models/customers_by_country.sql", model),
            ("models/_models.yml", modelProperties),
            ("README.md", readme(name: name)),
            (".gitignore", "target/\n.wh/\n"),
        ]
    }

    private static func projectFile(name: String) -> String {
        """
        # The wh project file: dbt_project.yml's keys, plus `connection:` and `target:` for wh.
        name: \(name)

        # With no connection configured, wh starts its own Postgres under .wh/postgres (it needs the Postgres
        # server programs: apt-get install postgresql). To build in another server, set WH_DATABASE_URL or write:
        # connection:
        #   url: "{{ env_var('DATABASE_URL') }}"

        target:
          schema: public
          threads: 4

        """
    }

    private static let customers = """
        customer_id,name,country,signed_up_on
        1,Ada,United Kingdom,2024-01-05
        2,Grace,United States,2024-02-11
        3,Linus,Finland,2024-02-29
        4,Margaret,United States,2024-03-17
        5,Edsger,Netherlands,2024-04-02

        """

    private static let seedProperties = """
        version: 2

        seeds:
          - name: customers
            description: A handful of customers, loaded by `wh seed` (or `wh build`) from customers.csv.
            columns:
              - name: customer_id
                data_tests: [unique, not_null]

        """

    private static let model = """
        -- How many customers each country has, built as a table from the seed seeds/customers.csv.
        {{ config(materialized='table') }}

        select
            country,
            count(*) as customers,
            min(signed_up_on) as first_signed_up_on
        from {{ ref('customers') }}
        group by country

        """

    private static let modelProperties = """
        version: 2

        models:
          - name: customers_by_country
            description: One row per country with its number of customers.
            columns:
              - name: country
                data_tests: [unique, not_null]
              - name: customers
                data_tests:
                  - not_null
                  - accepted_range: {min_value: 1}

        """

    private static func readme(name: String) -> String {
        """
        # \(name)

        A `wh` project: SQL models with Jinja templates, built into Postgres in dependency order and checked by
        data tests.

        ```sh
        wh build        # load seeds/, build models/ and run their tests (starts its own Postgres the first time)
        wh test         # run the data tests again
        wh compile      # write the SQL each model runs to target/compiled/
        wh db psql      # open psql on the database wh builds in
        ```

        - `project.yml`: the project's name and settings (and `connection:` to build in another Postgres).
        - `seeds/customers.csv`: a CSV file loaded as the table `customers`; `seeds/_seeds.yml` tests it.
        - `models/customers_by_country.sql`: a model reading the seed with `{{ ref('customers') }}`;
          `models/_models.yml` describes it and declares its tests.

        """
    }
}
