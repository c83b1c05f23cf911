"""Attribution: which province speaks or is spoken of, which roles it is designated
toward which regions, which partners it engages, and what kind of document it is."""
