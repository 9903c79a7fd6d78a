"""The operator console's own admin screens (each module registers its models)."""

from ops_admin import (  # noqa: F401 - each module registers its ModelAdmins
    audit_admin,
    data_admin,
    flags_admin,
    queues_admin,
    support_admin,
)
