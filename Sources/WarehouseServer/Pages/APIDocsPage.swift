public import WarehouseCore

/// `/docs`: the OpenAPI document as a page of our own, one entry per operation with its parameters, the columns it
/// answers with, and a form that sends the request and shows the answer.
public enum APIDocsPage {
    /// The page for `document` (an OpenAPI 3.1 document, as ``OpenAPIDocument`` makes it).
    public static func html(_ document: JSON, projectName: String, site: PageSite) -> String {
        let body = """
            <h1>API</h1>
            <p class="muted">Generated from the project's KPI definitions and ingest sources. The document itself: \
            <a href="\(site.openAPIHref)">openapi.json</a>.</p>
            <section class="card" id="settings"></section>
            <div id="operations" style="margin-top:16px"></div>
            \(HTML.dataScript(id: "openapi", document))
            """
        return PageShell.html(.apiDocs, site: site, projectName: projectName, body: body, script: APIDocsScript.source)
    }
}
