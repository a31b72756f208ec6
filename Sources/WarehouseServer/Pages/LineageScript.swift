/// The lineage page's script: shows a clicked node's details from the data embedded in the page.
///
/// Text is set with `textContent`, never parsed as HTML, so a model's SQL or description cannot inject markup.
enum LineageScript {
    static let source = #"""
        "use strict";
        (() => {
          const dataElement = document.getElementById("lineage-data");
          // Tells a headless browser (scripts/check-pages.py) the page is drawn.
          document.documentElement.dataset.ready = "1";
          if (!dataElement) return;
          const nodes = JSON.parse(dataElement.textContent);
          const details = document.getElementById("details");

          function element(tag, text, className) {
            const made = document.createElement(tag);
            if (text !== undefined && text !== null) made.textContent = String(text);
            if (className) made.className = className;
            return made;
          }
          function statusText(outcome) {
            if (!outcome) return element("span", "not built", "muted");
            const made = element("span", outcome.status, "status-" + outcome.status.replace(/ /g, "-"));
            if (outcome.finished_at) made.title = outcome.finished_at;
            return made;
          }
          function table(headings, rows) {
            const made = element("table");
            const head = made.insertRow();
            for (const heading of headings) head.appendChild(element("th", heading));
            for (const row of rows) {
              const line = made.insertRow();
              for (const cell of row) {
                const td = line.insertCell();
                if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null ? "" : String(cell);
              }
            }
            return made;
          }
          function show(index) {
            const node = nodes[index];
            details.replaceChildren();
            details.appendChild(element("h2", node.name));
            details.appendChild(element("p", node.id, "muted"));
            const facts = table(["", ""], [
              ["type", node.resource_type], ["materialized", node.materialized], ["relation", node.relation || "—"],
              ["file", node.path], ["last outcome", statusText(node.outcome)],
            ]);
            details.appendChild(facts);
            if (node.outcome && node.outcome.message) details.appendChild(element("p", node.outcome.message, "muted"));
            if (node.description) details.appendChild(element("p", node.description));
            details.appendChild(element("h2", "Columns"));
            details.appendChild(node.columns.length
              ? table(["name", "type", "description"], node.columns.map(c => [c.name, c.type || "", c.description]))
              : element("p", "No documented columns.", "muted"));
            details.appendChild(element("h2", "Tests"));
            details.appendChild(node.tests.length
              ? table(["test", "column", "result"], node.tests.map(t => [t.name, t.column || "", statusText(t.outcome)]))
              : element("p", "No tests.", "muted"));
            if (node.sql) {
              details.appendChild(element("h2", "SQL"));
              details.appendChild(element("pre", node.sql));
            }
            for (const other of document.querySelectorAll(".node")) {
              other.classList.toggle("selected", other.dataset.index === String(index));
            }
          }
          for (const drawn of document.querySelectorAll(".node")) {
            drawn.addEventListener("click", () => show(Number(drawn.dataset.index)));
            drawn.addEventListener("keydown", event => {
              if (event.key === "Enter") show(Number(drawn.dataset.index));
            });
          }
          const fromHash = nodes.findIndex(node => "#" + node.name === location.hash);
          show(fromHash >= 0 ? fromHash : nodes.length - 1);
        })();
        """#
}
