"""Korean date formats as Korean services write them (Django's defaults look like ISO dates
missing their zeros, "2026-12-1", and put 오전/오후 after the time, "1:31 오전").

Only the display formats are set here; input formats fall back to Django's Korean module.
"""

DATETIME_FORMAT = "Y년 n월 j일 H:i"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
