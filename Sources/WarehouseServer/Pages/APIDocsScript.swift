/// The API page's script: lists the embedded OpenAPI document's operations and sends "try it" requests.
///
/// Requests go to the page's own server when served, or to the document's first server URL when the page is a file.
enum APIDocsScript {
    static let source = #"""
        "use strict";
        (() => {
          const spec = JSON.parse(document.getElementById("openapi").textContent);
          const served = location.protocol === "http:" || location.protocol === "https:";

          function element(tag, text, attributes) {
            const made = document.createElement(tag);
            if (text !== undefined && text !== null) made.textContent = String(text);
            for (const [key, value] of Object.entries(attributes || {})) made.setAttribute(key, value);
            return made;
          }
          function labelled(text, input) {
            const label = element("label", text + " ");
            label.appendChild(input);
            return label;
          }
          function describe(schema) {
            if (!schema) return "";
            const parts = [schema.format || schema.type || ""];
            if (schema.enum) parts.push("one of " + schema.enum.join(", "));
            if (schema.minimum !== undefined) parts.push("≥ " + schema.minimum);
            if (schema.maximum !== undefined) parts.push("≤ " + schema.maximum);
            if (schema.default !== undefined) parts.push("default " + schema.default);
            return parts.filter(Boolean).join(", ");
          }

          const settings = document.getElementById("settings");
          settings.appendChild(element("h2", spec.info.title + " " + spec.info.version));
          if (spec.info.description) settings.appendChild(element("p", spec.info.description, { class: "muted" }));
          const defaultServer = served ? location.origin : ((spec.servers || [])[0] || {}).url || "";
          const server = element("input", null, { value: defaultServer, size: 40 });
          settings.appendChild(labelled("Server", server));
          const token = element("input", null, { placeholder: "only when the server requires auth", size: 40 });
          if (spec.components && spec.components.securitySchemes) settings.appendChild(labelled("Bearer token", token));

          function operation(path, method, op) {
            const box = element("details", null, { class: "operation card" });
            const summary = element("summary");
            summary.append(element("span", method.toUpperCase(), { class: "method " + method }), element("code", path),
              " " + (op.summary || ""));
            box.appendChild(summary);
            if (op.description) box.appendChild(element("p", op.description));
            const parameters = op.parameters || [];
            if (parameters.length) {
              const table = element("table");
              const head = table.insertRow();
              for (const heading of ["parameter", "in", "schema", "required", "description"]) {
                head.appendChild(element("th", heading));
              }
              for (const parameter of parameters) {
                const row = table.insertRow();
                for (const cell of [parameter.name, parameter.in, describe(parameter.schema),
                  parameter.required ? "yes" : "no", parameter.description || ""]) {
                  row.insertCell().textContent = cell;
                }
              }
              box.appendChild(table);
            }
            const ok = (op.responses || {})["200"];
            const okSchema = ok && ok.content && ok.content["application/json"] && ok.content["application/json"].schema;
            const rowSchema = okSchema && okSchema.properties && okSchema.properties.rows && okSchema.properties.rows.items;
            if (rowSchema && rowSchema.prefixItems) {
              box.appendChild(element("p", "Columns: " + rowSchema.prefixItems.map(
                column => column.title + " (" + describe(column) + ")").join(", "), { class: "muted" }));
            }
            const codes = Object.keys(op.responses || {}).join(", ");
            box.appendChild(element("p", "Responses: " + codes, { class: "muted" }));

            const form = element("form", null, { class: "try" });
            const inputs = parameters.map(parameter => {
              const schema = parameter.schema || {};
              let input;
              if (schema.enum) {
                input = element("select");
                if (!parameter.required) input.appendChild(element("option", "", { value: "" }));
                for (const value of schema.enum) input.appendChild(element("option", value, { value }));
              } else {
                input = element("input", null, { placeholder: describe(schema) });
              }
              if (parameter.example !== undefined) input.value = parameter.example;
              form.appendChild(labelled(parameter.name + (parameter.required ? " *" : ""), input));
              return [parameter, input];
            });
            const bodySchema = op.requestBody && op.requestBody.content["application/json"];
            let body = null;
            if (bodySchema) {
              body = element("textarea", null, { rows: 8, cols: 60 });
              body.value = JSON.stringify(bodySchema.example || {}, null, 2);
              form.appendChild(labelled("body", body));
            }
            form.appendChild(element("button", "Try it", { type: "submit" }));
            const output = element("pre", "", { hidden: "" });
            form.appendChild(output);
            form.addEventListener("submit", async event => {
              event.preventDefault();
              let url = path;
              const query = new URLSearchParams();
              for (const [parameter, input] of inputs) {
                if (parameter.in === "path") url = url.replace("{" + parameter.name + "}", encodeURIComponent(input.value));
                else if (input.value !== "") query.append(parameter.name, input.value);
              }
              const headers = { Accept: "application/json" };
              if (token.value) headers.Authorization = "Bearer " + token.value;
              if (body) headers["Content-Type"] = "application/json";
              const target = server.value.replace(/\/$/, "") + url + (query.toString() ? "?" + query : "");
              output.hidden = false;
              output.textContent = method.toUpperCase() + " " + target + "\n…";
              try {
                const answer = await fetch(target, { method: method.toUpperCase(), headers, body: body ? body.value : undefined });
                const text = await answer.text();
                let shown = text;
                try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (notJSON) { shown = text; }
                output.textContent = answer.status + " " + answer.statusText + "\n\n" + shown;
              } catch (problem) {
                output.textContent = "The request failed: " + problem.message;
              }
            });
            box.appendChild(form);
            return box;
          }

          const operations = document.getElementById("operations");
          const paths = Object.entries(spec.paths || {});
          if (!paths.length) operations.appendChild(element("p", "No operations.", { class: "empty" }));
          for (const [path, item] of paths) {
            for (const method of ["get", "post", "put", "delete"]) {
              if (item[method]) operations.appendChild(operation(path, method, item[method]));
            }
          }
          const first = operations.querySelector("details");
          if (first) first.open = true;
          // Tells a headless browser (scripts/check-pages.py) the page is drawn.
          document.documentElement.dataset.ready = "1";
        })();
        """#
}
