import {registry} from "@web/core/registry";

// Checks a KPI against the test fixture, filters by vendor, then drills down.
registry.category("web_tour.tours").add("jit_dashboard_tour", {
    steps: () => [
        {
            content: "The on-time rate of the fixture's lines is 75 %",
            trigger: ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value:contains('75 %')",
        },
        {
            content: "Both vendors are ranked",
            trigger: ".o_jit_ranking tbody tr:nth-child(2)",
        },
        {
            content: "Filter on the late vendor",
            trigger: ".o_jit_filter_vendor",
            run: "selectByLabel Tour Late Vendor",
        },
        {
            content: "Its on-time rate alone is 50 %",
            trigger: ".o_jit_kpi[data-kpi='on_time'] .o_jit_kpi_value:contains('50 %')",
        },
        {
            content: "Open the purchase lines behind the figure",
            trigger: ".o_jit_kpi[data-kpi='on_time']",
            run: "click",
        },
        {
            content: "The list of its purchase lines opens",
            trigger: ".o_list_view .o_data_row:contains('Tour Late Vendor')",
        },
    ],
});
