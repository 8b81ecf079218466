import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Loads a fixture spec under `Fixtures/openapi`.
func loadFixtureSpec(_ relative: String, options: OpenAPI.LoadOptions = OpenAPI.LoadOptions()) throws
    -> OpenAPI.Document
{
    try OpenAPI.Loader.load(
        path: TestPaths.fixtures.appendingPathComponent("openapi/" + relative).path, options: options)
}

@Suite("Spec loading: refs across files, recursion, Swagger 2.0")
struct SpecLoaderTests {
    @Test func multiFileRefsThreeLevelsDeep() throws {
        let spec = try loadFixtureSpec("multifile/root.json")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(
            spec.operations.map(\.displayName) == [
                "GET /customers", "POST /customers", "GET /customers/{id}", "GET /odd",
            ])
        // root → paths/customers.json → schemas/customer.json → schemas/nested/address.json → shared/country code.json
        #expect(spec.files.count == 6)
        let names = spec.files.keys.map { ($0 as NSString).lastPathComponent }.sorted()
        #expect(
            names
                == ["common.json", "country code.json", "address.json", "customer.json", "customers.json", "root.json"]
                .sorted())

        let list = try #require(spec.operation(id: "listCustomers"))
        #expect(list.parameters.map(\.name) == ["limit"])
        #expect(list.parameters[0].sourceLocation.file.hasSuffix("multifile/parameters/common.json"))
        #expect(list.parameters[0].sourceLocation.pointer == "/limit")
        let listSchema = try #require(list.responses.first?.content.first?.schema)
        #expect(listSchema.file.hasSuffix("multifile/paths/customers.json"))
        #expect(listSchema.node["$ref"]?.stringValue == "../schemas/customer.json#/CustomerList")

