//! `report.html`: one self-contained file, no network access needed.

// The page is assembled from template strings that end in line breaks of their own.
#![allow(clippy::write_with_newline)]

use rayon::prelude::*;
use std::fmt::Write as _;

use sanxian_rules::{AreaFigures, CheckReport, Finding, FindingSeverity};

use crate::findings::fixed;
use crate::svg::{extent, Grid};
use crate::MapLayer;

/// Findings listed in the page; the CSV has all of them.
const MAX_ROWS: usize = 5000;
/// Grid cells across the longer side of the map.
const MAP_CELLS: f64 = 4000.0;
/// Subdivision of the grid for findings.
const FINE: i64 = 16;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn ha(m2: f64) -> String {
    fixed(AreaFigures::from_m2(m2).ha, 4)
}

fn mu(m2: f64) -> String {
    fixed(AreaFigures::from_m2(m2).mu, 2)
}

fn layer_colour(code: &str) -> (&'static str, &'static str) {
    match code {
        "STBHHX" => ("#2e7d32", "0.35"),
        "YJJBNTBHTB" | "YJJBNTTB" => ("#f9a825", "0.45"),
        "CZKFBJ" => ("#7b1fa2", "0.30"),
        "XZQ" => ("none", "0"),
        _ => ("#607d8b", "0.3"),
    }
}

