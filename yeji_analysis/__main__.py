"""``python -m yeji_analysis``: the ``yeji`` command."""

import sys

from .commands.main import main

sys.exit(main())
