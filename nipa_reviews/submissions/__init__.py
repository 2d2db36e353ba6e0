"""The one mechanism every kind of submission goes through: the abstract models
(`models`), the kind declarations and their registry (`kinds`), every write (`services`)
and the pages they share (`views`). Below the apps: it names no kind."""
