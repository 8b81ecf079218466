extension Document {
    /// Calls `body` with each member of the object at `index`: the key's decoded UTF-8 and the value's node index,
    /// in source order, without creating `Node` handles (the validator's hot loop). Stops when `body` returns false.
    /// - Returns: false when `body` stopped the walk.
    @inline(__always)
    func forEachMember(of index: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
        nodes.withUnsafeBufferPointer { nodes in
            text.bytes.withUnsafeBufferPointer { textBytes in
                side.withUnsafeBufferPointer { sideBytes in
                    let object = nodes[index]
                    guard object.kind == .object else { return true }
                    var i = index + 1
                    let end = Int(object.b)
                    while i < end {
                        let key = nodes[i]
                        let value = nodes[i + 1]
                        let next = value.kind == .array || value.kind == .object ? Int(value.b) : i + 2
                        let go: Bool
                        if key.flags & RawNode.escaped != 0 {
                            var decoded = Node(document: self, index: i).decodedString()
                            go = decoded.withUTF8 { body($0, i + 1) }
                        } else {
                            let source = key.flags & RawNode.inSide != 0 ? sideBytes : textBytes
                            let start = Int(key.a)
                            go = body(UnsafeBufferPointer(rebasing: source[start..<start + Int(key.b)]), i + 1)
                        }
                        if !go { return false }
                        i = next
                    }
                    return true
                }
            }
        }
    }
}
