"""``python -m disclint``."""
import sys

from .cli import main

sys.exit(main())
