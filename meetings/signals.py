"""Signals other apps listen to, so that meetings never has to import them."""

from django.dispatch import Signal

# Sent with ``decision`` when the minutes record a recommendation to the principals;
# agreements opens one pending adoption per principal in the same transaction.
recommendation_recorded = Signal()

# Sent with ``decision`` when a clause that was a recommendation to the principals stops
# being one (another kind, or addressed to a forum); agreements removes the adoptions
# no principal has decided.
recommendation_withdrawn = Signal()

# Sent with ``meeting`` when its minutes are published; agreements sends each
# recommendation in them to the principals' representatives.
minutes_published = Signal()
