from . import test_jit_everywhere
