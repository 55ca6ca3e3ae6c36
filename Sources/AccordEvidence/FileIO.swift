import Foundation

/// Files read and written in blocks of `Vault.chunk`, with the retries POSIX asks for: the vault,
/// packages and the key file all go through here.
enum FileIO {
    /// Calls `body` with each block read from `descriptor`, to its end or until `body` returns
    /// false. `what` names the input in an error ("cannot read <what>: …").
    static func forEachBlock(_ descriptor: Int32, _ what: String, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Vault.chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, Vault.chunk)
            if count < 0 {
                if errno == EINTR { continue }
                throw Vault.Failure("cannot read \(what): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            guard try body(UnsafeRawBufferPointer(rebasing: buffer[..<count])) else { return }
        }
    }

    /// Writes every byte of `bytes`. `what` names the output in an error.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, _ what: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Vault.Failure("cannot write \(what): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}

/// `open(2)`, by a name no type's own `open` hides.
func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { open(path, flags, mode) }