/// A map section — the layers, with zoom and pan, and its style and script — for pages other
/// than the check report (e.g. the plan comparison summary), each layer in its
/// [`MapLayer::style`] or its code's colour.
pub fn render_map(layers: &[MapLayer<'_>]) -> String {
    let mut h = format!("<style>{CSS}</style>\n");
    map(&mut h, &[], layers);
    let _ = write!(h, "<script>{JS}</script>\n");
    h
}

/// Renders the report page.
pub fn render_html(report: &CheckReport, layers: &[MapLayer<'_>]) -> String {
    let mut h = String::with_capacity(1 << 20);
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>质检报告 · Quality check report</title>
<style>{CSS}</style></head><body>
<header><h1>质检报告 <small>Quality check report</small></h1>
<p>sanxian {ver} · 质检方案 profile <b>{pid}</b> {pver} ({porigin}) · 工作坐标系 working CRS {crs}</p>
<p class="totals"><span id="verdict" class="badge {vclass}">结论 verdict: {verdict}</span> <span class="badge error">一级 level 1: {l1}</span> <span class="badge warning">二级 level 2: {l2}</span> <span class="badge info">三级 level 3: {l3}</span> <span class="badge excepted">例外 excepted: {ex}</span></p></header>
"#,
        CSS = CSS,
        ver = esc(report.sanxian_version),
        pid = esc(&report.profile.id),
        pver = esc(&report.profile.version),
        porigin = esc(&report.profile.origin),
        crs = esc(&report.working_crs),
        vclass = if report.verdict.passed {
            "pass"
        } else {
            "error"
        },
        verdict = esc(report.verdict.label),
        l1 = report.verdict.levels[0],
        l2 = report.verdict.levels[1],
        l3 = report.verdict.levels[2],
        ex = report.verdict.excepted,
    );
    map(&mut h, &report.findings, layers);
    tables(&mut h, report);
    findings_list(&mut h, report);
    let _ = write!(h, "<script>{JS}</script></body></html>\n", JS = JS);
    h
}

fn map(h: &mut String, findings: &[Finding], layers: &[MapLayer<'_>]) {
    let all = layers.iter().flat_map(|l| l.geometries.iter().copied());
    let Some(ext) = extent(all.chain(findings.iter().filter_map(|f| f.geometry.as_ref()))) else {
        h.push_str("<section><h2>地图 Map</h2><p>没有几何 No geometry.</p></section>\n");
        return;
    };
    let grid = Grid::new(ext, MAP_CELLS);
    let _ = write!(
        h,
        r#"<section id="map-section"><h2>地图 Map</h2>
<div class="tools"><button data-zoom="1.5">＋</button><button data-zoom="0.667">－</button><button id="reset">全图 Full extent</button> <span class="hint">滚轮缩放，拖动平移 · wheel to zoom, drag to pan</span></div>
<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {hh}" data-full="0 0 {w} {hh}" preserveAspectRatio="xMidYMid meet">
"#,
        w = grid.width,
        hh = grid.height
    );
    let mut legend = String::new();
    // Administrative areas last so their outlines stay visible; control lines in fixed order.
    let mut ordered: Vec<&MapLayer> = layers.iter().collect();
    ordered.sort_by_key(|l| match l.code.as_str() {
        "YJJBNTBHTB" | "YJJBNTTB" => 0,
        "STBHHX" => 1,
        "CZKFBJ" => 2,
        "XZQ" => 4,
        _ => 3,
    });
    for l in ordered {
        let (fill, opacity) = match &l.style {
            Some((colour, opacity)) => (esc(colour), opacity.to_string()),
            None => {
                let (f, o) = layer_colour(&l.code);
                (f.to_string(), o.to_string())
            }
        };
        let stroke = if l.code == "XZQ" {
            "#333".to_string()
        } else {
            fill.clone()
        };
        let width = if l.code == "XZQ" { 2.0 } else { 0.6 };
        let _ = write!(
            h,
            r#"<path class="layer" data-layer="{code}" fill="{fill}" fill-opacity="{opacity}" stroke="{stroke}" stroke-width="{width}" vector-effect="non-scaling-stroke" fill-rule="evenodd" d=""#,
            code = esc(&l.code)
        );
        // Paths are written in parallel, in chunks, and joined in order.
        let parts: Vec<String> = l
            .geometries
            .par_chunks(512)
            .map(|chunk| {
                let mut s = String::new();
                for g in chunk {
                    grid.path(g, 1, &mut s);
                }
                s
            })
            .collect();
        for part in parts {
            h.push_str(&part);
        }
        h.push_str("\"/>\n");
        let _ = write!(
            legend,
            r#"<span><i style="background:{fill};opacity:{o};border-color:{stroke}"></i>{label}</span>"#,
            o = if l.code == "XZQ" { "1" } else { "0.8" },
            label = esc(&l.label)
        );
    }
    let _ = write!(
        h,
        "<g id=\"findings\" transform=\"scale({})\">\n",
        1.0 / FINE as f64
    );
    let paths: Vec<String> = findings
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut h = String::new();
            let Some(g) = &f.geometry else { return h };
            let class = match f.severity {
                FindingSeverity::Error => "error",
                FindingSeverity::Warning => "warning",
                FindingSeverity::Info => "info",
            };
            let _ = write!(
                h,
                r#"<path id="f{n}" class="finding {class}" data-n="{n}" fill-rule="evenodd" vector-effect="non-scaling-stroke" d=""#,
                n = i + 1
            );
            grid.path(g, FINE, &mut h);
            let _ = write!(
                h,
                "\"><title>{} {}</title></path>\n",
                i + 1,
                esc(&f.message)
            );
            h
        })
        .collect();
    for p in paths {
        h.push_str(&p);
    }
    h.push_str("</g>\n<g id=\"markers\">");
    // Rings around findings, so that small ones are visible at full extent.
    let r = grid.width.max(grid.height) / 150.0;
    for (i, f) in findings.iter().enumerate() {
        if let Some([x, y]) = f.location {
            let (cx, cy) = grid.point(x, y);
            let _ = write!(
                h,
                r#"<circle class="marker {}" data-n="{}" cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" vector-effect="non-scaling-stroke"/>"#,
                f.severity,
                i + 1
            );
        }
    }
    h.push_str("</g></svg>\n");
    let _ = write!(
        h,
        r#"<div class="legend">{legend}{severities}</div></section>
"#,
        severities = if findings.is_empty() {
            ""
        } else {
            r#"<span><i class="f-error"></i>错误 error</span><span><i class="f-warning"></i>警告 warning</span>"#
        }
    );
    // Positions of findings for zooming, in grid units.
    h.push_str("<script>const FINDINGS={");
    for (i, f) in findings.iter().enumerate() {
        if let Some([x, y]) = f.location {
            let (gx, gy) = grid.point(x, y);
            let _ = write!(h, "\"{}\":[{gx:.1},{gy:.1}],", i + 1);
        }
    }
    h.push_str("};</script>\n");
}

