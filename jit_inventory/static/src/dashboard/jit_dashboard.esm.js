import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";
import {useService} from "@web/core/utils/hooks";

/* global Chart */

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

/** Supplier reliability dashboard: KPI tiles, vendor ranking, monthly trend
 * and dwell histogram. Each widget is one call to `jit.dashboard`; every
 * figure opens the records behind it. */
export class JitDashboard extends Component {
    static template = "jit_inventory.JitDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.companies = user.activeCompanies;
        this.state = useState({
            filters: {months: "6", company_id: "", categ_id: "", partner_id: ""},
            kpis: [],
            ranking: [],
            trend: [],
            histogram: [],
            categories: [],
            vendors: [],
        });
        this.trendCanvas = useRef("trend");
        this.histogramCanvas = useRef("histogram");
        this.charts = [];
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            const [categories] = await Promise.all([
                this.orm.searchRead("product.category", [], ["display_name"], {
                    order: "complete_name",
                }),
                this.load(),
            ]);
            this.state.categories = categories;
            const vendors = new Map(
                this.state.ranking.map((r) => [r.partner_id[0], r.partner_id])
            );
            this.state.vendors = [...vendors.values()];
        });
        onMounted(() => this.renderCharts());
        onWillUnmount(() => this.destroyCharts());
    }

    get filters() {
        const f = this.state.filters;
        const dateFrom = new Date();
        dateFrom.setMonth(dateFrom.getMonth() - parseInt(f.months, 10));
        return {
            date_from: dateFrom.toISOString().slice(0, 10),
            company_ids: f.company_id ? [parseInt(f.company_id, 10)] : false,
            categ_id: f.categ_id ? parseInt(f.categ_id, 10) : false,
            partner_id: f.partner_id ? parseInt(f.partner_id, 10) : false,
        };
    }

    async load() {
        const filters = this.filters;
        const call = (method) => this.orm.call("jit.dashboard", method, [filters]);
        const [kpis, ranking, trend, histogram] = await Promise.all([
            call("get_kpis"),
            call("get_ranking"),
            call("get_trend"),
            call("get_dwell_histogram"),
        ]);
        Object.assign(this.state, {kpis, ranking, trend, histogram});
    }

    async onFilterChange(key, ev) {
        this.state.filters[key] = ev.target.value;
        await this.load();
        this.renderCharts();
    }

    formatValue(kpi) {
        if (kpi.value === null || kpi.value === undefined) {
            return "–";
        }
        return `${kpi.value}${kpi.unit === "%" ? " %" : kpi.unit ? " " + kpi.unit : ""}`;
    }

    /** A rate (%) of a ranking row, or a dash when nothing is due. */
    formatRate(value) {
        return value === null || value === undefined ? "–" : `${value.toFixed(0)} %`;
    }

    /** A score (0-100, never a %), or a dash when the vendor has none. */
    formatScore(value) {
        return value === null || value === undefined ? "–" : value.toFixed(1);
    }

    standingClass(standing) {
        return STANDING_CLASSES[standing] || "text-bg-secondary";
    }

    standingLabel(standing) {
        return STANDING_LABELS[standing] || "";
    }

    open(figure, name) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: name || _t("Records"),
            res_model: figure.res_model,
            domain: figure.domain,
            context: figure.context || {},
            views: [
                [false, "list"],
                [false, "form"],
            ],
        });
    }

    destroyCharts() {
        this.charts.forEach((chart) => chart.destroy());
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const trend = this.state.trend;
        const histogram = this.state.histogram;
        if (this.trendCanvas.el) {
            this.charts.push(
                new Chart(this.trendCanvas.el, {
                    type: "line",
                    data: {
                        labels: trend.map((t) => t.month.slice(0, 7)),
                        datasets: [
                            {
                                label: _t("On-time rate %"),
                                data: trend.map((t) => t.on_time),
                            },
                            {label: _t("OTIF %"), data: trend.map((t) => t.otif)},
                        ],
                    },
                    options: {
                        maintainAspectRatio: false,
                        scales: {y: {min: 0, max: 100}},
                        onClick: (_ev, items) =>
                            items.length &&
                            this.open(trend[items[0].index], _t("Purchase lines")),
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
                        onClick: (_ev, items) =>
                            items.length &&
                            this.open(histogram[items[0].index], _t("Dwell time")),
                    },
                })
            );
        }
    }
}

registry.category("actions").add("jit_inventory.dashboard", JitDashboard);
