// Live charts for the control room: a thin layer over the vendored ApexCharts 4 (global `ApexCharts`,
// which this module loads on first use from vendor/apexcharts/apexcharts.min.js, so pages without a
// chart never download it). ES module, no inline script and no eval, so it runs under CSP script-src 'self'.
//
// Each chart keeps its own copy of the data in a bounded window (point count and age), so an hour of
// one-second updates does not grow memory; updates redraw without animation and never re-create the chart.

const charts = new Map();
let nextHandle = 1;

const defaults = {
    kind: "line",          // "line" | "sparkline"
    series: [],            // [{ name, color }]
    height: 220,
    yAxisLabel: null,
    yDecimals: 0,
    ySuffix: "",
    yMin: null,
    yMax: null,
    curve: "straight",     // "straight" | "smooth" | "stepline"
    maxPoints: 900,        // per series
    windowSeconds: 900,    // points older than the newest minus this fall out; 0 = count only
    dark: false,
};

function formatter(decimals, suffix) {
    return value => (value === null || value === undefined || Number.isNaN(value))
        ? "–"
        : Number(value).toFixed(decimals) + suffix;
}

function apexOptions(o) {
    const sparkline = o.kind === "sparkline";
    const format = formatter(o.yDecimals, o.ySuffix);
    return {
        chart: {
            type: "line",
            height: o.height,
            background: "transparent",
            animations: { enabled: false },
            toolbar: { show: false },
            zoom: { enabled: false },
            sparkline: { enabled: sparkline },
            parentHeightOffset: 0,
            fontFamily: "inherit",
        },
        theme: { mode: o.dark ? "dark" : "light" },
        series: o.series.map(s => ({ name: s.name, data: [] })),
        colors: o.series.map(s => s.color),
        stroke: { width: sparkline ? 1.5 : 2, curve: o.curve },
        markers: { size: 0 },
        dataLabels: { enabled: false },
        legend: { show: !sparkline && o.series.length > 1, position: "top", horizontalAlign: "right" },
        grid: { borderColor: "rgba(128, 128, 128, 0.25)", strokeDashArray: 3 },
        xaxis: {
            type: "datetime",
            labels: { datetimeUTC: false, show: !sparkline },
            axisTicks: { show: !sparkline },
            axisBorder: { show: !sparkline },
            tooltip: { enabled: false },
        },
        yaxis: {
            show: !sparkline,
            ...(o.yMin === null ? {} : { min: o.yMin }),
            ...(o.yMax === null ? {} : { max: o.yMax }),
            forceNiceScale: o.yMin === null && o.yMax === null,
            decimalsInFloat: o.yDecimals,
            title: { text: o.yAxisLabel || undefined },
            labels: { formatter: format },
        },
        tooltip: {
            enabled: true,
            theme: o.dark ? "dark" : "light",
            shared: true,
            x: { format: "HH:mm:ss" },
            y: { formatter: format },
        },
        annotations: { xaxis: [] },
        noData: { text: sparkline ? "" : "waiting for data…" },
    };
}

function state(handle) {
    const chart = charts.get(handle);
    if (!chart) {
        throw new Error(`No live chart with handle ${handle} (destroyed or never created).`);
    }
    return chart;
}

let loadingApexCharts = null;

// Loads ApexCharts once, with a <script> tag pointing next to this module, unless the page already has it.
function ensureApexCharts() {
    if (typeof ApexCharts !== "undefined") {
        return Promise.resolve();
    }
    loadingApexCharts ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = new URL("../vendor/apexcharts/apexcharts.min.js", import.meta.url).href;
        script.onload = () => resolve();
        script.onerror = () => {
            loadingApexCharts = null;
            reject(new Error(`ApexCharts could not be loaded from ${script.src}.`));
        };
        document.head.appendChild(script);
    });
    return loadingApexCharts;
}

/**
 * Creates a chart in `element` from its options as JSON text (the server serializes them once, with a shared
 * serializer); resolves to a numeric handle for update/addAnnotation/destroy.
 */