fn tables(h: &mut String, report: &CheckReport) {
    h.push_str("<section><h2>分类汇总 Findings by category</h2><table id=\"categories\"><thead><tr><th>类别 Category</th><th>一级 Level 1</th><th>二级 Level 2</th><th>三级 Level 3</th><th>例外 Excepted</th></tr></thead><tbody>\n");
    for c in &report.categories {
        let _ = write!(
            h,
            "<tr><td>{} {} <small>{}</small></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            c.category,
            esc(c.name_zh),
            esc(c.name_en),
            c.levels[0],
            c.levels[1],
            c.levels[2],
            c.excepted
        );
    }
    h.push_str("</tbody></table></section>\n");
    h.push_str("<section><h2>规则汇总 Findings by rule</h2><table><thead><tr><th>编码 Code</th><th>规则 Rule</th><th>编号 Id</th><th>级别 Level</th><th>数量 Count</th><th>例外 Excepted</th><th>椭球面积 Ellipsoid (ha)</th><th>椭球面积 Ellipsoid (亩 mu)</th></tr></thead><tbody>\n");
    for r in &report.rules {
        let _ = write!(
            h,
            "<tr{}><td><code>{}</code></td><td>{} <small>{}</small></td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            if r.enabled { "" } else { " class=\"off\"" },
            r.code,
            esc(r.title_zh),
            esc(r.title_en),
            r.rule,
            r.level,
            if r.enabled { r.count.to_string() } else { "关闭 off".into() },
            r.excepted,
            ha(r.ellipsoid_m2),
            mu(r.ellipsoid_m2)
        );
    }
    h.push_str("</tbody></table></section>\n");
    if !report.recognised.is_empty() {
        h.push_str("<section><h2>按内容识别的图层 Layers recognised by content</h2><ul>\n");
        for r in &report.recognised {
            let _ = write!(
                h,
                "<li>{} → <b>{}</b>: {}</li>\n",
                esc(&r.path),
                esc(&r.layer),
                esc(&r.by)
            );
        }
        h.push_str("</ul></section>\n");
    }
    if !report.stale_exceptions.is_empty() {
        h.push_str("<section><h2>未匹配的例外 Exceptions that match nothing</h2><table><thead><tr><th>编码 Code</th><th>图层 Layer</th><th>BSM</th><th>字段 Field</th><th>原因 Reason</th><th>位置 Where</th></tr></thead><tbody>\n");
        for e in &report.stale_exceptions {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&e.code),
                esc(&e.layer),
                esc(&e.bsm),
                esc(&e.field),
                esc(&e.reason),
                esc(&e.at)
            );
        }
        h.push_str("</tbody></table></section>\n");
    }

    h.push_str("<section><h2>图层重叠 Overlaps by layer pair</h2><table><thead><tr><th>图层 Layers</th><th>对数 Pairs</th><th>平面面积 Planar (m²)</th><th>椭球面积 Ellipsoid (ha)</th><th>椭球面积 Ellipsoid (亩 mu)</th><th>低于容差 Below tolerance</th></tr></thead><tbody>\n");
    for p in &report.layer_pairs {
        let _ = write!(
            h,
            "<tr><td>{} × {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            esc(&p.layers[0]),
            esc(&p.layers[1]),
            p.pairs,
            fixed(p.planar_m2, 2),
            ha(p.ellipsoid_m2),
            mu(p.ellipsoid_m2),
            p.below_tolerance
        );
    }
    h.push_str("</tbody></table></section>\n");

    let codes: Vec<String> = {
        let mut c: Vec<String> = report
            .counties
            .iter()
            .flat_map(|c| c.layers.iter().map(|l| l.layer.clone()))
            .collect();
        c.sort();
        c.dedup();
        c
    };
    h.push_str("<section><h2>分县面积 Areas by county (CGCS2000 椭球面积 ellipsoid area)</h2><table><thead><tr><th>行政区 County</th><th>代码 XZQDM</th><th>行政区面积 Area (ha)</th>");
    for c in &codes {
        let _ = write!(h, "<th>{c} (ha)</th><th>{c} (亩 mu)</th>", c = esc(c));
    }
    h.push_str("<th>错误 Errors</th><th>警告 Warnings</th></tr></thead><tbody>\n");
    for county in &report.counties {
        let _ = write!(
            h,
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td>",
            esc(&county.xzqmc),
            esc(&county.xzqdm),
            fixed(county.ellipsoid.ha, 4)
        );
        for c in &codes {
            match county.layers.iter().find(|l| &l.layer == c) {
                Some(l) => {
                    let _ = write!(
                        h,
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                        fixed(l.ellipsoid.ha, 4),
                        fixed(l.ellipsoid.mu, 2)
                    );
                }
                None => h.push_str("<td></td><td></td>"),
            }
        }
        let _ = write!(
            h,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            county.errors, county.warnings
        );
    }
    h.push_str("</tbody></table></section>\n");

    h.push_str("<section><h2>输入 Inputs</h2><table><thead><tr><th>图层 Layer</th><th>文件 File</th><th>格式 Format</th><th>坐标系 CRS</th><th>记录 Records</th><th>要素 Features</th><th>节点 Vertices</th></tr></thead><tbody>\n");
    for i in &report.inputs {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            esc(&i.layer),
            esc(&i.path),
            esc(&i.format),
            esc(i.crs.as_deref().unwrap_or("unknown")),
            i.records,
            i.features,
            i.vertices
        );
    }
    h.push_str("</tbody></table></section>\n");
}

