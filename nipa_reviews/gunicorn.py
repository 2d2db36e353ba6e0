"""gunicorn's settings for the web process, read with `--config python:nipa_reviews.gunicorn`
(docs/deploy/nipa_reviews-web.service, bench/run.sh).

Only what concerns memory: Kiwi's model (nipa_reviews.search, about 500 MB once warm) is
loaded and warmed in the master before it forks, so the workers share its pages and each
adds a few MB for query analysis (README, Search). Unlike --preload, the application
itself still loads in each worker, so `systemctl reload` (HUP) keeps loading new code; a
change to nipa_reviews/search/analysis.py or to kiwipiepy needs a restart instead.
"""


def on_starting(server):
    from nipa_reviews.search.analysis import preload

    preload()
