import Foundation

/// POSIX ustar archives, as far as evidence packages need them: regular files only, in one
/// canonical form (mode 0644, owner 0:0 named `accord`, the package's time), so that every byte
/// of a package is either content that is hashed or a header that must be exactly what the writer
/// writes. Sizes of 8 GiB or more are written in base-256, as GNU tar and libarchive read them.
enum Tar {
    static let block = 512

    struct Failure: Error, CustomStringConvertible {
        let reason: String
        init(_ reason: String) { self.reason = reason }
        var description: String { reason }
    }

    /// The header of a regular file `name` of `size` bytes, modified at `mtime` (seconds).
    static func header(name: String, size: Int64, mtime: Int64) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        guard nameBytes.count < 100 else { throw Failure("the name \(name) is too long for a ustar header") }
        guard size >= 0, size < 1 << 40, (0..<0o77777777777).contains(mtime) else { throw Failure("the header of \(name) has a size or time out of range") }
        var header = [UInt8](repeating: 0, count: block)
        func put(_ bytes: [UInt8], at offset: Int) { header.replaceSubrange(offset..<offset + bytes.count, with: bytes) }
        func octal(_ value: Int64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        if size < 0o77777777777 {
            put(octal(size, width: 12), at: 124)
        } else {
            // base-256: the high bit of the first byte set, the size big-endian in the rest.
            var field = [UInt8](repeating: 0, count: 12)
            field[0] = 0x80
            for index in 0..<8 { field[11 - index] = UInt8(truncatingIfNeeded: size >> (8 * index)) }
            put(field, at: 124)
        }
        put(octal(mtime, width: 12), at: 136)
        put(Array(repeating: 0x20, count: 8), at: 148)
        header[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257)
        put(Array("accord".utf8), at: 265)
        put(Array("accord".utf8), at: 297)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(Array(octal(Int64(sum), width: 7)) + [0x20], at: 148)
        return header
    }

    /// Zero bytes that bring `size` to a whole number of blocks.
    static func padding(_ size: Int64) -> Int { Int((Int64(block) - size % Int64(block)) % Int64(block)) }

    /// Reads a header written by `header(name:size:mtime:)`: its name and size, once it is exactly
    /// what the writer would write for them and `mtime`.
    static func read(_ bytes: [UInt8], mtime: Int64?) throws -> (name: String, size: Int64, mtime: Int64) {
        guard bytes.count == block else { throw Failure("the archive ends inside a header") }
        let nameEnd = bytes[0..<100].firstIndex(of: 0) ?? 100
        guard let name = String(validating: bytes[0..<nameEnd], as: UTF8.self), !name.isEmpty else { throw Failure("a header has no readable name") }
        let size: Int64
        if bytes[124] & 0x80 != 0 {
            size = bytes[128..<136].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        } else {
            guard let value = Int64(String(decoding: bytes[124..<135], as: UTF8.self), radix: 8) else { throw Failure("the header of \(name) has no size") }
            size = value
        }
        guard let time = Int64(String(decoding: bytes[136..<147], as: UTF8.self), radix: 8) else { throw Failure("the header of \(name) has no time") }
        let expected = try header(name: name, size: size, mtime: mtime ?? time)
        guard expected == bytes else {
            var sum = 0
            for (index, byte) in bytes.enumerated() { sum += (148..<156).contains(index) ? 0x20 : Int(byte) }
            if Int(String(decoding: bytes[148..<154], as: UTF8.self), radix: 8) != sum { throw Failure("the header of \(name) fails its checksum") }
            throw Failure("the header of \(name) is not the one an Accord package has (mode, owner, time or type changed)")
        }
        return (name, size, time)
    }
}
