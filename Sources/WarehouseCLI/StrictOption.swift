import ArgumentParser

/// `--strict`: an undefined name in a template is an error, where dbt (and `wh` by default) renders it as empty text
/// and `wh` warns.
struct StrictOption: ParsableArguments {
    @Flag(name: .customLong("strict"), help: "Fail on undefined names in templates instead of warning.")
    var strict = false
}
