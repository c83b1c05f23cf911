"""A document's facts, inferred where its metadata gives none: its date, its issuer and its
kind. They sit below the pass, which infers them for every document it reads."""
