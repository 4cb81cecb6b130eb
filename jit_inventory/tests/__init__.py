from . import test_security
from . import test_settings
from . import test_procurement
from . import test_concurrency
from . import test_dwell
from . import test_scoring
from . import test_score_math
from . import test_dashboard
