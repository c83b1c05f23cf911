"""Fitting the role and event classifiers for a lexicon whose annotations differ from those
of the shipped models (once per content; the result is cached). The training modules are
imported only here and only when called, so that a command that loads the shipped models
never imports scikit-learn; the model modules below take these as their ``fit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebook.attribute.event_model import StoredEventClassifier
    from phrasebook.attribute.role_model import StoredRoleClassifier
    from phrasebook.lexicon import Lexicon
    from phrasebook.tagger import Tagger


def fit_roles(tagger: Tagger) -> StoredRoleClassifier:
    from phrasebook.attribute.role_classifier import train_role_model

    return train_role_model(tagger)


def fit_events(lexicon: Lexicon) -> StoredEventClassifier:
    from phrasebook.attribute.event_classifier import train_event_model

    return train_event_model(lexicon)