fn findings_list(h: &mut String, report: &CheckReport) {
    let counted = report.findings.iter().filter(|f| f.counts()).count();
    let excepted = report.findings.len() - counted;
    let _ = write!(h, "<section><h2>问题清单 Findings ({counted})</h2>");
    if counted > MAX_ROWS {
        let _ = write!(
            h,
            "<p>只列出前 {MAX_ROWS} 条；完整清单见 findings.csv · The first {MAX_ROWS} are listed; findings.csv has all.</p>"
        );
    }
    let head = "<thead><tr><th>#</th><th>规则 Rule</th><th>级别 Level</th><th>图层 Layers</th><th>要素 Features</th><th>字段 Field</th><th>值 Value</th><th>椭球面积 Ellipsoid (m²)</th><th>(ha)</th><th>(亩 mu)</th><th>说明 Description</th></tr></thead><tbody>\n";
    let _ = write!(h, "<table id=\"findings-table\">{head}");
    rows(h, report, true);
    h.push_str("</tbody></table></section>\n");
    if excepted > 0 {
        let _ = write!(
            h,
            "<section><h2>例外 Excepted findings ({excepted})</h2><p>已说明的问题，不计入结论 · Explained by the institute; not counted toward the verdict.</p><table id=\"excepted-table\">{head}"
        );
        rows(h, report, false);
        h.push_str("</tbody></table></section>\n");
    }
}

