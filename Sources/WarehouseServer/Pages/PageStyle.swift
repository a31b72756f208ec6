/// The pages' one stylesheet, inlined into each.
enum PageStyle {
    static let css = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --panel: #ffffff; --back: #f5f7fa;
          --accent: #2f6fdf; --ok: #2f9e44; --bad: #d64545; --warn: #e8a317;
          --bronze: #b7794a; --silver: #8a96a3; --gold: #d4a82a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--ink); background: var(--back); }
        header { display: flex; gap: 24px; align-items: center; padding: 10px 20px; background: var(--ink); color: #fff; }
        header nav a { color: #cbd2d9; margin-right: 16px; text-decoration: none; }
        header nav a[aria-current] { color: #fff; border-bottom: 2px solid var(--accent); }
        main { padding: 20px; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        h2 { font-size: 15px; margin: 0 0 8px; }
        .muted { color: var(--muted); }
        .empty { padding: 24px; color: var(--muted); background: var(--panel); border: 1px dashed var(--line); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; margin-top: 16px; }
        .card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 14px; }
        .figures { display: flex; gap: 32px; flex-wrap: wrap; }
        .figure b { display: block; font-size: 22px; }
        svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
        .chart .bar { fill: var(--accent); }
        .chart .axis { stroke: var(--line); }
        code, pre { font: 12px/1.4 ui-monospace, monospace; }
        pre { background: #f0f4f8; padding: 10px; overflow: auto; max-height: 420px; }
        table { border-collapse: collapse; width: 100%; }
        td, th { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        .status-success, .status-pass { color: var(--ok); }
        .status-error, .status-fail, .status-runtime-error { color: var(--bad); }
        .status-warn, .status-skipped, .status-partial-success { color: var(--warn); }
        .lineage .canvas { overflow: auto; background: var(--panel); border: 1px solid var(--line); }
        .lineage .canvas svg { max-width: 100%; height: auto; display: block; }
        .lineage aside { margin-top: 16px; }
        .lineage aside pre { max-height: 360px; }
        .node { cursor: pointer; }
        .node rect { fill: var(--panel); stroke: var(--line); stroke-width: 1.5; }
        .node.selected rect { stroke: var(--accent); stroke-width: 3; }
        .node .band { stroke: none; }
        .node text.name { font-weight: 600; fill: var(--ink); font-size: 12px; }
        .band.bronze { fill: var(--bronze); } .band.silver { fill: var(--silver); } .band.gold { fill: var(--gold); }
        .band.other { fill: var(--accent); }
        .edge { fill: none; stroke: #9aa5b1; stroke-width: 1.3; }
        .operation { margin-bottom: 10px; }
        .operation summary { cursor: pointer; }
        .method { display: inline-block; width: 52px; font-weight: 700; }
        .method.get { color: var(--ok); } .method.post { color: var(--accent); }
        form.try label { display: block; margin: 6px 0; }
        form.try input, form.try select, form.try textarea { font: inherit; padding: 3px 6px; min-width: 220px; }
        button { font: inherit; padding: 4px 14px; }
        """
}
