import DiagnoseCore
import Testing

@Suite("Media types and multipart bodies")
struct BodyParsingTests {
    @Test func parsesMediaTypes() throws {
        let m = try #require(MediaType("Application/JSON; charset=\"utf-8\""))
        #expect(m.essence == "application/json")
        #expect(m.parameter("charset") == "utf-8")
        #expect(m.isJSON)
        #expect(MediaType("application/vnd.api+json")!.isJSON)
        #expect(MediaType("application/x-www-form-urlencoded")!.isFormURLEncoded)
        #expect(MediaType("application/json")!.matches(range: "application/*"))
        #expect(MediaType("text/plain")!.matches(range: "*/*"))
        #expect(!MediaType("text/plain")!.matches(range: "application/json"))
        #expect(MediaType("json") == nil)
    }

    /// The byte-level parser keeps the split rules of the string one it replaced.
    @Test func mediaTypeEdgeCases() throws {
        for bad in ["", "/json", "application/", " / ", ";a=b", "\t;", "a"] {
            #expect(MediaType(bad) == nil, "\(bad)")
        }
        let m = try #require(MediaType(" \tMultipart/Form-Data ;; Boundary = \"a;b\" ; x= ; =y ; q=\" ; k==v;"))
        #expect(m.type == "multipart" && m.subtype == "form-data")
        // A quoted value holding ';' is cut there: media type parameters here are split before unquoting.
        #expect(m.parameters.map(\.name) == ["boundary", "x", "", "q", "k"])
        #expect(m.parameters.map(\.value) == ["\"a", "", "y", "\"", "=v"])
        #expect(MediaType("a//b")?.subtype == "/b")
        #expect(MediaType("text/plain;charset")?.parameters.isEmpty == true)
        #expect(HTTPMediaType.essence("  Application/JSON ; charset=utf-8") == "application/json")
        #expect(HTTPMediaType.essence(";x") == "")
        #expect(HTTPMediaType.essence("tExt/é") == "text/é")
    }

    @Test func splitsMultipartParts() throws {
        let body = Array(
            "--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nidentity_document\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id.png\"\r\nContent-Type: image/png\r\n\r\n\u{89}PNG\r\n\r\n--XyZ--\r\n".utf8)
        let multipart = try MultipartBody(body: body, boundary: "XyZ")
        #expect(multipart.parts.count == 2)
        #expect(multipart.parts[0].name == "purpose")
        #expect(String(decoding: multipart.parts[0].body, as: UTF8.self) == "identity_document")
        #expect(multipart.parts[1].filename == "id.png")
        #expect(multipart.parts[1].contentType == "image/png")
        #expect(multipart.parts[1].body == Array("\u{89}PNG\r\n".utf8))
    }

    @Test func reportsBrokenMultipart() {
        let e1 = #expect(throws: MultipartBody.ParseError.self) { try MultipartBody(body: Array("nothing".utf8), boundary: "b") }
        #expect(e1?.message.contains("never appears") == true)
        let e2 = #expect(throws: MultipartBody.ParseError.self) {
            try MultipartBody(body: Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue".utf8), boundary: "b")
        }
        #expect(e2?.message == "the closing boundary \"--b--\" is missing")
    }
}
