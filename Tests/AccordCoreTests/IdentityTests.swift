@testable import AccordCore
import Foundation
import Testing

@Suite("Deterministic identifiers")
struct IdentityTests {
    // Expected values computed independently with Python's uuid.uuid5 over the same canonical JSON.
    @Test("STIX 2.1 identifiers equal what any STIX tool derives")
    func stixIdentifiers() throws {
        #expect(try canonical(.domain, "Example.com").stixID == "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7")
        #expect(try canonical(.ip, "198.51.100.3").stixID == "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")
        #expect(try canonical(.handle, "@invest_mia", platform: "telegram").stixID == "user-account--b370418a-ecad-5cba-bea6-18f07e0b6517")
    }

    @Test("Accord's identifier is a UUIDv5 of kind and canonical value")
    func accordIdentifier() throws {
        let phone = try canonical(.phone, "0912 345 678", country: "VN")
        #expect(phone.id.description == "903c2467-33bb-5f87-864d-da03bca900f6")
        #expect(phone.id == IndicatorID(kind: .phone, value: "+84912345678"))
        // Version 5, RFC 4122 variant.
        let text = phone.id.description
        #expect(text[text.index(text.startIndex, offsetBy: 14)] == "5")
        #expect("89ab".contains(text[text.index(text.startIndex, offsetBy: 19)]))
    }

    @Test("the same value of two kinds gets two identifiers")
    func kindsDiffer() {
        #expect(IndicatorID(kind: .domain, value: "x") != IndicatorID(kind: .url, value: "x"))
    }

    @Test("JSON strings escape alike as text and as bytes")
    func jsonBytes() throws {
        for text in ["plain", "", "a\"b\\c", "tab\tnew\nline\r", "\u{01}\u{1F}\u{7F}", "Lời mời 投资 🎯", "\u{08}\u{0C}"] {
            var bytes: [UInt8] = []
            JSONText.appendQuoted(text, to: &bytes)
            var string = ""
            JSONText.appendQuoted(text, to: &string)
            #expect(String(decoding: bytes, as: UTF8.self) == string)
            // And JSON reads it back as it was.
            #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == text)
        }
    }

    @Test("UUIDs as 32 hex digits and back")
    func compactHex() {
        let uuid = UUID(uuidString: "0B6F2A3E-1C4D-4E5F-8A9B-0C1D2E3F4A5B")!
        #expect(uuid.compactHex == "0b6f2a3e1c4d4e5f8a9b0c1d2e3f4a5b")
        #expect(UUID(hex: "0b6f2a3e1c4d4e5f8a9b0c1d2e3f4a5b") == uuid)
        #expect(UUID(hex: "0B6F2A3E1C4D4E5F8A9B0C1D2E3F4A5B") == uuid)
        #expect(UUID(hex: "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b") == uuid)
        for bad in ["", "0b6f2a3e1c4d4e5f8a9b0c1d2e3f4a5", "0b6f2a3e1c4d4e5f8a9b0c1d2e3f4a5b00", "0b6f2a3e1c4d4e5f8a9b0c1d2e3f4a5g"] {
            #expect(UUID(hex: bad) == nil)
        }
    }

    @Test("canonical JSON escapes as RFC 8785 requires")
    func canonicalJSON() {
        #expect(CanonicalJSON.object([("value", "a\"b\\c\n\u{01}é")]) == "{\"value\":\"a\\\"b\\\\c\\n\\u0001é\"}")
        #expect(CanonicalJSON.object([("b", "1"), ("a", "2")]) == "{\"a\":\"2\",\"b\":\"1\"}")
    }

    @Test("identifiers encode as lower-case UUID strings")
    func idCoding() throws {
        let id = IndicatorID(kind: .phone, value: "+84912345678")
        let data = try JSONEncoder().encode(id)
        #expect(String(decoding: data, as: UTF8.self) == "\"903c2467-33bb-5f87-864d-da03bca900f6\"")
        #expect(try JSONDecoder().decode(IndicatorID.self, from: data) == id)
    }
}
