import {
    Component,
    onMounted,
    onPatched,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {formatFloat, formatPercentage} from "@web/views/fields/formatters";
import {Layout} from "@web/search/layout";
import {RecordSelector} from "@web/core/record_selectors/record_selector";
import {_t} from "@web/core/l10n/translation";
import {loadBundle} from "@web/core/assets";
import {registry} from "@web/core/registry";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useService} from "@web/core/utils/hooks";
import {useSetupAction} from "@web/search/action_hook";
import {user} from "@web/core/user";

/* global Chart */

export const PERIODS = [3, 6, 12];
const DEFAULT_FILTERS = {months: 6, companyId: false, categId: false, partnerId: false};
const STANDING_CLASSES = {
    excellent: "text-bg-success",
    good: "text-bg-info",
    at_risk: "text-bg-warning",
    blocked: "text-bg-danger",
    new: "text-bg-light border",
};
const STANDING_LABELS = {
    excellent: _t("Excellent"),
    good: _t("Good"),
    at_risk: _t("At risk"),
    blocked: _t("Blocked"),
    new: _t("Not rated yet"),
};

/** A rate in % (0-100), formatted in the user's language; a dash when none. */
export function formatRate(value) {
    return value === null || value === undefined
        ? "–"
        : formatPercentage(value / 100, {digits: [16, 1]});
}

/** A score (0-100, never a %) with one decimal, as the score forms show it. */
export function formatScore(value) {
    return value === null || value === undefined
        ? "–"
        : formatFloat(value, {digits: [16, 1]});
}

/** The value of a KPI tile by its kind: rate, days, hours or count. */
export function formatKpi(kpi) {
    const value = kpi.value;
    if (value === null || value === undefined) {
        return "–";
    }
    switch (kpi.kind) {
        case "rate":
            return formatRate(value);
        case "days":
            return _t("%s days", formatFloat(value, {digits: [16, 1]}));
        case "hours":
            return _t("%s hours", formatFloat(value, {digits: [16, 1]}));
        default:
            return formatFloat(value, {digits: [16, 0]});
    }
}

/** A month ("2026-08-01") as the user's language writes it ("Aug 2026"). */
export function formatMonth(month) {
    return luxon.DateTime.fromISO(month).toFormat("LLL yyyy");
}

/** First day of the period: ``months`` months before today, in the user's
 * time zone. */
export function periodStart(months) {
    return luxon.DateTime.local().minus({months}).toISODate();
}

/** Supplier reliability dashboard: KPI tiles, vendor ranking, monthly trend
 * and dwell histogram, one call to `jit.dashboard` each. Every figure opens
 * the records it counts; filters survive a drill-down and Back. */
