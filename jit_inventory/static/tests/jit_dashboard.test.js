import {
    contains,
    defineActions,
    defineModels,
    fields,
    getService,
    makeMockEnv,
    models,
    mountWebClient,
    onRpc,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";
import {describe, expect, test} from "@odoo/hoot";
import {
    formatKpi,
    formatMonth,
    formatRate,
    formatScore,
    periodStart,
} from "@jit_inventory/dashboard/jit_dashboard.esm";
import {mockDate, mockTimeZone, runAllTimers} from "@odoo/hoot-mock";
import {localization} from "@web/core/l10n/localization";
import {mailModels} from "@mail/../tests/mail_test_helpers";
import {user} from "@web/core/user";

describe.current.tags("desktop");

class ResPartner extends mailModels.ResPartner {
    _records = [
        ...this._records,
        {id: 101, name: "Punctual Premium Ltd"},
        {id: 102, name: "Slowpoke Trading"},
    ];
}

class ProductCategory extends models.Model {
    _name = "product.category";
    name = fields.Char();
    _records = [{id: 1, name: "JIT Components"}];
}

class JitPurchaseLineReport extends models.Model {
    _name = "jit.purchase.line.report";
    partner_id = fields.Many2one({relation: "res.partner", string: "Vendor"});
    qty_ordered = fields.Float({string: "Ordered"});
    _records = [
        {id: 1, partner_id: 102, qty_ordered: 10},
        {id: 2, partner_id: 101, qty_ordered: 5},
    ];
    _views = {
        list: `<list><field name="partner_id"/><field name="qty_ordered"/></list>`,
        pivot: `<pivot><field name="partner_id" type="row"/></pivot>`,
        graph: `<graph><field name="partner_id"/></graph>`,
        form: `<form><field name="partner_id"/></form>`,
        search: `<search/>`,
    };
}

defineModels({...mailModels, ResPartner, ProductCategory, JitPurchaseLineReport});
defineActions([
    {
        id: 16,
        xml_id: "jit_inventory.jit_dashboard_action",
        name: "Supplier Reliability",
        tag: "jit_inventory.dashboard",
        type: "ir.actions.client",
    },
]);

function kpi(key, kind, value, count, lines = 4) {
    return {
        key,
        kind,
        value,
        count,
        lines,
        label: key,
        count_label: "late lines",
        res_model: "jit.purchase.line.report",
        domain: [["id", "=", 1]],
        context: {},
    };
}

/** Mock the dashboard's four calls; returns the filters each call received. */
function mockDashboard({empty = false} = {}) {
    const calls = [];
    onRpc("jit.dashboard", "get_kpis", ({args}) => {
        calls.push(args[0]);
        return empty
            ? [kpi("on_time", "rate", null, 0, 0)]
            : [
                  kpi("on_time", "rate", 75, 1),
                  kpi("lead_time", "days", 2.75, 4),
                  kpi("dwell", "hours", 1234.5, 2),
              ];
    });
    onRpc("jit.dashboard", "get_ranking", () =>
        empty
            ? []
            : [
                  {
                      id: "1-101",
                      partner_id: [101, "Punctual Premium Ltd"],
                      score: 89.04,
                      standing: "excellent",
                      on_time_rate: 100,
                      otif_rate: 100,
                      fill_rate: 100,
                      return_rate: 0,
                      lines: 2,
                      res_model: "jit.purchase.line.report",
                      domain: [["partner_id", "=", 101]],
                  },
              ]
    );
    onRpc("jit.dashboard", "get_trend", () =>
        empty
            ? []
            : [
                  {
                      month: "2026-08-01",
                      on_time: 75,
                      otif: 75,
                      lines: 4,
                      res_model: "jit.purchase.line.report",
                      domain: [["id", "in", [1, 2]]],
                  },
              ]
    );
    onRpc("jit.dashboard", "get_dwell_histogram", () => []);
    return calls;
}

async function openDashboard({hasAccess = true} = {}) {
    onRpc("has_group", () => hasAccess);
    await mountWebClient();
    await getService("action").doAction("jit_inventory.jit_dashboard_action");
}

test("rates, scores and units follow the user's language", async () => {
    await makeMockEnv();
    patchWithCleanup(localization, {decimalPoint: ",", thousandsSep: "."});
    expect(formatRate(75)).toBe("75%");
    expect(formatRate(null)).toBe("–");
    expect(formatScore(89.04)).toBe("89,0");
    expect(formatScore(1234.56)).toBe("1.234,6");
    expect(formatKpi({kind: "days", value: 2.75})).toBe("2,8 days");
    expect(formatKpi({kind: "hours", value: 1234.5})).toBe("1.234,5 hours");
    expect(formatKpi({kind: "count", value: 3})).toBe("3");
    expect(formatKpi({kind: "rate", value: null})).toBe("–");
    expect(formatMonth("2026-08-01")).toBe("Aug 2026");
});

test("the period starts months before today, in the user's time zone", async () => {
    // 28 February 23:30 in UTC is already 1 March in Brussels.
    mockDate("2026-02-28 23:30:00");
    mockTimeZone("Europe/Brussels");
    expect(luxon.DateTime.utc().toISODate()).toBe("2026-02-28");
    expect(periodStart(3)).toBe("2025-12-01");
});

test("tiles, ranking and score are formatted; a tile opens its records", async () => {
    mockDashboard();
    await openDashboard();
    expect(".o_control_panel .o_jit_filters").toHaveCount(1);
    expect(".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value").toHaveText("75%");
    expect(".o_jit_kpi[data-kpi='lead_time'] .o_jit_kpi_value").toHaveText("2.8 days");
    expect(".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_count").toHaveText(
        "1 late lines"
    );
    expect(".o_jit_ranking .o_jit_score").toHaveText("89.0");
    expect(".o_jit_trend_month").toHaveText("Aug 2026: 4 due lines");
    await contains(".o_jit_kpi[data-kpi='on_time']").click();
    expect(".o_list_view .o_data_row").toHaveCount(1);
    expect(".o_switch_view.o_pivot").toHaveCount(1);
    expect(".o_switch_view.o_graph").toHaveCount(1);
});

test("filters are sent to the server and kept across drill-down and Back", async () => {
    const calls = mockDashboard();
    await openDashboard();
    expect(calls.at(-1)).toEqual({
        date_from: periodStart(6),
        company_ids: false,
        categ_id: false,
        partner_id: false,
    });
    await contains(".o_jit_filter_period").select("12");
    expect(calls.at(-1).date_from).toBe(periodStart(12));
    // The vendor filter searches every vendor, not only the ranked ones.
    await contains(".o_jit_filter_vendor input").edit("Slow", {confirm: false});
    await runAllTimers();
    expect(".o-autocomplete--dropdown-item").toHaveCount(1);
    await contains(".o-autocomplete--dropdown-item:first").click();
    expect(calls.at(-1)).toEqual({
        date_from: periodStart(12),
        company_ids: false,
        categ_id: false,
        partner_id: 102,
    });
    await contains(".o_jit_ranking_row").click();
    expect(".o_list_view").toHaveCount(1);
    await contains(".o_control_panel .breadcrumb-item a").click();
    expect(".o_jit_filter_period").toHaveValue("12");
    expect(".o_jit_filter_vendor input").toHaveValue("Slowpoke Trading");
    expect(calls.at(-1).partner_id).toBe(102);
});

test("the company filter offers the active companies and is kept across Back", async () => {
    // Two companies ticked in the company switcher.
    patchWithCleanup(user, {
        activeCompanies: [
            {id: 1, name: "Company 1"},
            {id: 2, name: "Company 2"},
        ],
    });
    const calls = mockDashboard();
    await openDashboard();
    // "All companies", then each active company.
    expect(".o_jit_filter_company option").toHaveCount(3);
    expect(calls.at(-1).company_ids).toBe(false);
    await contains(".o_jit_filter_company").select("2");
    expect(calls.at(-1).company_ids).toEqual([2]);
    await contains(".o_jit_ranking_row").click();
    expect(".o_list_view").toHaveCount(1);
    await contains(".o_control_panel .breadcrumb-item a").click();
    expect(".o_jit_filter_company").toHaveValue("2");
    expect(calls.at(-1).company_ids).toEqual([2]);
});

test("no figures: a friendly empty state that clears the filters", async () => {
    const calls = mockDashboard({empty: true});
    await openDashboard();
    expect(".o_jit_empty").toHaveCount(1);
    expect(".o_jit_kpi").toHaveCount(0);
    await contains(".o_jit_filter_period").select("3");
    await contains(".o_jit_clear_filters").click();
    expect(".o_jit_filter_period").toHaveValue("6");
    expect(calls.at(-1).date_from).toBe(periodStart(6));
});

test("without JIT access: a message, and no dashboard call", async () => {
    const calls = mockDashboard();
    await openDashboard({hasAccess: false});
    expect(".o_jit_no_access").toHaveCount(1);
    expect(".o_jit_filters").toHaveCount(0);
    expect(".o_error_dialog").toHaveCount(0);
    expect(calls).toEqual([]);
});
