"""Signals other apps listen to, so that meetings never has to import them."""

from django.dispatch import Signal

# Sent with ``decision`` when the minutes record a recommendation to the principals;
# agreements opens one pending adoption per principal in the same transaction.
recommendation_recorded = Signal()

# Sent with ``meeting`` when its minutes are published; agreements sends each
# recommendation in them to the principals' representatives.
minutes_published = Signal()
