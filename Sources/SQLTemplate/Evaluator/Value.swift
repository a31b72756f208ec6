/// A runtime value of the template language, with Python's semantics for truthiness, equality and `str()`.
public enum Value {
    /// A name or attribute that does not exist; carries what was undefined, for the error message.
    case undefined(String)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A list (or tuple); shared by reference so `.append()` mutates it everywhere, as in Python.
    case list(ListStorage)
    /// An insertion-ordered dict with string keys, shared by reference.
    case dict(DictStorage)
    case function(NativeFunction)
    case macro(MacroValue)
    case object(any TemplateObject)

    /// The value of a template or configuration literal; lists and dicts are fresh storage.
    public init(_ literal: Literal) {
        switch literal {
        case .none: self = .none
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .list(let items): self = .list(ListStorage(items.map(Value.init)))
        case .dict(let pairs):
            let storage = DictStorage()
            for pair in pairs { storage[pair.key] = Value(pair.value) }
            self = .dict(storage)
        }
    }

    /// A list value built from `items`.
    public static func list(_ items: [Value]) -> Value { .list(ListStorage(items)) }

    /// A dict value built from ordered pairs.
    public static func dict(_ pairs: [(String, Value)]) -> Value {
        let storage = DictStorage()
        for (key, value) in pairs { storage[key] = value }
        return .dict(storage)
    }

    /// The value as a literal, or nil when it holds something a literal cannot (functions, objects, undefined).
    public var literal: Literal? {
        switch self {
        case .none: return Literal.none
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .list(let storage):
            var items: [Literal] = []
            for item in storage.items {
                guard let literal = item.literal else { return nil }
                items.append(literal)
            }
            return .list(items)
        case .dict(let storage):
            var pairs: [Literal.KeyValue] = []
            for (key, value) in storage {
                guard let literal = value.literal else { return nil }
                pairs.append(Literal.KeyValue(key: key, value: literal))
            }
            return .dict(pairs)
        case .undefined, .function, .macro, .object: return nil
        }
    }

    /// The string, when the value is one.
    public var stringValue: String? {
        if case .string(let value) = unwrappingMarkup { return value }
        return nil
    }

    /// Whether the value is undefined.
    public var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }
}

/// The storage of a list value: a class, so mutation through `.append()` is seen by every holder.
public final class ListStorage {
    public var items: [Value]
    /// Whether it prints as a tuple, `(1, 2)`, rather than a list.
    public var isTuple: Bool
    /// The Python object it stands for when that is not a list (`range(0, 3)`, `dict_keys(['a'])`), for `repr()`.
    public var view: SequenceView?

    public init(_ items: [Value] = [], isTuple: Bool = false, view: SequenceView? = nil) {
        self.items = items
        self.isTuple = isTuple
        self.view = view
    }

    /// Whether this is a Python set (`set(...)`), which compares with `==` regardless of order.
    public var isSet: Bool {
        if case .set? = view { return true }
        return false
    }
}

/// A Python sequence a template iterates like a list but prints as its own type.
public enum SequenceView: Sendable {
    case range(start: Int, stop: Int, step: Int)
    case dictKeys, dictValues, dictItems
    /// A Python set, printed `{1, 2}` (in the order items were added, where Python's order follows their hashes).
    case set
}

/// The storage of a dict value: string keys in insertion order, shared by reference.
public final class DictStorage: Sequence {
    public private(set) var keys: [String] = []
    private var values: [String: Value] = [:]
    /// The keys that were not strings (`{1: 'x'}`), by their text, so they print and iterate as what they were.
    private var typedKeys: [String: Value] = [:]

    public init() {}

    public var count: Int { keys.count }

    public subscript(key: String) -> Value? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil, let position = keys.firstIndex(of: key) {
                keys.remove(at: position)
                typedKeys[key] = nil
            }
        }
    }

    /// Sets `value` under `key`, keeping a key that is not a string (an int, a bool) as it was written.
    public func set(_ value: Value, forKey key: Value) {
        let text = key.renderedString
        self[text] = value
        if case .string = key { typedKeys[text] = nil } else { typedKeys[text] = key }
    }

    /// The key stored as `text`, as it was set: a string unless it was set as another value.
    public func key(_ text: String) -> Value {
        typedKeys[text] ?? .string(text)
    }

    /// Removes `key` and returns its value.
    @discardableResult
    public func removeValue(forKey key: String) -> Value? {
        let value = values[key]
        self[key] = nil
        return value
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        var position = 0
        return AnyIterator { [self] in
            while position < keys.count {
                let key = keys[position]
                position += 1
                if let value = values[key] { return (key, value) }
            }
            return nil
        }
    }
}
