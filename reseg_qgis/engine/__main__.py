"""``python -m reseg_qgis.engine``: the engine's command line (see cli.py).

On Linux it first restarts itself once with the malloc settings of malloc_tuning.py, unless the
caller chose them.
"""

import os
import sys

from .cli import main
from .malloc_tuning import tuned_environment

environment = tuned_environment()
if environment is not None:
    os.execve(sys.executable, [sys.executable, "-m", "reseg_qgis.engine", *sys.argv[1:]], environment)

sys.exit(main())
