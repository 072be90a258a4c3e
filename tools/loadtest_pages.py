"""The pages of the load benchmark and how often a member opens each, one against another.

Shared by the locustfile (tools/loadtest.py), which gives each page a task of its
weight, and by ``manage.py bench_load``, which picks the addresses of each page from the
register. It imports nothing, so that Locust can read it without setting Django up.
"""

BASELINE = "baseline"

# page: weight. A member mostly starts from the start page and the decision list, looks
# things up by search and filters, and follows links to meetings, cases and agreements;
# lists of everything and the CSV are opened now and then. The baseline, a bare page of
# 50 decisions from one query (tools/bench_urls.py), is requested as often as a
# page of the middle, so that its median is as well measured as theirs.
PAGES: dict[str, int] = {
    "start page": 10,
    "decision list": 8,
    "decision list, filtered": 6,
    "search": 6,
    "meeting": 5,
    "case": 5,
    "agreement": 4,
    "agreement list": 2,
    "principal": 3,
    "assignments": 3,
    "forum list": 2,
    "forum": 3,
    "CSV, filtered": 1,
    BASELINE: 5,
}
