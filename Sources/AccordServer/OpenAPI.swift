/// The OpenAPI 3.1 description of the server, served at `/openapi.json`. The API suite checks that
/// every route the router holds is here and everything here is a route.
enum OpenAPI {
    static let document = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Accord node API",
        "version": "1",
        "description": "Reports, networks, indicators and the public check of one Accord node. Errors are RFC 9457 problem details. Markings (TLP 2.0) decide what each caller sees. Query strings are read as a form sends them: + is a space, a plus sign is %2B."
      },
      "servers": [{"url": "/"}],
      "components": {
        "securitySchemes": {
          "key": {"type": "http", "scheme": "bearer", "description": "acc_<id>_<secret>, made with `accord admin key create`"}
        },
        "parameters": {
          "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
          "country": {"name": "country", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "description": "ISO 3166-1 alpha-2"},
          "since": {"name": "since", "in": "query", "schema": {"type": "string"}, "description": "a date (2026-10-01) or an RFC 3339 time"},
          "until": {"name": "until", "in": "query", "schema": {"type": "string"}, "description": "a date (2026-10-01) or an RFC 3339 time"},
          "value": {"name": "value", "in": "query", "required": true, "schema": {"type": "string"}, "description": "an indicator in any writing"},
          "kind": {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/Kind"}, "description": "how to read the value"}
        },
        "responses": {
          "Problem": {"description": "RFC 9457 problem details", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        },
        "schemas": {
          "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
            "pointer": {"type": "string", "description": "RFC 6901 pointer to the invalid field"}}},
          "Kind": {"type": "string", "enum": ["phone", "email", "url", "domain", "ip", "wallet", "bank_account", "card", "handle"]},
          "TLP": {"type": "string", "enum": ["clear", "green", "amber", "amber+strict", "red"]},
          "Money": {"type": "object", "required": ["amount", "currency"], "properties": {"amount": {"type": "string"}, "currency": {"type": "string"}}},
          "Report": {"type": "object", "description": "the report shape of `accord ingest`; unknown fields are refused", "additionalProperties": false, "properties": {
            "id": {"type": "string", "format": "uuid"}, "external_ref": {"type": "string"}, "organisation": {"type": "string"},
            "reported_at": {"type": "string"}, "occurred_at": {"type": "string"}, "country": {"type": "string"},
            "scam_type": {"type": "string", "enum": ["investment", "romance", "phishing", "impersonation_authority", "impersonation_business", "impersonation_acquaintance", "tech_support", "job_task", "loan", "prize", "shopping", "sextortion", "crypto_giveaway", "bec", "other"]},
            "loss": {"$ref": "#/components/schemas/Money"}, "narrative": {"type": "string"},
            "tlp": {"$ref": "#/components/schemas/TLP"}, "pap": {"type": "string", "enum": ["clear", "green", "amber", "red"]},
            "indicators": {"type": "array", "items": {"type": "object", "required": ["kind", "value"], "properties": {
              "kind": {"$ref": "#/components/schemas/Kind"}, "value": {"type": "string"}, "chain": {"type": "string"},
              "platform": {"type": "string"}, "bank": {"type": "string"}, "country": {"type": "string"}}}}}},
          "Created": {"type": "object", "properties": {"id": {"type": "string"}, "seq": {"type": "integer"}, "created": {"type": "boolean"},
            "indicators": {"type": "integer"}, "invalid_indicators": {"type": "integer"}, "new_links": {"type": "integer"}}},
          "IngestSummary": {"type": "object", "properties": {"lines_read": {"type": "integer"}, "reports_stored": {"type": "integer"},
            "duplicates": {"type": "integer"}, "indicators": {"type": "integer"}, "invalid_indicators": {"type": "integer"},
            "reports_without_indicators": {"type": "integer"}, "new_links": {"type": "integer"}, "new_networks": {"type": "integer"},
            "networks_merged": {"type": "integer"}, "rejected": {"type": "array", "items": {"type": "object", "properties": {
              "line": {"type": "integer"}, "field": {"type": "string"}, "reason": {"type": "string"}, "text": {"type": "string"}}}}}},
          "ReportSummary": {"type": "object", "properties": {"id": {"type": "string"}, "seq": {"type": "integer"}, "organisation": {"type": "string"},
            "country": {"type": "string"}, "scam_type": {"type": "string"}, "reported_at": {"type": "string"},
            "loss": {"$ref": "#/components/schemas/Money"}, "tlp": {"$ref": "#/components/schemas/TLP"}}},
          "ReportPage": {"type": "object", "properties": {"reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}},
            "next_cursor": {"type": "string"}}},
          "ReportView": {"allOf": [{"$ref": "#/components/schemas/Report"}, {"type": "object", "properties": {"seq": {"type": "integer"}}}]},
          "Network": {"type": "object", "properties": {"id": {"type": "string"}, "reports": {"type": "integer"}, "indicators": {"type": "integer"},
            "countries": {"type": "array", "items": {"type": "string"}}, "organisations": {"type": "array", "items": {"type": "string"}},
            "scam_types": {"type": "array", "items": {"type": "string"}}, "first_seen": {"type": "string"}, "last_seen": {"type": "string"},
            "losses": {"type": "object", "additionalProperties": {"type": "string"}}, "cross_border": {"type": "boolean"}}},
          "NetworkDetail": {"type": "object", "properties": {"network": {"$ref": "#/components/schemas/Network"},
            "reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}},
            "indicators": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "value": {"type": "string"}}}}}},
          "Known": {"type": "object", "properties": {"reports": {"type": "integer"}, "countries": {"type": "array", "items": {"type": "string"}},
            "scam_types": {"type": "array", "items": {"type": "string"}}, "first_seen": {"type": "string"}, "last_seen": {"type": "string"}}},
          "Indicator": {"type": "object", "properties": {"kind": {"type": "string"}, "value": {"type": "string"}, "id": {"type": "string"},
            "stix_id": {"type": "string"}, "known": {"$ref": "#/components/schemas/Known"},
            "reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}}}},
          "AnalyzeRequest": {"type": "object", "properties": {"text": {"type": "string"}, "messages": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 1000},
            "country": {"type": "string", "description": "ISO 3166-1 code: reads national phone numbers"}}},
          "Analysis": {"type": "object", "required": ["verdict", "score", "indicators", "reasons", "model"], "properties": {
            "verdict": {"type": "string", "enum": ["scam", "benign", "unknown"]}, "score": {"type": "number", "minimum": 0, "maximum": 1},
            "text_score": {"type": "number"}, "scam_type": {"type": "string"}, "type_confidence": {"type": "number"},
            "indicators": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "value": {"type": "string"}, "text": {"type": "string"},
              "start": {"type": "integer"}, "end": {"type": "integer"}, "derived": {"type": "array", "items": {"type": "string"}},
              "known": {"type": "object", "properties": {"reports": {"type": "integer"}, "countries": {"type": "array", "items": {"type": "string"}}, "warned": {"type": "boolean"}}}}}},
            "reasons": {"type": "array", "items": {"type": "object", "properties": {"feature": {"type": "string"}, "weight": {"type": "number"}}}},
            "note": {"type": "string"}, "model": {"type": "string"}}},
          "Check": {"type": "object", "properties": {"value": {"type": "string"}, "kind": {"type": "string"},
            "verdict": {"type": "string", "enum": ["unknown", "reported", "high_risk"]}, "reports": {"type": "integer"},
            "countries": {"type": "array", "items": {"type": "string"}}, "scam_types": {"type": "array", "items": {"type": "string"}},
            "first_seen": {"type": "string"}, "last_seen": {"type": "string"}}},
          "Alert": {"type": "object", "properties": {"id": {"type": "string"}, "created_at": {"type": "string"},
            "report": {"$ref": "#/components/schemas/ReportSummary"},
            "linked": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "value": {"type": "string"}}}},
            "reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}},
            "countries": {"type": "array", "items": {"type": "string"}}, "network": {"type": "string"}}},
          "AlertPage": {"type": "object", "properties": {"alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}}, "next_cursor": {"type": "string"}}},
          "Group": {"type": "object", "properties": {"key": {"type": "string"}, "reports": {"type": "integer"},
            "losses": {"type": "object", "additionalProperties": {"type": "string"}}}},
          "Statistics": {"type": "object", "properties": {"reports": {"type": "integer"},
            "by_country": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}},
            "by_scam_type": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}},
            "by_month": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}}}}
        }
      },
      "paths": {
        "/healthz": {"get": {"summary": "the process runs", "responses": {"200": {"description": "ok"}}}},
        "/readyz": {"get": {"summary": "the store answers and every migration is applied",
          "responses": {"200": {"description": "ready"}, "503": {"$ref": "#/components/responses/Problem"}}}},
        "/check": {"get": {"summary": "the public check as a page for people, in English or Vietnamese (lang=en|vi, or the browser's Accept-Language)",
          "parameters": [{"name": "value", "in": "query", "schema": {"type": "string"}}, {"$ref": "#/components/parameters/country"},
            {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["en", "vi"]}}],
          "responses": {"200": {"description": "the page", "content": {"text/html": {"schema": {"type": "string"}}}},
            "400": {"description": "the page, saying the value cannot be read"}, "429": {"description": "the page, saying when to try again"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics: requests and durations per route and status, reports and indicators stored, alerts raised, public checks",
          "responses": {"200": {"description": "the Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/openapi.json": {"get": {"summary": "this document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        "/api/v1/reports": {
          "post": {"summary": "submit a report", "security": [{"key": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
            "responses": {"201": {"description": "stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Created"}}}},
              "200": {"description": "the same report again", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Created"}}}},
              "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
              "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
              "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
          "get": {"summary": "the reports the caller may see, newest first, without personal data",
            "parameters": [{"$ref": "#/components/parameters/country"}, {"name": "scam_type", "in": "query", "schema": {"type": "string"}},
              {"name": "organisation", "in": "query", "schema": {"type": "string"}}, {"$ref": "#/components/parameters/since"},
              {"$ref": "#/components/parameters/until"}, {"name": "indicator", "in": "query", "schema": {"type": "string"}},
              {"$ref": "#/components/parameters/kind"}, {"name": "indicator_country", "in": "query", "schema": {"type": "string"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
              {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportPage"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/reports/bulk": {
          "post": {"summary": "submit NDJSON, one report a line, in one transaction", "security": [{"key": []}],
            "parameters": [{"name": "skip_invalid", "in": "query", "schema": {"type": "boolean"}}],
            "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {"200": {"description": "the ingest summary", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestSummary"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
              "413": {"$ref": "#/components/responses/Problem"}, "415": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/reports/{id}": {
          "get": {"summary": "one report, when its marking lets the caller see it; the read is logged", "security": [{"key": []}],
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {"200": {"description": "the report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportView"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
              "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/check": {
          "get": {"summary": "the public check: CLEAR reports only, rate-limited per address",
            "parameters": [{"$ref": "#/components/parameters/value"}, {"$ref": "#/components/parameters/country"}, {"$ref": "#/components/parameters/kind"}],
            "responses": {"200": {"description": "the verdict", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Check"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "429": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/analyze": {
          "post": {"summary": "the scam-text analyser: verdict, risk score, scam type, the indicators in the text (with what CLEAR reports say of them) and the features that weighed most",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeRequest"}}}},
            "responses": {"200": {"description": "one analysis for text; {results: [...]} in order for messages", "content": {"application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/Analysis"}, {"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Analysis"}}}}]}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "415": {"$ref": "#/components/responses/Problem"},
              "503": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/indicators": {
          "get": {"summary": "one indicator with what the reports the caller may see say of it",
            "parameters": [{"$ref": "#/components/parameters/value"}, {"$ref": "#/components/parameters/country"}, {"$ref": "#/components/parameters/kind"}],
            "responses": {"200": {"description": "the indicator", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Indicator"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/stats": {
          "get": {"summary": "reports and losses by country, scam type and month, over what the caller may see",
            "parameters": [{"$ref": "#/components/parameters/since"}, {"$ref": "#/components/parameters/until"}],
            "responses": {"200": {"description": "the statistics", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Statistics"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/alerts": {
          "get": {"summary": "the caller's organisation's alerts, newest first: a new report shares indicators with reports of another organisation or country", "security": [{"key": []}],
            "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "a page of alerts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertPage"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/alerts/stream": {
          "get": {"summary": "new alerts as they are raised, as Server-Sent Events (event: alert, data: an Alert)", "security": [{"key": []}],
            "responses": {"200": {"description": "an event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
              "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/networks": {
          "get": {"summary": "networks as the caller may see them, ranked",
            "parameters": [{"name": "all", "in": "query", "schema": {"type": "boolean"}}, {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["loss", "victims"]}},
              {"$ref": "#/components/parameters/country"}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}],
            "responses": {"200": {"description": "networks", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Network"}}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/networks/{id}": {
          "get": {"summary": "one network, named by any report of it the caller may see",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {"200": {"description": "the network", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NetworkDetail"}}}},
              "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
              "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}}
      }
    }
    """#
}
