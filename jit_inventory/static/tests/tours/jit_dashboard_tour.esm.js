import {registry} from "@web/core/registry";

const BACK = ".o_control_panel .breadcrumb-item a:contains('Supplier Reliability')";

/** Steps that go back to the dashboard and check that the filters were kept. */
function backWithFilters() {
    return [
        {
            content: "Back to the dashboard",
            trigger: BACK,
            run: "click",
        },
        {
            content: "The period is kept",
            trigger: ".o_jit_filter_period:value(12)",
        },
        {
            content: "The vendor filter is kept",
            trigger: ".o_jit_filter_vendor input:value(Tour Late Vendor)",
        },
        {
            content: "The figures are those of the filters",
            trigger: ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value:contains('50%')",
        },
    ];
}

/** Open the records behind a widget: a list that can switch to pivot and
 * graph, with `count` rows (any number if not given). */
function drillDown(content, trigger, count) {
    return [
        {content, trigger, run: "click"},
        {
            content: "The records open in a list, with pivot and graph views",
            trigger: ".o_list_view .o_switch_view.o_pivot",
        },
        {
            content: "The records the widget counts",
            trigger:
                count === undefined
                    ? ".o_list_view .o_data_row"
                    : count
                      ? `.o_list_view tbody:not(:has(.o_data_row:nth-child(${count + 1})))` +
                        ` .o_data_row:nth-child(${count})`
                      : ".o_list_view:not(:has(.o_data_row))",
        },
        ...backWithFilters(),
    ];
}

// The figures of the test fixture, every filter, and a drill-down from each
// widget and back with the filters kept.
registry.category("web_tour.tours").add("jit_dashboard_tour", {
    steps: () => [
        {
            content: "The on-time rate of the fixture's lines is 75%",
            trigger: ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value:contains('75%')",
        },
        {
            content: "Both vendors are ranked",
            trigger: ".o_jit_ranking tbody tr:nth-child(2)",
        },
        {
            content: "Company: the second one, which bought nothing",
            trigger: ".o_jit_filter_company",
            run: "selectByIndex 2",
        },
        {
            content: "No figures there: the empty state",
            trigger: ".o_jit_empty",
        },
        {
            content: "Company: the first one, the fixture's",
            trigger: ".o_jit_filter_company",
            run: "selectByIndex 1",
        },
        {
            content: "The fixture's figures again",
            trigger: ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value:contains('75%')",
        },
        {
            content: "Period: the last 12 months",
            trigger: ".o_jit_filter_period",
            run: "select 12",
        },
        {
            content: "Category: the fixture's",
            trigger: ".o_jit_filter_category input",
            run: "edit Tour Parts",
        },
        {
            content: "Pick the category",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Parts')",
            run: "click",
        },
        {
            content: "Still both vendors",
            trigger: ".o_jit_ranking tbody tr:nth-child(2)",
        },
        {
            content: "Vendor: search among all vendors",
            trigger: ".o_jit_filter_vendor input",
            run: "edit Tour Late",
        },
        {
            content: "Pick the late vendor",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Late Vendor')",
            run: "click",
        },
        {
            content: "Its on-time rate alone is 50%",
            trigger: ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value:contains('50%')",
        },
        {
            content: "From one late line",
            trigger:
                ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_count:contains('1 late lines')",
        },
        ...drillDown("Open its late lines", ".o_jit_kpi[data-kpi='on_time']", 1),
        ...drillDown("Open its due lines from the ranking", ".o_jit_ranking_row", 2),
        ...drillDown("Open a month of the trend", ".o_jit_trend_month:first"),
        ...drillDown("Open a dwell time bucket", ".o_jit_bucket:first", 0),
    ],
});

// A salesperson without JIT access who opens the dashboard by its URL.
registry.category("web_tour.tours").add("jit_dashboard_no_access_tour", {
    steps: () => [
        {
            content: "A message says who the dashboard is for",
            trigger: ".o_jit_no_access:contains('for JIT users')",
        },
        {
            content: "No error dialog, no figures",
            trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_jit_kpi))",
        },
    ],
});

// A JIT buyer opens the lead time drift report (JIT › Reporting).
registry.category("web_tour.tours").add("jit_lead_time_drift_tour", {
    steps: () => [
        {
            content: "The report is open",
            trigger: ".o_breadcrumb:contains('Lead Time Drift')",
        },
        {
            content: "The late vendor's declared and measured lead times",
            trigger: ".o_list_view .o_data_row:contains('Tour Late Vendor')",
        },
    ],
});