export async function create(element, optionsJson) {
    await ensureApexCharts();
    const o = { ...defaults, ...(optionsJson ? JSON.parse(optionsJson) : {}) };
    const handle = nextHandle++;
    const chart = new ApexCharts(element, apexOptions(o));
    charts.set(handle, {
        chart,
        options: o,
        data: o.series.map(() => []),
        annotations: [],
        nextAnnotation: 1,
        rendered: chart.render(),
        redraw: null,
    });
    return handle;
}

/**
 * Adds points to the chart. `series[i]` is an array of [x, y] points for series i (x: epoch ms,
 * y: number or null for a gap). With `replace` the points replace the series' data instead.
 */
export async function update(handle, series, replace = false) {
    const s = state(handle);
    (series ?? []).forEach((points, i) => {
        if (i >= s.data.length || !points) {
            return;
        }
        s.data[i] = replace ? points.slice() : s.data[i].concat(points);
    });
    trim(s);
    return redraw(handle, s);
}

// A burst of updates (e.g. a backfill, or several zones arriving together) redraws once.
function redraw(handle, s) {
    if (!s.redraw) {
        s.redraw = s.rendered.then(() => {
            s.redraw = null;
            if (!charts.has(handle)) {
                return;
            }
            trimAnnotations(s);
            return s.chart.updateSeries(s.options.series.map((meta, i) => ({ name: meta.name, data: s.data[i] })), false);
        });
    }
    return s.redraw;
}

/** Marks a moment on the x axis, e.g. a traffic step change ("green 10 %"). */
export async function addAnnotation(handle, x, label, color) {
    const s = state(handle);
    const id = `golive-annotation-${s.nextAnnotation++}`;
    await s.rendered;
    if (!charts.has(handle)) {
        return;
    }
    const stroke = color || "#888888";
    const level = labelLevel(s, x);
    s.chart.addXaxisAnnotation({
        id,
        x,
        borderColor: stroke,
        strokeDashArray: 4,
        label: {
            text: label,
            orientation: "horizontal",
            borderColor: stroke,
            style: { color: "#ffffff", background: stroke, fontSize: "11px" },
            offsetY: level * 18,
        },
    }, true);
    s.annotations.push({ id, x, level });
}

// Labels of annotations close together in time (steps seconds apart) would overlap: each one that is
// within a tenth of the window of the previous one drops a line lower, up to four lines, then starts again.
function labelLevel(s, x) {
    const previous = s.annotations[s.annotations.length - 1];
    const near = (s.options.windowSeconds > 0 ? s.options.windowSeconds * 1000 : 60_000) / 10;
    return previous && Math.abs(x - previous.x) < near ? (previous.level + 1) % 4 : 0;
}

/** Destroys the chart and forgets its data; unknown handles are ignored (dispose may race). */
export function destroy(handle) {
    const s = charts.get(handle);
    if (!s) {
        return;
    }
    charts.delete(handle);
    s.rendered.finally(() => s.chart.destroy());
}

/** For tests and diagnostics: points held per series, and live chart count. */
export function stats(handle) {
    const s = charts.get(handle);
    return { charts: charts.size, points: s ? s.data.map(d => d.length) : [], annotations: s ? s.annotations.length : 0 };
}

function newest(s) {
    let max = -Infinity;
    for (const points of s.data) {
        if (points.length > 0) {
            max = Math.max(max, points[points.length - 1][0]);
        }
    }
    return max;
}

function trim(s) {
    const cutoff = s.options.windowSeconds > 0 ? newest(s) - s.options.windowSeconds * 1000 : -Infinity;
    s.data = s.data.map(points => {
        let start = Math.max(0, points.length - s.options.maxPoints);
        while (start < points.length && points[start][0] < cutoff) {
            start++;
        }
        return start > 0 ? points.slice(start) : points;
    });
}

function trimAnnotations(s) {
    const oldest = Math.min(...s.data.map(points => points.length > 0 ? points[0][0] : Infinity));
    if (!Number.isFinite(oldest)) {
        return;
    }
    const gone = s.annotations.filter(a => a.x < oldest);
    if (gone.length > 0) {
        s.annotations = s.annotations.filter(a => a.x >= oldest);
        gone.forEach(a => s.chart.removeAnnotation(a.id));
    }
}
