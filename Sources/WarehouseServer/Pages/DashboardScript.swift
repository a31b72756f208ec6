/// The dashboard's script: draws each chart's KPI as SVG.
///
/// The answer is embedded in the page, or fetched from the KPI endpoint. Values come from the JSON responses' `columns` and `rows`; which columns to draw is the chart's
/// preference where present, else the first non-numeric column against the numeric ones.
enum DashboardScript {
    static let source = #"""
        "use strict";
        (() => {
          const config = JSON.parse(document.getElementById("dashboard-config").textContent);
          const svgNS = "http://www.w3.org/2000/svg";
          const palette = ["#2f6fdf", "#d64545", "#2f9e44", "#e8a317", "#7048e8"];
          const numericType = /^(numeric|decimal|int|integer|bigint|smallint|real|double|float|number)/i;

          function svg(tag, attributes, text) {
            const made = document.createElementNS(svgNS, tag);
            for (const [key, value] of Object.entries(attributes || {})) made.setAttribute(key, value);
            if (text !== undefined) made.textContent = text;
            return made;
          }
          function format(value) {
            const number = Number(value);
            if (!Number.isFinite(number)) return String(value);
            return number.toLocaleString("en", { maximumFractionDigits: Math.abs(number) >= 100 ? 0 : 2 });
          }
          function pick(columns, preferred, fallback) {
            const names = columns.map(column => column.name);
            const found = preferred.filter(name => names.includes(name));
            return found.length ? found.map(name => names.indexOf(name)) : fallback;
          }
          function chooseColumns(chart, response) {
            const columns = response.columns;
            const numeric = columns.map((column, index) => numericType.test(column.type) ? index : -1)
              .filter(index => index >= 0 && !/_(rank|key|id)$/.test(columns[index].name));
            const firstLabel = columns.findIndex(column => !numericType.test(column.type));
            const label = pick(columns, chart.label, [firstLabel >= 0 ? firstLabel : 0])[0];
            const values = pick(columns, chart.values, numeric.filter(index => index !== label));
            return { label, values };
          }
          async function response(kpi, url) {
            if (config.embedded) {
              const embedded = document.getElementById("kpi-" + kpi);
              if (embedded) return JSON.parse(embedded.textContent);
              throw new Error("not queried when these pages were generated");
            }
            const answer = await fetch(url, { headers: { Accept: "application/json" } });
            const body = await answer.json();
            if (!answer.ok) throw new Error(body.error ? body.error.message : answer.statusText);
            return body;
          }
          function lineChart(target, chart, data) {
            const { label, values } = chooseColumns(chart, data);
            const rows = data.rows;
            const width = 520, height = 240, left = 64, bottom = 28, top = 12;
            const all = rows.flatMap(row => values.map(index => Number(row[index]))).filter(Number.isFinite);
            const low = Math.min(0, ...all), high = Math.max(...all, 1);
            const x = index => left + (rows.length < 2 ? 0 : index * (width - left - 10) / (rows.length - 1));
            const y = value => top + (high - value) * (height - top - bottom) / (high - low);
            const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
            for (const tick of [low, (low + high) / 2, high]) {
              drawing.appendChild(svg("line", { x1: left, x2: width - 10, y1: y(tick), y2: y(tick), class: "axis" }));
              drawing.appendChild(svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, format(tick)));
            }
            const step = Math.max(1, Math.ceil(rows.length / 6));
            rows.forEach((row, index) => {
              if (index % step === 0) {
                const anchor = index === 0 ? "start" : index > rows.length - step ? "end" : "middle";
                drawing.appendChild(svg("text", { x: x(index), y: height - 8, "text-anchor": anchor },
                  String(row[label]).slice(0, 10)));
              }
            });
            values.forEach((column, series) => {
              const points = rows.map((row, index) => `${x(index)},${y(Number(row[column]) || 0)}`).join(" ");
              drawing.appendChild(svg("polyline", { points, fill: "none", stroke: palette[series % palette.length],
                "stroke-width": 2 }));
            });
            target.appendChild(drawing);
            if (values.length > 1) {
              const legend = document.createElement("p");
              values.forEach((column, series) => {
                const key = document.createElement("span");
                key.style.color = palette[series % palette.length];
                key.textContent = "■ " + data.columns[column].name + "  ";
                legend.appendChild(key);
              });
              target.appendChild(legend);
            }
          }
          function barChart(target, chart, data) {
            const { label, values } = chooseColumns(chart, data);
            const value = values[0];
            const rows = data.rows.slice(0, 12);
            const width = 520, labelWidth = 200, bar = 16, gap = 5;
            const height = rows.length * (bar + gap) + 4;
            const high = Math.max(...rows.map(row => Number(row[value]) || 0), 1);
            const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
            rows.forEach((row, index) => {
              const top = index * (bar + gap);
              const length = Math.max(0, Number(row[value]) || 0) * (width - labelWidth - 80) / high;
              const text = String(row[label]);
              drawing.appendChild(svg("text", { x: labelWidth - 6, y: top + 12, "text-anchor": "end" },
                text.length > 28 ? text.slice(0, 27) + "…" : text));
              drawing.appendChild(svg("rect", { x: labelWidth, y: top, width: length, height: bar, class: "bar" }));
              drawing.appendChild(svg("text", { x: labelWidth + length + 4, y: top + 12 }, format(row[value])));
            });
            target.appendChild(drawing);
          }
          function figures(target, data) {
            const box = document.createElement("div");
            box.className = "figures";
            const row = data.rows[0] || [];
            data.columns.forEach((column, index) => {
              const figure = document.createElement("div");
              figure.className = "figure";
              const value = document.createElement("b");
              value.textContent = row[index] === undefined || row[index] === null ? "—" : format(row[index]);
              figure.append(value, column.name.replace(/_/g, " "));
              box.appendChild(figure);
            });
            target.appendChild(box);
          }
          function message(target, text) {
            const note = document.createElement("p");
            note.className = "empty";
            note.textContent = text;
            target.appendChild(note);
          }
          const loads = config.charts.map(chart => {
            const target = document.getElementById("chart-" + chart.kpi);
            if (!config.built) return message(target, "Not built yet: run `wh build`, then reload.");
            return response(chart.kpi, chart.url).then(data => {
              if (!data.rows.length) return message(target, "No rows.");
              if (chart.kind === "line") lineChart(target, chart, data);
              else if (chart.kind === "bars") barChart(target, chart, data);
              else figures(target, data);
            }).catch(problem => message(target, "Could not load " + chart.kpi + ": " + problem.message));
          });
          // Tells a headless browser (scripts/check-pages.py) every chart is drawn.
          Promise.allSettled(loads).then(() => { document.documentElement.dataset.ready = "1"; });
        })();
        """#
}
