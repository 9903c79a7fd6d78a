"""The operator console's own admin screens (each module registers its models)."""

from ops_admin import audit_admin, data_admin, queues_admin, support_admin  # noqa: F401 - registers them
