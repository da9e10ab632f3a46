"""yeji-analysis: ledgers, rules, graph, reports and roadshow plans for Yeji District's 双招双引 campaign."""

from .config import ConfigError, classify_industry, load_config
from .model import Campaign, ModelError
from .regions import load_regions, normalize_place
from .schemas import STAGES

__version__ = "0.1.0"

__all__ = ["Campaign", "ModelError", "ConfigError", "load_config", "classify_industry", "load_regions",
           "normalize_place", "STAGES", "__version__"]
