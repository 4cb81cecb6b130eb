from . import jit_purchase_line_report
from . import jit_purchase_line_fact
from . import jit_dwell_aging_report
from . import jit_dwell_kpi_report
from . import jit_dwell_reconciliation_report
from . import jit_lead_time_drift_report
