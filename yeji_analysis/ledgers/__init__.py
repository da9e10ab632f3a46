"""Reading the ledgers (台账) units send in: messy Excel and CSV into one validated Campaign.

``cells`` reads one cell, ``specs`` says which ledgers and columns exist, ``sheets`` finds them in a folder's
files, ``reader`` turns their rows into the campaign, ``docs`` publishes the accepted forms.
"""

from .cells import (EVENT_WORDS, SCREENING_WORDS, STAGE_WORDS, CellError, LedgerError, normalize_header, normalize_text,
                    parse_amount_wan, parse_bool, parse_date, parse_event_type, parse_screening, parse_stage, split_names)
from .docs import ledger_docs, write_ledger_docs
from .reader import campaign_reading, check_folder, load_campaign
from .sheets import read_table_file
from .specs import LEDGERS, ColumnSpec, LedgerSpec

__all__ = ["load_campaign", "check_folder", "campaign_reading", "LedgerError", "CellError", "LEDGERS", "ColumnSpec", "LedgerSpec", "parse_amount_wan",
           "parse_date", "parse_bool", "parse_stage", "parse_screening", "split_names", "parse_event_type",
           "normalize_text", "normalize_header", "ledger_docs", "write_ledger_docs", "read_table_file", "STAGE_WORDS",
           "SCREENING_WORDS", "EVENT_WORDS"]