fn rows(h: &mut String, report: &CheckReport, counted: bool) {
    for (i, f) in report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.counts() == counted)
        .take(MAX_ROWS)
    {
        let features: Vec<String> = f.features.iter().map(|id| esc(&id.to_string())).collect();
        let (m2, hav, muv) = f
            .ellipsoid
            .map_or((String::new(), String::new(), String::new()), |a| {
                (fixed(a.m2, 2), fixed(a.ha, 4), fixed(a.mu, 2))
            });
        let note = match &f.excepted {
            Some(r) => format!("<br><b>例外 excepted:</b> {}", esc(r)),
            None => String::new(),
        };
        let beneath = crate::findings::beneath_text(f);
        let beneath = if beneath.is_empty() {
            String::new()
        } else {
            format!("<br><small>地类 survey beneath: {}</small>", esc(&beneath))
        };
        let _ = write!(
            h,
            "<tr class=\"row {sev}\" data-n=\"{n}\" title=\"{res}\"><td>{n}</td><td>{code} {zh}<br><small>{id}</small></td><td>{level}</td><td>{layers}</td><td>{features}</td><td>{field}</td><td>{value}</td><td class=\"n\">{m2}</td><td class=\"n\">{hav}</td><td class=\"n\">{muv}</td><td>{msg}{beneath}{note}<br><small>{res}</small></td></tr>\n",
            n = i + 1,
            sev = f.severity,
            code = f.rule.code(),
            level = f.severity.level(),
            zh = esc(f.rule.title().0),
            id = f.rule,
            layers = esc(&f.layers.join(" × ")),
            features = features.join("<br>"),
            field = esc(f.field.as_deref().unwrap_or("")),
            value = esc(f.value.as_deref().unwrap_or("")),
            msg = esc(&f.message),
            res = esc(f.resolution()),
        );
    }
}

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;max-width:1200px;padding:0 16px;color:#222}
h1 small,h2 small{font-weight:normal;color:#666;font-size:60%}
.badge{padding:2px 8px;border-radius:4px;color:#fff}.badge.error{background:#c62828}.badge.warning{background:#ef6c00}.badge.info{background:#1565c0}.badge.pass{background:#2e7d32}.badge.excepted{background:#757575}
#map{width:100%;height:70vh;border:1px solid #999;background:#fafafa;cursor:grab;touch-action:none}
.finding{fill-opacity:.75;stroke-width:2}.finding.error{fill:#e53935;stroke:#b71c1c}.finding.warning{fill:#fb8c00;stroke:#e65100}.finding.info{fill:#1e88e5;stroke:#0d47a1}
.finding.sel{fill:#00e5ff;stroke:#006064;stroke-width:4}
.marker{fill:none;stroke-width:2;cursor:pointer}.marker.error{stroke:#c62828}.marker.warning{stroke:#ef6c00}.marker.info{stroke:#1565c0}
.legend span{margin-right:16px}.legend i{display:inline-block;width:14px;height:14px;margin-right:4px;border:1px solid;vertical-align:middle}
.legend i.f-error{background:#e53935;border-color:#b71c1c}.legend i.f-warning{background:#fb8c00;border-color:#e65100}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top}th{background:#f0f0f0}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.off{color:#999}
tr.row{cursor:pointer}tr.row:hover{background:#e3f2fd}tr.row.sel{background:#b2ebf2}
tr.row.error td:nth-child(3){color:#c62828;font-weight:bold}tr.row.warning td:nth-child(3){color:#ef6c00}
.tools{margin:4px 0}.hint{color:#777;font-size:12px}
"#;

const JS: &str = r#"
(function(){
  const svg=document.getElementById('map');
  if(svg){
    const full=svg.dataset.full.split(' ').map(Number);
    let vb=full.slice();
    const set=()=>svg.setAttribute('viewBox',vb.join(' '));
    const zoom=(f,cx,cy)=>{const w=vb[2]/f,h=vb[3]/f;vb=[cx-(cx-vb[0])/f,cy-(cy-vb[1])/f,w,h];set();};
    const toSvg=(e)=>{const r=svg.getBoundingClientRect();const s=Math.max(vb[2]/r.width,vb[3]/r.height);
      return [vb[0]+(e.clientX-r.left-(r.width-vb[2]/s)/2)*s, vb[1]+(e.clientY-r.top-(r.height-vb[3]/s)/2)*s, s];};
    svg.addEventListener('wheel',e=>{e.preventDefault();const p=toSvg(e);zoom(e.deltaY<0?1.25:0.8,p[0],p[1]);},{passive:false});
    let drag=null;
    // Capture the pointer only once it moves, so that a click still reaches a finding.
    svg.addEventListener('pointerdown',e=>{drag=[e.clientX,e.clientY];});
    svg.addEventListener('pointermove',e=>{if(!drag)return;if(!svg.hasPointerCapture(e.pointerId))svg.setPointerCapture(e.pointerId);const s=toSvg(e)[2];vb[0]-=(e.clientX-drag[0])*s;vb[1]-=(e.clientY-drag[1])*s;drag=[e.clientX,e.clientY];set();});
    svg.addEventListener('pointerup',()=>{drag=null;});
    document.querySelectorAll('[data-zoom]').forEach(b=>b.addEventListener('click',()=>zoom(Number(b.dataset.zoom),vb[0]+vb[2]/2,vb[1]+vb[3]/2)));
    document.getElementById('reset').addEventListener('click',()=>{vb=full.slice();set();});
    const select=(n,scroll)=>{
      document.querySelectorAll('.sel').forEach(x=>x.classList.remove('sel'));
      const p=document.getElementById('f'+n);if(p)p.classList.add('sel');
      const row=document.querySelector('tr.row[data-n="'+n+'"]');if(row){row.classList.add('sel');if(scroll)row.scrollIntoView({block:'center'});}
      const at=(typeof FINDINGS!=='undefined')&&FINDINGS[n];
      if(at&&!scroll){const w=Math.max(full[2],full[3])/40;vb=[at[0]-w/2,at[1]-w/2,w,w];set();svg.scrollIntoView({block:'start'});}
    };
    document.querySelectorAll('tr.row').forEach(r=>r.addEventListener('click',()=>select(r.dataset.n,false)));
    document.querySelectorAll('.finding,.marker').forEach(p=>p.addEventListener('click',e=>{e.stopPropagation();select(p.dataset.n,true);}));
  }
  document.body.dataset.rendered='yes';
  document.body.dataset.paths=String(document.querySelectorAll('svg path').length);
})();
"#;
