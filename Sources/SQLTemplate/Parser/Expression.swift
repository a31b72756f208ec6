/// An expression inside `{{ }}` or a tag, with the position used for its errors.
///
/// Positions: a name or constant at its first character, an attribute at the attribute name, a call at its
/// callee's position, a filter or test at its name, an operator expression at the operator.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        /// A scalar constant: none, bool, int, double or string.
        case constant(Literal)
        case name(String)
        case list([Expression])
        case tuple([Expression])
        case dict([DictEntry])
        case attribute(Expression, String)
        case index(Expression, Expression)
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case call(Expression, [CallArgument])
        case filter(Expression, FilterCall)
        case test(Expression, TestName, [CallArgument], negated: Bool)
        case unary(UnaryOperator, Expression)
        /// `a + b - c`: left-associative operators of one precedence, applied in order.
        case binary(Expression, [Operation])
        /// `a < b == c`: Python's chained comparison, each operand evaluated once.
        case compare(Expression, [Comparison])
        /// `a and b and c`: the operands, at least two, evaluated until one is falsy.
        case and([Expression])
        /// `a or b or c`: the operands, at least two, evaluated until one is truthy.
        case or([Expression])
        case conditional(then: Expression, condition: Expression, otherwise: Expression?)
        /// dbt's `return(value)`: ends the enclosing macro with `value`.
        case macroReturn(Expression?)
    }

    var kind: Kind
    var position: Position
}

struct DictEntry: Sendable {
    var key: Expression
    var value: Expression
}

/// One link of a `binary` chain: the operator, its right operand and the operator's position.
struct Operation: Sendable {
    var op: BinaryOperator
    var operand: Expression
    var position: Position
}

struct Comparison: Sendable {
    var op: ComparisonOperator
    var operand: Expression
    var position: Position
}

enum CallArgument: Sendable {
    case positional(Expression)
    case keyword(String, Expression)
    /// `*args`
    case spread(Expression)
    /// `**kwargs`
    case keywordSpread(Expression)
}

struct FilterCall: Sendable {
    var name: FilterName
    var arguments: [CallArgument]
    var position: Position
}

enum UnaryOperator: String, Sendable {
    case not
    case negate = "-"
    case plus = "+"
}

enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    case power = "**"
    case concat = "~"
}

enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case isIn = "in"
    case notIn = "not in"
}