export class JitDashboard extends Component {
    static template = "jit_inventory.JitDashboard";
    static components = {Layout, RecordSelector};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.companies = user.activeCompanies;
        this.periods = PERIODS.map((months) => ({
            months,
            label: _t("Last %s months", months),
        }));
        // As Odoo's purchase forms search vendors: suppliers first.
        this.vendorContext = {res_partner_search_mode: "supplier"};
        this.state = useState({
            filters: {...DEFAULT_FILTERS, ...this.props.state?.filters},
            hasAccess: true,
            loaded: false,
            kpis: [],
            ranking: [],
            trend: [],
            histogram: [],
        });
        useSetupAction({
            getLocalState: () => ({filters: {...this.state.filters}}),
        });
        this.trendCanvas = useRef("trend");
        this.histogramCanvas = useRef("histogram");
        this.charts = [];
        onWillStart(async () => {
            this.state.hasAccess = await user.hasGroup("jit_inventory.group_jit_user");
            if (this.state.hasAccess) {
                await Promise.all([loadBundle("web.chartjs_lib"), this.load()]);
            }
        });
        onMounted(() => this.renderCharts());
        onPatched(() => this.renderCharts());
        onWillUnmount(() => this.destroyCharts());
    }

    get display() {
        return {controlPanel: {}};
    }

    /** The filters as `jit.dashboard` reads them. */
    get serverFilters() {
        const f = this.state.filters;
        return {
            date_from: periodStart(f.months),
            company_ids: f.companyId ? [f.companyId] : false,
            categ_id: f.categId || false,
            partner_id: f.partnerId || false,
        };
    }

    get isEmpty() {
        return (
            this.state.loaded &&
            !this.state.ranking.length &&
            this.state.kpis.every((kpi) => !kpi.lines && !kpi.count)
        );
    }

    async load() {
        const filters = this.serverFilters;
        const call = (method) => this.orm.call("jit.dashboard", method, [filters]);
        const [kpis, ranking, trend, histogram] = await Promise.all([
            call("get_kpis"),
            call("get_ranking"),
            call("get_trend"),
            call("get_dwell_histogram"),
        ]);
        Object.assign(this.state, {kpis, ranking, trend, histogram, loaded: true});
    }

    async setFilter(key, value) {
        this.state.filters[key] = value;
        await this.load();
    }

    onPeriodChange(ev) {
        return this.setFilter("months", parseInt(ev.target.value, 10));
    }

    onCompanyChange(ev) {
        return this.setFilter("companyId", parseInt(ev.target.value, 10) || false);
    }

    async clearFilters() {
        Object.assign(this.state.filters, DEFAULT_FILTERS);
        await this.load();
    }

    formatKpi(kpi) {
        return formatKpi(kpi);
    }

    formatRate(value) {
        return formatRate(value);
    }

    /** The number of records a tile opens, and what they are. */
    countText(kpi) {
        return `${formatFloat(kpi.count, {digits: [16, 0]})} ${kpi.count_label}`;
    }

    formatScore(value) {
        return formatScore(value);
    }

    standingClass(standing) {
        return STANDING_CLASSES[standing] || "text-bg-secondary";
    }

    standingLabel(standing) {
        return STANDING_LABELS[standing] || "";
    }

    /** Open the records behind a figure, in list, pivot and graph views. */
    open(figure, name) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: figure.res_model,
            domain: figure.domain,
            context: figure.context || {},
            views: [
                [false, "list"],
                [false, "pivot"],
                [false, "graph"],
                [false, "form"],
            ],
        });
    }

    openKpi(kpi) {
        return this.open(kpi, `${kpi.label}: ${kpi.count_label}`);
    }

    openMonth(month) {
        return this.open(
            month,
            _t("Due purchase lines of %s", formatMonth(month.month))
        );
    }

    openBucket(bucket) {
        return this.open(bucket, _t("Dwell time: %s", bucket.label));
    }

    monthText(month) {
        return _t("%(month)s: %(count)s due lines", {
            month: formatMonth(month.month),
            count: formatFloat(month.lines, {digits: [16, 0]}),
        });
    }

    bucketText(bucket) {
        return _t("%(bucket)s: %(count)s records", {
            bucket: bucket.label,
            count: formatFloat(bucket.count, {digits: [16, 0]}),
        });
    }

    destroyCharts() {
        this.charts.forEach((chart) => chart.destroy());
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        if (typeof Chart === "undefined") {
            return;
        }
        const {trend, histogram} = this.state;
        if (this.trendCanvas.el) {
            this.charts.push(
                new Chart(this.trendCanvas.el, {
                    type: "line",
                    data: {
                        labels: trend.map((t) => formatMonth(t.month)),
                        datasets: [
                            {
                                label: _t("On-time rate"),
                                data: trend.map((t) => t.on_time),
                                borderWidth: 4,
                                pointRadius: 5,
                            },
                            {
                                // Dashed and on top: visible when equal to on time.
                                label: _t("OTIF rate"),
                                data: trend.map((t) => t.otif),
                                borderDash: [6, 4],
                                borderWidth: 2,
                                pointStyle: "rectRot",
                                pointRadius: 5,
                                order: -1,
                            },
                        ],
                    },
                    options: {
                        maintainAspectRatio: false,
                        scales: {
                            y: {
                                min: 0,
                                max: 100,
                                ticks: {callback: (value) => formatRate(value)},
                            },
                        },
                        plugins: {
                            tooltip: {
                                callbacks: {
                                    label: (item) =>
                                        `${item.dataset.label}: ${formatRate(item.raw)}`,
                                },
                            },
                        },
                        onClick: (_ev, items) =>
                            items.length && this.openMonth(trend[items[0].index]),
                    },
                })
            );
        }
        if (this.histogramCanvas.el) {
            this.charts.push(
                new Chart(this.histogramCanvas.el, {
                    type: "bar",
                    data: {
                        labels: histogram.map((h) => h.label),
                        datasets: [
                            {
                                label: _t("Quantity delivered"),
                                data: histogram.map((h) => h.quantity),
                            },
                        ],
                    },
                    options: {
                        maintainAspectRatio: false,
                        scales: {
                            y: {
                                ticks: {
                                    callback: (value) =>
                                        formatFloat(value, {digits: [16, 0]}),
                                },
                            },
                        },
                        onClick: (_ev, items) =>
                            items.length && this.openBucket(histogram[items[0].index]),
                    },
                })
            );
        }
    }
}

registry.category("actions").add("jit_inventory.dashboard", JitDashboard);
