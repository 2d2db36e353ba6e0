"""Korean search: lemmas from Kiwi, the stored lemma vectors, queries and highlighting.

A bottom layer: it knows nothing of submissions or companies. The submission mechanism
(nipa_reviews.submissions) decides when a row's lemmas are computed and stored.
"""
