/// The frame every page shares: head, style, navigation bar, then the page's own body and script.
///
/// Everything is inline, so a page is one self-contained file with nothing fetched from elsewhere; the empty icon
/// link keeps browsers from asking for `/favicon.ico`.
enum PageShell {
    static func html(
        _ page: PageSite.Page, site: PageSite, projectName: String, body: String, script: String
    ) -> String {
        let links = PageSite.Page.allCases.map { other in
            let current = other == page ? " aria-current=\"page\"" : ""
            return "<a href=\"\(site.href(other))\"\(current)>\(other.title)</a>"
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>\(HTML.escape(projectName)) · \(page.title)</title>
            <style>\(PageStyle.css)</style>
            </head>
            <body>
            <header><strong>\(HTML.escape(projectName))</strong><nav>\(links.joined())</nav></header>
            <main>
            \(body)
            </main>
            <script>\(script)</script>
            </body>
            </html>

            """
    }
}
