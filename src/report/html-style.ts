// The HTML report's stylesheet, inline so the page needs nothing but itself; colours keep states apart in grey too.
export const STYLE = `
:root { --run: #2e9e5b; --unhealthy: #e0a526; --paused: #7d8fd6; --down: #c8433b; --fault: #c8433b; --ink: #1f2328; --dim: #656d76; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1280px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta, .dim { color: var(--dim); }
.badge { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; font-weight: 700; letter-spacing: .03em; }
.badge.good { background: var(--run); }
.badge.bad { background: var(--down); }
.gap { color: var(--down); font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; color: var(--dim); }
td.v-pass { color: var(--run); font-weight: 600; }
td.v-fail, td.v-predicted-pass, td.v-predicted-na { color: var(--down); font-weight: 600; }
td.v-predicted-fail { color: #9a6700; font-weight: 600; }
td.v-na { color: var(--dim); }
details { margin: 6px 0; }
summary { cursor: default; font-weight: 600; }
ul.evidence { margin: 4px 0 8px; padding-left: 22px; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.legend-row span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; border-radius: 2px; }
svg { display: block; margin: 6px 0; font: 11px system-ui, sans-serif; }
svg .grid { stroke: #eaeef2; }
svg .tick { fill: var(--dim); }
svg .lane-bg { fill: #f6f8fa; }
svg .lane-label { fill: var(--ink); }
svg .lane-host { fill: var(--dim); }
svg .s-running { fill: var(--run); }
svg .s-unhealthy { fill: var(--unhealthy); }
svg .s-paused { fill: var(--paused); }
svg .s-down { fill: var(--down); fill-opacity: .85; }
svg .fault-band { fill: var(--fault); fill-opacity: .12; stroke: var(--fault); stroke-opacity: .6; stroke-width: 1; }
svg .fault-shade { fill: var(--fault); fill-opacity: .10; }
svg .fault-label { fill: var(--fault); font-weight: 600; }
svg .phase { stroke: var(--dim); stroke-dasharray: 3 3; }
svg path.current { fill: none; stroke: #8c959f; stroke-width: 2; }
svg path.verified { fill: none; stroke: #0969da; stroke-width: 2.5; }
svg .current-text { fill: #8c959f; font-weight: 600; }
svg .verified-text { fill: #0969da; font-weight: 600; }
@media print { body { padding: 0; } }
`;