        // Following the refs the way the validator will.
        let customerList = try #require(
            spec.resolveReference("../schemas/customer.json#/CustomerList", from: listSchema))
        #expect(customerList.file.hasSuffix("multifile/schemas/customer.json"))
        #expect(customerList.pointer.description == "/CustomerList")
        let item = try #require(customerList.node["items"]?["$ref"]?.stringValue)
        let customer = try #require(spec.resolveReference(item, from: customerList))
        #expect(customer.pointer.description == "/Customer")
        let addressRef = try #require(customer.node["properties"]?["address"]?["$ref"]?.stringValue)
        let address = try #require(spec.resolveReference(addressRef, from: customer))
        #expect(address.file.hasSuffix("schemas/nested/address.json"))
        let countryRef = try #require(address.node["properties"]?["country"]?["$ref"]?.stringValue)
        let country = try #require(spec.resolveReference(countryRef, from: address))
        #expect(country.file.hasSuffix("shared/country code.json"))
        #expect(country.node["pattern"]?.stringValue == "^[A-Z]{2}$")
        #expect(country.location.line == 1)
        // URIs for registering every file with a schema registry.
        #expect(country.fileURI.hasPrefix("file:///") && country.fileURI.hasSuffix("shared/country%20code.json"))
        #expect(spec.fileURIs[country.file] == country.fileURI)
        #expect(spec.fileURIs.count == spec.files.count)

        let create = try #require(spec.operation(id: "createCustomer"))
        #expect(create.requestBody?.required == true)
        #expect(create.parameters.first?.location == .header)
        let response = try #require(create.response(forStatus: 200))
        #expect(response.headers.map(\.name) == ["Request-Id"])
        #expect(response.sourceLocation.pointer == "/customerResponse")

        let get = try #require(spec.operation(id: "getCustomer"))
        #expect(get.parameters.map(\.name) == ["id"])
        #expect(get.location.file.hasSuffix("paths/customers.json"))
        #expect(get.location.pointer == "/item/get")
    }

    @Test func escapedPointersResolve() throws {
        let spec = try loadFixtureSpec("multifile/root.json")
        let odd = try #require(spec.operation(id: "odd"))
        let types = try odd.responses[0].content.map { media -> String? in
            let schema = try #require(media.schema)
            let ref = try #require(schema.node["$ref"]?.stringValue)
            return spec.resolveReference(ref, from: schema)?.node["type"]?.stringValue
        }
        #expect(types == ["string", "integer", "boolean"])
    }

    @Test func recursiveSchemasLoad() throws {
        let spec = try loadFixtureSpec("recursive.json")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        let schema = try #require(spec.operations.first?.responses.first?.content.first?.schema)
        var current = try #require(spec.resolveReference(schema.node["$ref"]!.stringValue!, from: schema))
        // Walk Node → children.items → Node a few times: the same definition every time.
        for _ in 0..<3 {
            let ref = try #require(current.node["properties"]?["children"]?["items"]?["$ref"]?.stringValue)
            let next = try #require(spec.resolveReference(ref, from: current))
            #expect(next.pointer == current.pointer)
            current = next
        }
        let alias = try #require(spec.resolveReference("#/components/schemas/Alias", from: schema))
        #expect(alias.node["$ref"]?.stringValue == "#/components/schemas/Node")
    }

    @Test func refCycleIsReportedOnceAndLoadingGoesOn() throws {
        let spec = try loadFixtureSpec("fail/ref-cycle.json")
        let cycles = spec.diagnostics.filter { $0.id == "spec.ref-cycle" }
        #expect(cycles.count == 1)
        #expect(cycles.first?.message.contains("#/components/schemas/A") == true)
        #expect(spec.operations.count == 1)
    }

    @Test func remoteRefIsAnErrorUnlessMapped() throws {
        let unmapped = try loadFixtureSpec("remote.json")
        let remote = try #require(unmapped.diagnostics.first)
        #expect(remote.id == "spec.remote-ref")
        #expect(remote.message.contains("https://schemas.example.com/money.json#/Money"))
        #expect(remote.location?.line == 8)
        #expect(remote.location?.pointer == "/paths/~1charges/post/requestBody/content/application~1json/schema/$ref")
        #expect(remote.help?.contains("--ref-map https://schemas.example.com/=PATH") == true)

        let local = TestPaths.fixtures.appendingPathComponent("openapi/remote-local").path
        let mapped = try loadFixtureSpec(
            "remote.json", options: OpenAPI.LoadOptions(refMap: ["https://schemas.example.com/": local]))
        #expect(mapped.diagnostics.isEmpty, "\(mapped.diagnostics)")
        #expect(mapped.files.count == 2)
        let schema = try #require(mapped.operations[0].requestBody?.content[0].schema)
        let money = try #require(mapped.resolveReference(schema.node["$ref"]!.stringValue!, from: schema))
        #expect(money.node["required"]?.elements.map { $0.stringValue } == ["amount", "currency"])
    }

    @Test func swagger2IsNormalised() throws {
        let spec = try loadFixtureSpec("swagger-form.json")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.kind == .swagger2)
        #expect(spec.specVersion == "2.0")
        #expect(spec.servers.map(\.url) == ["https://pets.example.com/api", "http://pets.example.com/api"])
        #expect(spec.securitySchemes["basic"]?.type == .http)
        #expect(spec.securitySchemes["basic"]?.scheme == "basic")
        #expect(spec.securitySchemes["key"]?.location == .header)
        #expect(spec.securitySchemes["key"]?.parameterName == "X-Api-Key")
        #expect(spec.security == [["key": []]])

        let list = try #require(spec.operation(id: "listPets"))
        let tags = try #require(list.parameters.first)
        #expect(tags.style == "form" && tags.explode)
        #expect(tags.schema?.isSynthesized == true)
        #expect(tags.schema?.node["items"]?["type"]?.stringValue == "string")
        #expect(tags.schema?.location.line == 19)
        let limit = list.parameters[1]
        #expect(limit.schema?.node["maximum"]?.numberValue == JSONNumber(50))
        #expect(limit.schema?.node["name"] == nil)
        let ok = try #require(list.response(forStatus: 200))
        #expect(ok.content.map(\.mediaType) == ["application/json"])
        #expect(ok.content[0].schema?.pointer.description == "/paths/~1pets/get/responses/200/schema")
        #expect(ok.headers.first?.schema?.node["type"]?.stringValue == "integer")

        let add = try #require(spec.operation(id: "addPet"))
        #expect(add.requestBody?.required == true)
        #expect(add.requestBody?.content.map(\.mediaType) == ["application/json"])
        #expect(add.requestBody?.content[0].schema?.node["$ref"]?.stringValue == "#/definitions/Pet")
        #expect(add.parameters.isEmpty)

        let upload = try #require(spec.operation(id: "uploadPhoto"))
        #expect(upload.parameters.map(\.name) == ["petId"])
        #expect(upload.security == [["basic": []]])
        let body = try #require(upload.requestBody)
        #expect(body.required)
        #expect(body.content.map(\.mediaType) == ["multipart/form-data"])
        let form = try #require(body.content[0].schema)
        #expect(form.isSynthesized)
        #expect(form.node["type"]?.stringValue == "object")
        #expect(form.node["properties"]?.keys == ["file", "caption", "labels"])
        #expect(form.node["properties"]?["file"]?["format"]?.stringValue == "binary")
        #expect(form.node["properties"]?["file"]?["type"]?.stringValue == "string")
        #expect(form.node["required"]?.elements.map { $0.stringValue } == ["file"])
        #expect(body.content[0].encoding["labels"]?.explode == true)

        let rename = try #require(spec.operation(id: "renamePet"))
        #expect(rename.requestBody?.content.map(\.mediaType) == ["application/x-www-form-urlencoded"])
    }

    @Test func parameterDefaultsFollowTheSpec() throws {
        let text = SourceText(
            name: "defaults.json",
            string: """
                {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                 "paths": {"/a/{id}": {
                   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                                  {"name": "q", "in": "query", "schema": {"type": "string"}}],
                   "get": {"parameters": [
                       {"name": "q", "in": "query", "required": true, "style": "deepObject", "explode": true, "schema": {"type": "object"}},
                       {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                       {"name": "session", "in": "cookie", "schema": {"type": "string"}}]}}}}
                """)
        let spec = try OpenAPI.Loader.load(text: text)
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        let op = try #require(spec.operations.first)
        #expect(op.parameters.map(\.name) == ["id", "q", "X-Trace", "session"])
        let q = op.parameters[1]
        #expect(q.required && q.style == "deepObject" && q.explode)
        #expect(op.parameters[0].style == "simple" && !op.parameters[0].explode)
        #expect(op.parameters[2].style == "simple" && !op.parameters[2].explode)
        #expect(op.parameters[3].style == "form" && op.parameters[3].explode)
        #expect(op.parameters[0].schema?.dialect == .oas31)
        #expect(spec.servers.isEmpty)
    }

    @Test func openapi31Specifics() throws {
        let text = SourceText(
            name: "v31.json",
            string: """
                {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                 "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
                 "paths": {"/pets": {"$ref": "#/components/pathItems/Pets"}},
                 "webhooks": {"newPet": {"post": {"operationId": "newPetHook",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "https://example.com/schemas/pet"}}}},
                    "responses": {"200": {"description": "ok"}}}}},
                 "components": {
                   "pathItems": {"Pets": {"get": {"operationId": "listPets", "responses": {"200": {
                       "$ref": "#/components/responses/Pets", "description": "overridden description"}}}}},
                   "responses": {"Pets": {"description": "pets", "content": {"application/json": {"schema": {
                       "type": "array", "items": {"$ref": "#pet"}}}}}},
                   "schemas": {
                     "Pet": {"$id": "https://example.com/schemas/pet", "type": "object",
                             "properties": {"owner": {"$ref": "owner"},
                                        "friend": {"$ref": "#/components/schemas/Owner"}}},
                     "Owner": {"$id": "https://example.com/schemas/owner", "type": "object"},
                     "Anchored": {"$anchor": "pet", "$ref": "https://example.com/schemas/pet", "description": "sibling"}
                   }}}
                """)
        let spec = try OpenAPI.Loader.load(text: text)
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.kind == .openapi31)
        #expect(spec.jsonSchemaDialect == "https://spec.openapis.org/oas/3.1/dialect/base")
        #expect(spec.operations.map(\.operationId) == ["listPets"])
        #expect(spec.webhooks.map(\.operationId) == ["newPetHook"])
        #expect(spec.webhooks[0].pathTemplate == "newPet" && spec.webhooks[0].isWebhook)
        let response = try #require(spec.operations[0].responses.first)
        #expect(response.content.count == 1)
        let items = try #require(response.content[0].schema?.node["items"])
        #expect(items["$ref"]?.stringValue == "#pet")
        let schema = try #require(response.content[0].schema)
        let anchored = try #require(spec.resolveReference("#pet", from: schema))
        #expect(anchored.pointer.description == "/components/schemas/Anchored")
        let pet = try #require(spec.resolveReference("https://example.com/schemas/pet", from: schema))
        #expect(pet.pointer.description == "/components/schemas/Pet")
        let hookSchema = try #require(spec.webhooks[0].requestBody?.content[0].schema)
        #expect(hookSchema.dialect == .oas31)
    }

    @Test func eachFileIsLoadedOnce() throws {
        // customers.json is reached three times and common.json twice; each appears once.
        let spec = try loadFixtureSpec("multifile/root.json")
        let documents = spec.files.values.map { ObjectIdentifier($0) }
        #expect(Set(documents).count == spec.files.count)
        let a = try #require(spec.operation(id: "createCustomer")?.responses.first?.content.first?.schema)
        let b = try #require(spec.operation(id: "getCustomer")?.responses.first?.content.first?.schema)
        #expect(a.document === b.document)
        #expect(a.pointer == b.pointer)
    }

    @Test func filesReferringToEachOtherLoadOnce() throws {
        let spec = try loadFixtureSpec("filecycle/api.json")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.files.count == 3)
        let schema = try #require(spec.operations.first?.responses.first?.content.first?.schema)
        let order = try #require(spec.resolveReference(schema.node["$ref"]!.stringValue!, from: schema))
        let customerRef = try #require(order.node["properties"]?["customer"]?["$ref"]?.stringValue)
        let customer = try #require(spec.resolveReference(customerRef, from: order))
        #expect(customer.file == spec.rootFile)
        #expect(customer.pointer.description == "/components/schemas/Customer")
    }

    @Test func fileLimitIsADiagnostic() throws {
        let spec = try loadFixtureSpec("multifile/root.json", options: OpenAPI.LoadOptions(maxFiles: 3))
        #expect(spec.files.count == 3)
        let limited = spec.diagnostics.filter { $0.message.contains("more than 3 files") }
        #expect(!limited.isEmpty, "\(spec.diagnostics)")
        #expect(limited.allSatisfy { $0.id == "spec.unresolved-ref" })
        #expect(spec.operations.count == 4)
    }

    @Test func refMapArgumentsParse() throws {
        let mapping = try OpenAPI.LoadOptions.parseRefMapping("https://schemas.example.com/=./vendor/")
        #expect(mapping.prefix == "https://schemas.example.com/")
        #expect(mapping.path == "./vendor/")
        #expect(throws: DiagnoseFailure.self) { try OpenAPI.LoadOptions.parseRefMapping("https://x.example/") }
        #expect(throws: DiagnoseFailure.self) { try OpenAPI.LoadOptions.parseRefMapping("=./vendor/") }
    }

    @Test func openapi32LoadsAs31WithNewMethods() throws {
        let text = SourceText(
            name: "v32.json",
            string: """
                {"openapi": "3.2.0", "info": {"title": "t", "version": "1"},
                 "paths": {"/search": {
                    "query": {"operationId": "querySearch", "responses": {"200": {"description": "ok"}}},
                    "additionalOperations": {"PURGE": {"operationId": "purge", "responses": {"204": {"description": "ok"}}}}}}}
                """)
        let spec = try OpenAPI.Loader.load(text: text)
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.kind == .openapi31)
        #expect(spec.specVersion == "3.2.0")
        #expect(spec.operations.map(\.displayName) == ["QUERY /search", "PURGE /search"])
        #expect(spec.router.route(method: "purge", url: "/search").match?.operation.operationId == "purge")
    }

    @Test func yamlAndJSONFilesReferToEachOther() throws {
        let spec = try loadFixtureSpec("mixed/api.yaml")
        #expect(spec.diagnostics.isEmpty, "\(spec.diagnostics)")
        #expect(spec.files.count == 3)
        let schema = try #require(spec.operations.first?.responses.first?.content.first?.schema)
        #expect(schema.location.line == 12)
        #expect(schema.location.pointer == "/paths/~1items/get/responses/200/content/application~1json/schema")
        let item = try #require(spec.resolveReference(schema.node["$ref"]!.stringValue!, from: schema))
        let price = try #require(
            spec.resolveReference(item.node["properties"]!["price"]!["$ref"]!.stringValue!, from: item))
        #expect(price.file.hasSuffix("mixed/schemas/price.yaml"))
        #expect(price.node["required"]?.elements.map { $0.stringValue } == ["amount", "currency"])
        #expect(price.node["properties"]?["amount"]?.location.line == 4)
    }
}
