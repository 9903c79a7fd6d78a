"""The social half of practitioners: reviews, messaging, shared health records, payouts.

Kept in its own modules (models/reviews.py, models/messaging.py, models/health.py,
services/reviews.py, services/messaging.py, services/health_records.py, services/payouts.py
and this package for enums, errors, selectors, pages, API and admin) beside the booking core.
"""
