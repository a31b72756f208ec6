/// A function implemented in Swift and callable from templates, such as `ref` or `config`.
public struct NativeFunction {
    /// The name shown in messages.
    public var name: String
    public var body: (Arguments) throws(TemplateError) -> Value

    public init(name: String, _ body: @escaping (Arguments) throws(TemplateError) -> Value) {
        self.name = name
        self.body = body
    }
}

/// A value a template can read attributes of, call, and print; implemented by the caller (`this`, `ref()`
/// results, adapters) and by the engine (`loop`, `namespace()`).
public protocol TemplateObject: AnyObject {
    /// The attribute or method `name`; nil makes it undefined. Methods are returned as `.function` values.
    func attribute(_ name: String) -> Value?
    /// Calls the object; by default objects are not callable.
    func call(_ arguments: Arguments) throws(TemplateError) -> Value
    /// What `{{ object }}` prints.
    var renderedString: String { get }
    /// `object[key]`; nil makes it undefined. By default a string key reads the attribute, as Jinja falls back.
    func item(_ key: Value) -> Value?
    /// What `for x in object`, `| length` and `in` see; nil when the object is not iterable.
    var iterationValues: [Value]? { get }
    /// Whether `object is mapping` holds (dbt's relations and statement results are mappings).
    var isMapping: Bool { get }
    /// Python's `==` with another object, beyond being the same one (dbt's relations compare by their parts).
    func equals(_ other: any TemplateObject) -> Bool
    /// What `repr()` prints, inside printed lists and dicts; by default what `{{ object }}` prints.
    var representation: String { get }
}

extension TemplateObject {
    public func item(_ key: Value) -> Value? {
        guard case .string(let name) = key else { return nil }
        return attribute(name)
    }

    public var iterationValues: [Value]? { nil }

    public var isMapping: Bool { false }

    public func equals(_ other: any TemplateObject) -> Bool { false }

    public var representation: String { renderedString }

    public func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        throw arguments.error("'\(renderedString)' is not callable", kind: .typeMismatch)
    }
}
