internal import CLibPQ

/// Sole owner of a `PGresult`: cleared exactly once, when the handle is consumed or goes out of scope.
///
/// Being move-only, a handle cannot be copied, so no second `PQclear` is possible.
struct ResultHandle: ~Copyable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, which must not be cleared by anyone else.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    var status: ExecStatusType { PQresultStatus(pointer) }

    deinit {
        PQclear(pointer)
    }
}
