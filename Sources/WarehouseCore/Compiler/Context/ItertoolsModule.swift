import SQLTemplate

/// dbt's `modules.itertools`, its finite functions.
///
/// Each answers a list (Python answers an iterator, which templates consume with `| list` or a loop): `chain`,
/// `product`, `combinations`, `permutations`, `islice`, `repeat`, `accumulate`. `count` and `cycle` never end, so
/// they are refused.
enum ItertoolsModule {
    static var module: NamespaceObject {
        let functions: [String: (Arguments) throws(TemplateError) -> Value] = [
            "chain": { arguments throws(TemplateError) in
                var chained: [Value] = []
                for value in arguments.positional { chained += try items(value, arguments) }
                return .list(chained)
            },
            "product": product,
            "combinations": { arguments throws(TemplateError) in
                let pool = try items(arguments.value(at: 0, named: "iterable") ?? .none, arguments)
                let size = arguments.value(at: 1, named: "r")?.integer ?? 0
                return tuples(choose(Array(pool.indices), size, ordered: false).map { $0.map { pool[$0] } })
            },
            "permutations": { arguments throws(TemplateError) in
                let pool = try items(arguments.value(at: 0, named: "iterable") ?? .none, arguments)
                let size = arguments.value(at: 1, named: "r")?.integer ?? pool.count
                return tuples(choose(Array(pool.indices), size, ordered: true).map { $0.map { pool[$0] } })
            },
            "islice": { arguments throws(TemplateError) in
                let pool = try items(arguments.value(at: 0, named: "iterable") ?? .none, arguments)
                let bounds = arguments.positional.dropFirst().map(\.integer)
                let (start, stop, step) =
                    bounds.count == 1
                    ? (0, bounds[0] ?? pool.count, 1)
                    : (
                        bounds.first.flatMap { $0 } ?? 0, bounds.dropFirst().first.flatMap { $0 } ?? pool.count,
                        bounds.dropFirst(2).first.flatMap { $0 } ?? 1
                    )
                guard step > 0 else { throw arguments.error("islice() step must be positive", kind: .other) }
                return .list(
                    Swift.stride(from: start, to: min(stop, pool.count), by: step).map { pool[$0] })
            },
            "repeat": { arguments throws(TemplateError) in
                guard let times = arguments.value(at: 1, named: "times")?.integer else {
                    throw arguments.error("repeat() without a count never ends", kind: .other)
                }
                return .list(Array(repeating: arguments.value(at: 0, named: "object") ?? .none, count: max(0, times)))
            },
            "accumulate": accumulate,
            "count": { arguments throws(TemplateError) in
                throw arguments.error("itertools.count() never ends", kind: .other)
            },
            "cycle": { arguments throws(TemplateError) in
                throw arguments.error("itertools.cycle() never ends", kind: .other)
            },
        ]
        return NamespaceObject(
            functions.reduce(into: [:]) { $0[$1.key] = .function(NativeFunction(name: $1.key, $1.value)) },
            rendered: "<module 'itertools'>")
    }

    private static func items(_ value: Value, _ arguments: Arguments) throws(TemplateError) -> [Value] {
        guard let items = PythonContextFunctions.iterableItems(value) else {
            throw arguments.error("'\(value.typeName)' object is not iterable", kind: .typeMismatch)
        }
        return items
    }

    private static func tuples(_ rows: [[Value]]) -> Value {
        .list(rows.map { .list(ListStorage($0, isTuple: true)) })
    }

    private static func product(_ arguments: Arguments) throws(TemplateError) -> Value {
        let repeatCount = arguments.keyword("repeat")?.integer ?? 1
        var pools: [[Value]] = []
        for value in arguments.positional { pools.append(try items(value, arguments)) }
        pools = Array(Array(repeating: pools, count: max(0, repeatCount)).joined())
        var rows: [[Value]] = [[]]
        for pool in pools { rows = rows.flatMap { row in pool.map { row + [$0] } } }
        return tuples(rows)
    }

    /// Index selections of `size` in Python's order: combinations keep indices increasing, permutations use each once.
    private static func choose(_ indices: [Int], _ size: Int, ordered: Bool) -> [[Int]] {
        guard size > 0 else { return size == 0 ? [[]] : [] }
        var rows: [[Int]] = []
        for (position, index) in indices.enumerated() {
            let rest = ordered ? indices.filter { $0 != index } : Array(indices[(position + 1)...])
            rows += choose(rest, size - 1, ordered: ordered).map { [index] + $0 }
        }
        return rows
    }

    /// Running totals of numbers or strings, as `accumulate` without a function.
    private static func accumulate(_ arguments: Arguments) throws(TemplateError) -> Value {
        var totals: [Value] = []
        for item in try items(arguments.value(at: 0, named: "iterable") ?? .none, arguments) {
            guard let last = totals.last else {
                totals.append(item)
                continue
            }
            switch (last, item) {
            case (.int(let a), .int(let b)): totals.append(.int(a &+ b))
            case (.string(let a), .string(let b)): totals.append(.string(a + b))
            default:
                guard let a = last.number, let b = item.number else {
                    throw arguments.error("accumulate() needs numbers or strings", kind: .typeMismatch)
                }
                totals.append(.double(a + b))
            }
        }
        return .list(totals)
    }
}
