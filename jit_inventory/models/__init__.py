from . import res_company
from . import res_config_settings
from . import jit_supplier_rule
from . import jit_vendor_score
from . import product_category
from . import product_template
from . import product_product
